import { DEFAULT_PER_PAGE } from './constants.js';
import { can, paramText, type Req } from './context.js';
import { asJson, halt, internalError, JSON_TYPE, NO_METHOD_MESSAGE, type Reply } from './errors.js';
import type { ParamValue } from './params.js';
import { blank, rubyInteger, rubyToI } from './params.js';
import { Lru } from '../../lru.js';
import { compileOrder, compileSearchTimed, type SearchDefinition } from './search.js';
import { answerBody, type AnswerBody } from '../../http/answer-bytes.js';

/**
 * The index action every collection shares: scope → `search` → `order` → will_paginate → the
 * `{total, subtotal, page, per_page, search, sort, results}` envelope, as Foreman's base controller
 * and index layout produce it.
 */
export interface IndexSpec<R extends object, X> {
  readonly def: SearchDefinition<R, X>;
  /** Rows visible in this scope, in the order used when `order` is absent. */
  readonly scope: readonly R[];
  /** Identifies the scope for the result cache (same key and data versions, same rows). */
  readonly cacheKey: string;
  readonly render: (row: R) => unknown;
  /** `JSON.stringify(render(row))`, faster (optional). */
  readonly renderJson?: (row: R) => string;
  /** The controller name, for `include_permissions` (`can_create`, `can_edit`). */
  readonly permissionResource: string;
  /** `order` when the request has none (roles set `name`). */
  readonly defaultOrderParam?: string;
  /**
   * Rows that may match a search, in scope order and within the scope (a superset of the matches), or
   * null to test the whole scope (optional).
   */
  readonly candidates?: (search: string) => readonly R[] | null;
  /** Whole answers kept for repeated requests (optional). */
  readonly responses?: ResponseCache;
}

interface CacheEntry {
  readonly at: number;
  /** The search reads the current time: the entry expires. */
  readonly timed: boolean;
  readonly rows: readonly object[];
}

/** Search results by scope, query and order, of the tables' current versions (and for a few seconds: relative dates). */
const CACHE_TTL_MS = 5_000;
const CACHE_SIZE = 16;

export class ResultCache {
  private readonly entries = new Lru<string, CacheEntry>({ entries: CACHE_SIZE, product: 'foreman' });

  get(key: string, versions: string, now: number): readonly object[] | undefined {
    this.entries.keepOnly(versions);
    const e = this.entries.get(key);
    if (!e || (e.timed && now - e.at > CACHE_TTL_MS)) return undefined;
    return e.rows;
  }

  set(key: string, versions: string, now: number, rows: readonly object[], timed = true): void {
    this.entries.keepOnly(versions);
    this.entries.set(key, { at: now, timed, rows });
  }

  clear(): void {
    this.entries.clear();
  }
}

interface ResponseEntry {
  readonly at: number;
  readonly timed: boolean;
  readonly body: AnswerBody;
}

/**
 * Index answers by scope and parameters (`answerBody`), of the tables' current versions (and, for searches
 * that read the current time, for as long as their rows would be). Bounded in count and bytes.
 */
export class ResponseCache {
  private readonly entries = new Lru<string, ResponseEntry>({ entries: 512, weight: 8 << 20, weigh: (_key, e) => e.body.length, product: 'foreman' });

  get(key: string, versions: string, now: number): AnswerBody | undefined {
    this.entries.keepOnly(versions);
    const e = this.entries.get(key);
    if (!e || (e.timed && now - e.at > CACHE_TTL_MS)) return undefined;
    return e.body;
  }

  set(key: string, versions: string, entry: ResponseEntry): void {
    this.entries.keepOnly(versions);
    this.entries.set(key, entry);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A paging or search parameter that must be text (Rails would raise on a hash or list). */
function textParam(v: ParamValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  const text = paramText(v);
  if (text === undefined) halt(internalError(NO_METHOD_MESSAGE));
  return text;
}

export function versionsOf(req: Req): string {
  const m = req.model;
  return `${m.users.version}.${m.usergroups.version}.${m.roles.version}.${m.taxonomies.version}.${m.authSources.version}`;
}

export function renderIndex<R extends object, X>(req: Req, spec: IndexSpec<R, X>, cache: ResultCache): Reply {
  const params = req.params;
  const searchRaw = params.get('search');
  const search = textParam(searchRaw);
  let order = textParam(params.get('order'));
  if (order === undefined && spec.defaultOrderParam !== undefined) order = spec.defaultOrderParam;
  const pageText = textParam(params.get('page'));
  const perPageText = textParam(params.get('per_page'));

  const rootParam = paramText(params.get('root_name'));
  const root = rootParam !== undefined && rootParam.trim() !== '' ? rootParam : 'results';
  const withPermissions = params.has('include_permissions');

  // a repeated request: the same scope, parameters and data give the same bytes
  let responseKey: string | undefined;
  const versions = versionsOf(req);
  if (spec.responses) {
    const searchKey = searchRaw === undefined ? 'u' : searchRaw === null ? 'n' : `${blank(searchRaw) ? 'b' : 't'}${search}`;
    const permissionsKey = withPermissions ? `${can(req, `create_${spec.permissionResource}`)},${can(req, `edit_${spec.permissionResource}`)}` : '-';
    responseKey = [spec.cacheKey, searchKey, order ?? '\u0001', pageText ?? '\u0001', perPageText ?? '\u0001', root, permissionsKey].join('\u0000');
    const hit = spec.responses.get(responseKey, versions, req.now);
    if (hit) return { status: 200, body: hit, type: JSON_TYPE };
  }

  // scoped_search first (400), then will_paginate's page number (500)
  const compiled = search === undefined ? null : compileSearchTimed(spec.def, search, req.now);
  const matcher = compiled ? compiled.matcher : null;
  const timed = compiled ? compiled.readsTime : false;
  const sorter = compileOrder(spec.def, order);
  const all = perPageText === 'all';
  let page = 1;
  if (!all && pageText !== undefined) {
    const parsed = rubyInteger(pageText);
    if ('error' in parsed) halt(internalError(parsed.error));
    if (parsed.value < 1) halt(internalError(`invalid page: ${parsed.value}`));
    page = parsed.value;
  }
  const limit = perPageText === undefined ? DEFAULT_PER_PAGE : rubyToI(perPageText);
  if (!all && limit < 0) halt(internalError('PG::InvalidRowCountInLimitClause: ERROR:  LIMIT must not be negative\n'));

  let rows: readonly R[] = spec.scope;
  if (matcher || sorter) {
    const key = `${spec.cacheKey}\u0000${search ?? ''}\u0000${order ?? ''}`;
    const cached = cache.get(key, versions, req.now) as readonly R[] | undefined;
    if (cached) rows = cached;
    else {
      let matched: R[];
      if (matcher) {
        matched = [];
        const source = (search !== undefined && spec.candidates?.(search)) || spec.scope;
        for (const r of source) if (matcher(r)) matched.push(r);
      } else matched = spec.scope.slice();
      rows = sorter ? sorter.sort(matched) : matched;
      cache.set(key, versions, req.now, rows, timed);
    }
  }

  const total = spec.scope.length;
  const subtotal = !blank(searchRaw) ? rows.length : total;
  const offset = (page - 1) * limit;
  const results = all ? rows : rows.slice(offset, offset + limit);

  const metaPage = pageText !== undefined && pageText.trim() !== '' ? rubyToI(pageText) : 1;
  const metaPerPage = perPageText === undefined || perPageText.trim() === '' ? DEFAULT_PER_PAGE : all ? total : rubyToI(perPageText);
  const words = order !== undefined && order.trim() !== '' ? order.trim().split(/\s+/) : [];

  let body = '{\n';
  body += `  "total": ${total},\n`;
  body += `  "subtotal": ${subtotal},\n`;
  body += `  "page": ${metaPage},\n`;
  body += `  "per_page": ${metaPerPage},\n`;
  body += `  "search": ${asJson(searchRaw === undefined || searchRaw === null ? null : search)},\n`;
  if (withPermissions) {
    body += `  "can_create": ${can(req, `create_${spec.permissionResource}`)},"can_edit": ${can(req, `edit_${spec.permissionResource}`)},\n`;
  }
  body += '  "sort": {\n';
  body += `    "by": ${asJson(words[0] ?? null)},\n`;
  body += `    "order": ${asJson(words.length ? words[1] ?? 'ASC' : null)}\n`;
  body += '  },\n';
  body += `  ${JSON.stringify(root)}: ${renderRows(results, spec)}\n}\n`;
  if (spec.responses && responseKey !== undefined) {
    const kept = answerBody(body);
    spec.responses.set(responseKey, versions, { at: req.now, timed, body: kept });
    return { status: 200, body: kept, type: JSON_TYPE };
  }
  return { status: 200, body, type: JSON_TYPE };
}


function renderRows<R extends object, X>(rows: readonly R[], spec: IndexSpec<R, X>): string {
  const one = spec.renderJson;
  if (!one) return JSON.stringify(rows.map(spec.render));
  if (!rows.length) return '[]';
  let out = '[';
  for (let i = 0; i < rows.length; i++) out += (i ? ',' : '') + one(rows[i]);
  return `${out}]`;
}
