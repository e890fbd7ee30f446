import type { Deps } from './deps.js';
import { extraKey, invalidValue, mandatory, sdpText, typeMismatch } from './errors.js';
import type { FieldSpec, FieldTable, Scalar } from './fields.js';
import { isJsonObject, type Json, type JsonObject } from './lenient-json.js';
import { compareCi } from './model.js';
import type { RouteContext } from './router.js';
import { answerBody } from '../../http/answer-bytes.js';

/**
 * `GET` on a collection: `input_data={"list_info": {...}, "fields_required": [...]}` in the query string.
 * list_info pages (1-based `start_index`, `row_count` up to 100), sorts (`sort_field`, `sort_order`),
 * counts (`get_total_count`), and searches (`search_fields` — every key must match, text by
 * case-insensitive substring — and `search_criteria`, a tree of field/condition/value(s) items joined by
 * `logical_operator`, with `children` as a parenthesised group).
 */

const MAX_ROW_COUNT = 100;
const DEFAULT_ROW_COUNT = 10;

type Pred<R> = (row: R) => boolean;

export interface ListSource<R> {
  /** Names the source in cache keys. */
  readonly key: string;
  readonly fields: FieldTable<R>;
  /** Keys `fields_required` may name. */
  readonly outputFields: ReadonlySet<string>;
  /** Changes whenever a row does (the table's version). */
  version(): number;
  /** Every row, ascending by id. */
  byId(): readonly R[];
  /** Ascending orders kept ready for some sort fields. */
  readonly presorted: Readonly<Record<string, () => readonly R[]>>;
  /**
   * Substring indexes of some text fields, answering in id order a superset of the rows a
   * case-insensitive `contains` of a printable-ASCII needle matches (the predicate then decides).
   */
  readonly containsIndex?: Readonly<Record<string, { contains(needle: string): readonly R[] }>>;
}

export interface ListQuery<R> {
  readonly start: number;
  readonly rowCount: number;
  readonly sortField: string | undefined;
  readonly desc: boolean;
  readonly wantTotal: boolean;
  readonly filter: Pred<R> | undefined;
  readonly filterKey: string;
  readonly fieldsRequired: readonly string[] | undefined;
  /** The request's list_info keys in their order, with the values the answer echoes. */
  readonly echo: ReadonlyArray<readonly [string, unknown]>;
  /** Rows in id order that include every match of the filter, when an index can tell (fewer than all). */
  readonly candidates: (() => readonly R[]) | undefined;
}

export interface ListPage<R> {
  readonly rows: readonly R[];
  readonly total: number;
  readonly hasMore: boolean;
}

/** list_info keys a client may send back from an earlier answer; they are recomputed, not echoed. */
const IGNORED_LIST_INFO_KEYS = new Set(['has_more_rows', 'total_count']);

function toInt(v: Json | undefined): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d{1,15}\s*$/.test(v)) return Number(v);
  return undefined;
}

function toBool(v: Json | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
}

function isScalar(v: Json | undefined): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

export function parseListInput<R>(input: JsonObject | undefined, source: ListSource<R>): ListQuery<R> {
  let listInfo: JsonObject | undefined;
  let fieldsRequired: string[] | undefined;
  for (const key of Object.keys(input ?? {})) {
    const v = input![key];
    if (key === 'list_info') {
      if (!isJsonObject(v)) throw typeMismatch('list_info');
      listInfo = v;
    } else if (key === 'fields_required') {
      if (!Array.isArray(v) || !v.every((f) => typeof f === 'string')) throw typeMismatch('fields_required');
      for (const f of v as string[]) if (!source.outputFields.has(f)) throw invalidValue('fields_required', `Invalid field given in fields_required : ${f}`);
      fieldsRequired = v as string[];
    } else throw extraKey(key);
  }

  let start = 1;
  let rowCount = DEFAULT_ROW_COUNT;
  let sortField: string | undefined;
  let desc = false;
  let wantTotal = false;
  const filters: Array<Pred<R>> = [];
  const echo: Array<[string, unknown]> = [];
  for (const key of Object.keys(listInfo ?? {})) {
    const v = listInfo![key];
    switch (key) {
      case 'start_index': {
        const n = toInt(v);
        if (n === undefined || n < 1) throw invalidValue('start_index');
        start = n;
        echo.push([key, n]);
        break;
      }
      case 'row_count': {
        const n = toInt(v);
        if (n === undefined || n < 1) throw invalidValue('row_count');
        rowCount = Math.min(n, MAX_ROW_COUNT);
        echo.push([key, n]);
        break;
      }
      case 'sort_field': {
        const spec = typeof v === 'string' ? field(source.fields, v) : undefined;
        if (!spec || spec.multi) throw invalidValue('sort_field');
        sortField = v as string;
        echo.push([key, v]);
        break;
      }
      case 'sort_order': {
        const order = typeof v === 'string' ? v.trim().toLowerCase() : '';
        if (order !== 'asc' && order !== 'desc') throw invalidValue('sort_order');
        desc = order === 'desc';
        echo.push([key, v]);
        break;
      }
      case 'get_total_count': {
        const b = toBool(v);
        if (b === undefined) throw typeMismatch('get_total_count');
        wantTotal = b;
        echo.push([key, String(b)]);
        break;
      }
      case 'search_fields':
        filters.push(compileSearchFields(v, source.fields));
        echo.push([key, v]);
        break;
      case 'search_criteria': {
        const p = compileCriteria(v, source.fields);
        if (p) filters.push(p);
        echo.push([key, v]);
        break;
      }
      default:
        if (!IGNORED_LIST_INFO_KEYS.has(key)) throw extraKey(key);
    }
  }
  const filter: Pred<R> | undefined =
    filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : (row) => filters.every((f) => f(row));
  const filterKey = filter ? JSON.stringify([listInfo!.search_fields ?? null, listInfo!.search_criteria ?? null]) : '';
  const candidates = filter && (sortField === undefined || sortField === 'id') ? indexedCandidates(listInfo!, source) : undefined;
  return { start, rowCount, sortField, desc, wantTotal, filter, filterKey, fieldsRequired, echo, candidates };
}

/** Needles the substring indexes serve: printable ASCII of three characters or more. */
const INDEXABLE = /^[\x20-\x7e]{3,}$/;

/**
 * Candidates for an already validated filter from one `contains` on an indexed field that every match
 * must satisfy: a single search_criteria item (no children, one `value`), or a search_fields entry.
 */
function indexedCandidates<R>(listInfo: JsonObject, source: ListSource<R>): (() => readonly R[]) | undefined {
  const indexes = source.containsIndex;
  if (!indexes) return undefined;
  const lookup = (name: unknown, value: unknown) =>
    typeof name === 'string' && Object.prototype.hasOwnProperty.call(indexes, name) && typeof value === 'string' && INDEXABLE.test(value)
      ? () => indexes[name].contains(value)
      : undefined;
  const criteria = listInfo.search_criteria;
  const item = Array.isArray(criteria) ? (criteria.length === 1 ? criteria[0] : undefined) : criteria;
  if (isJsonObject(item) && item.children === undefined && item.values === undefined && typeof item.condition === 'string' && item.condition.trim().toLowerCase() === 'contains') {
    const found = lookup(item.field, item.value);
    if (found) return found;
  }
  const fields = listInfo.search_fields;
  if (isJsonObject(fields)) {
    for (const name of Object.keys(fields)) {
      const found = lookup(name, fields[name]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The answer's list_info: the request's keys echoed, then what the server adds. */
export function listInfoOut<R>(q: ListQuery<R>, page: ListPage<R>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of q.echo) out[k] = k === 'row_count' ? page.rows.length : v;
  out.has_more_rows = page.hasMore;
  if (!('start_index' in out)) out.start_index = q.start;
  if (!('row_count' in out)) out.row_count = page.rows.length;
  if (q.wantTotal) out.total_count = page.total;
  return out;
}

function field<R>(fields: FieldTable<R>, name: string): FieldSpec<R> | undefined {
  return Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
}

function compileSearchFields<R>(v: Json | undefined, fields: FieldTable<R>): Pred<R> {
  if (!isJsonObject(v)) throw typeMismatch('search_fields');
  const preds: Array<Pred<R>> = [];
  for (const name of Object.keys(v)) {
    const spec = field(fields, name);
    if (!spec) throw invalidValue('search_fields', `Invalid field given in search_fields : ${name}`);
    const value = v[name];
    if (!isScalar(value)) throw typeMismatch(name);
    // text matches by substring; numbers and flags must be equal
    preds.push(leaf(spec, spec.kind === 'string' ? 'contains' : 'is', [value], name));
  }
  return (row) => preds.every((p) => p(row));
}

type Condition = 'is' | 'is not' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'not between' | 'starts with' | 'ends with' | 'contains' | 'not contains';

const CONDITIONS: ReadonlyMap<string, Condition> = new Map([
  ['is', 'is'], ['=', 'is'], ['eq', 'is'],
  ['is not', 'is not'], ['!=', 'is not'], ['neq', 'is not'],
  ['greater than', 'gt'], ['gt', 'gt'], ['>', 'gt'],
  ['greater or equal', 'gte'], ['gte', 'gte'], ['>=', 'gte'],
  ['lesser than', 'lt'], ['lt', 'lt'], ['<', 'lt'],
  ['lesser or equal', 'lte'], ['lte', 'lte'], ['<=', 'lte'],
  ['between', 'between'], ['not between', 'not between'],
  ['starts with', 'starts with'], ['ends with', 'ends with'],
  ['contains', 'contains'], ['not contains', 'not contains'],
] as Array<[string, Condition]>);

const NEGATED: ReadonlyMap<Condition, Condition> = new Map([
  ['is not', 'is'],
  ['not between', 'between'],
  ['not contains', 'contains'],
] as Array<[Condition, Condition]>);

const CRITERIA_KEYS = new Set(['field', 'condition', 'value', 'values', 'logical_operator', 'children']);

/** A criteria tree (one item or a list) as a predicate; undefined for an empty list. */
function compileCriteria<R>(v: Json | undefined, fields: FieldTable<R>): Pred<R> | undefined {
  const items = Array.isArray(v) ? v : [v ?? null];
  if (items.length === 0) return undefined;
  return fold(items, fields);
}

/** Items joined left to right, each by its own logical_operator to what precedes it (`initial`, if any). */
function fold<R>(items: readonly Json[], fields: FieldTable<R>, initial?: Pred<R>): Pred<R> {
  let acc = initial;
  for (const it of items) {
    if (!isJsonObject(it)) throw typeMismatch('search_criteria');
    const p = compileItem(it, fields);
    const op = it.logical_operator === undefined ? 'AND' : typeof it.logical_operator === 'string' ? it.logical_operator.trim().toUpperCase() : '';
    if (op !== 'AND' && op !== 'OR') throw invalidValue('logical_operator');
    const prev = acc;
    acc = !prev ? p : op === 'OR' ? (row) => prev(row) || p(row) : (row) => prev(row) && p(row);
  }
  return acc!;
}

function compileItem<R>(it: JsonObject, fields: FieldTable<R>): Pred<R> {
  for (const k of Object.keys(it)) if (!CRITERIA_KEYS.has(k)) throw extraKey(k);
  if (typeof it.field !== 'string' || !it.field) throw mandatory('field');
  if (typeof it.condition !== 'string' || !it.condition) throw mandatory('condition');
  const spec = field(fields, it.field);
  if (!spec) throw invalidValue('field', `Invalid field given in search_criteria : ${it.field}`);
  const condition = CONDITIONS.get(it.condition.trim().toLowerCase());
  if (!condition) throw invalidValue('condition', `Invalid condition : ${it.condition}`);
  let values: Array<Scalar>;
  if (it.values !== undefined) {
    if (!Array.isArray(it.values) || it.values.length === 0 || !it.values.every((x) => x === null || isScalar(x))) throw typeMismatch('values');
    values = it.values as Scalar[];
  } else if (it.value !== undefined) {
    if (it.value !== null && !isScalar(it.value)) throw typeMismatch('value');
    values = [it.value];
  } else throw mandatory('value');
  const self = leaf(spec, condition, values, it.field);
  if (it.children === undefined) return self;
  if (!Array.isArray(it.children)) throw typeMismatch('children');
  // the children continue the item's own expression, as one parenthesised group
  return fold(it.children, fields, self);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One condition on one field; negated conditions hold when no value of the row satisfies the positive one. */
function leaf<R>(spec: FieldSpec<R>, condition: Condition, values: readonly Scalar[], name: string): Pred<R> {
  const positive = NEGATED.get(condition);
  const test = scalarTest(spec.kind, positive ?? condition, values, name);
  const any = spec.multi
    ? (row: R) => {
        const vs = spec.get(row) as readonly Scalar[];
        if (vs.length === 0) return test(null);
        for (const x of vs) if (test(x)) return true;
        return false;
      }
    : (row: R) => test(spec.get(row) as Scalar);
  return positive ? (row) => !any(row) : any;
}

function scalarTest(kind: FieldSpec<unknown>['kind'], condition: Condition, values: readonly Scalar[], name: string): (v: Scalar) => boolean {
  const matchNull = values.some((v) => v === null || v === '');
  const given = values.filter((v): v is string | number | boolean => v !== null && v !== '');
  if (kind === 'string') {
    const alternatives = given.map((v) => escapeRe(String(v))).join('|');
    let re: RegExp;
    switch (condition) {
      case 'is':
        re = new RegExp(`^(?:${alternatives})$`, 'iu');
        break;
      case 'contains':
        re = new RegExp(`(?:${alternatives})`, 'iu');
        break;
      case 'starts with':
        re = new RegExp(`^(?:${alternatives})`, 'iu');
        break;
      case 'ends with':
        re = new RegExp(`(?:${alternatives})$`, 'iu');
        break;
      default:
        throw invalidValue('condition', `Condition ${condition} is not applicable to ${name}`);
    }
    if (given.length === 0) return condition === 'is' ? (v) => v === null || v === '' : () => false;
    return (v) => (v === null || v === '' ? matchNull && condition === 'is' : re.test(v as string));
  }
  if (kind === 'boolean') {
    if (condition !== 'is') throw invalidValue('condition', `Condition ${condition} is not applicable to ${name}`);
    const wanted = given.map((v) => (typeof v === 'boolean' ? v : String(v).trim().toLowerCase() === 'true' ? true : String(v).trim().toLowerCase() === 'false' ? false : undefined));
    if (wanted.some((w) => w === undefined)) throw invalidValue('value');
    return (v) => wanted.includes(v as boolean);
  }
  const nums = given.map((v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : NaN));
  if (nums.some((n) => Number.isNaN(n))) throw invalidValue('value');
  const first = nums[0];
  switch (condition) {
    case 'is': {
      const set = new Set(nums);
      return (v) => (v === null ? matchNull : set.has(v as number));
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (first === undefined) throw mandatory('value');
      return (v) =>
        v !== null && (condition === 'gt' ? (v as number) > first : condition === 'gte' ? (v as number) >= first : condition === 'lt' ? (v as number) < first : (v as number) <= first);
    case 'between': {
      if (nums.length !== 2) throw invalidValue('values', 'between needs two values');
      const [lo, hi] = nums[0] <= nums[1] ? nums : [nums[1], nums[0]];
      return (v) => v !== null && (v as number) >= lo && (v as number) <= hi;
    }
    default:
      throw invalidValue('condition', `Condition ${condition} is not applicable to ${name}`);
  }
}

/**
 * Runs list queries with a small cache of filtered and sorted results keyed by the source's version,
 * so paging through a search scans the rows once.
 */
export class ListRunner {
  private readonly cache = new Map<string, readonly unknown[]>();
  private static readonly CAPACITY = 8;

  clear(): void {
    this.cache.clear();
  }

  run<R>(q: ListQuery<R>, source: ListSource<R>): ListPage<R> {
    const ordered = q.sortField ? this.sorted(source, q.sortField) : source.byId();
    const matches = q.filter ? this.filtered(source, q, ordered) : ordered;
    const total = matches.length;
    const from = q.start - 1;
    const count = Math.max(0, Math.min(q.rowCount, total - from));
    const rows: R[] = new Array(count);
    for (let i = 0; i < count; i++) rows[i] = q.desc ? matches[total - 1 - from - i] : matches[from + i];
    return { rows, total, hasMore: from + count < total };
  }

  private remember<R>(key: string, make: () => readonly R[]): readonly R[] {
    const hit = this.cache.get(key) as readonly R[] | undefined;
    if (hit) return hit;
    const value = make();
    if (this.cache.size >= ListRunner.CAPACITY) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, value);
    return value;
  }

  private sorted<R>(source: ListSource<R>, name: string): readonly R[] {
    const ready = Object.prototype.hasOwnProperty.call(source.presorted, name) ? source.presorted[name] : undefined;
    if (ready) return ready();
    const spec = source.fields[name];
    return this.remember(`${source.key}|${source.version()}|sort|${name}`, () => {
      const keyed = source.byId().map((row) => ({ row, k: spec.get(row) as Scalar }));
      // stable sort over id order: ties stay by id; empty values go last
      keyed.sort((a, b) => compareScalars(a.k, b.k));
      return keyed.map((e) => e.row);
    });
  }

  private filtered<R>(source: ListSource<R>, q: ListQuery<R>, ordered: readonly R[]): readonly R[] {
    return this.remember(`${source.key}|${source.version()}|${q.sortField ?? ''}|${q.filterKey}`, () => (q.candidates ? q.candidates() : ordered).filter(q.filter!));
  }
}

function compareScalars(a: Scalar, b: Scalar): number {
  if (a === null || a === '') return b === null || b === '' ? 0 : 1;
  if (b === null || b === '') return -1;
  if (typeof a === 'string' && typeof b === 'string') return compareCi(a, b);
  return Number(a) - Number(b);
}

/**
 * A list answer from the response cache when the same route was asked the same `input_data` since the
 * data last changed; otherwise built (from the parsed input) and remembered. GET reads `input_data` only
 * from the query string, so the raw parameter identifies the request.
 */
export function cachedList(d: Deps, ctx: RouteContext, route: string, build: (input: JsonObject | undefined) => string): Response {
  const raw = ctx.c.req.query('input_data');
  const key = raw === undefined ? route : `${route}?${raw}`;
  const version = d.dataVersion();
  const hit = d.responses.get(key, version);
  if (hit !== undefined) return sdpText(hit);
  const input = ctx.queryInput();
  const body = answerBody(build(input));
  d.responses.set(key, version, body);
  return sdpText(body);
}
