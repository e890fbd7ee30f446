import { sqlDateTime } from '../../sql-date-time.js';
import { mergeSorted } from '../../store/merge-sorted.js';
import { READ } from './builtins.js';
import type { Ctx, ItemType } from './context.js';
import { ApiError, err } from './errors.js';
import type { Reply } from './http.js';
import { byNameThenId, type Cell, type Model, type Rec } from './model.js';
import { flag, intval, isDict, isNumeric, PhpMap, type Dict } from './php.js';
import { parseRange, rangeAnswer } from './paging.js';
import { searchOptions, type OptionSet, type SearchOption } from './search-options.js';
import { entityVisible, viewsAllEntities, type Session } from './sessions.js';
import { compareCells, fold, likeMatcher, textSearchValue } from './text.js';

/**
 * The search engine behind `search/<Itemtype>`: criteria (with AND / OR / NOT links and nested
 * groups, evaluated with SQL precedence and three-valued logic), the displayed columns, sorting by
 * option, paging with `range`, and the answer's `totalcount` / `count` / `data` / `content-range`.
 */

type Tri = boolean | null;
const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === null || b === null ? null : true);
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === null || b === null ? null : false);
const not = (a: Tri): Tri => (a === null ? null : !a);

interface Node {
  op: 'AND' | 'OR';
  negate: boolean;
  test(row: Rec): Tri;
}

const LINKS: Record<string, { op: 'AND' | 'OR'; negate: boolean }> = {
  AND: { op: 'AND', negate: false },
  OR: { op: 'OR', negate: false },
  'AND NOT': { op: 'AND', negate: true },
  'OR NOT': { op: 'OR', negate: true },
};

/** Evaluates a criteria sequence with SQL precedence: AND binds tighter than OR. */
function evaluate(nodes: readonly Node[], row: Rec): Tri {
  let result: Tri = false;
  let chain: Tri = true;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    let v = n.test(row);
    if (n.negate) v = not(v);
    if (i === 0) chain = v;
    else if (n.op === 'AND') chain = and(chain, v);
    else {
      result = or(result, chain);
      chain = v;
    }
  }
  return or(result, chain);
}

/** A value as MySQL casts it to a number ('12abc' → 12, 'abc' → 0). */
function sqlNumber(v: string): number {
  const m = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)/.exec(v);
  return m ? Number(m[0]) : 0;
}

function compareOp(op: string, a: number | string, b: number | string): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
    case '=<':
      return a <= b;
    case '>=':
    case '=>':
      return a >= b;
    case '=':
      return a === b;
    default:
      return a === b;
  }
}

/** The product's generic date values: NOW, TODAY, BEGINMONTH, BEGINYEAR, -3DAY, -1MONTH… */
function resolveDate(value: string, now: Date): string | undefined {
  const v = value.trim().toUpperCase();
  const day = (d: Date) => `${sqlDateTime(d).slice(0, 10)} 00:00:00`;
  if (v === 'NOW') return sqlDateTime(now);
  if (v === 'TODAY') return day(now);
  if (v === 'BEGINMONTH') return `${sqlDateTime(now).slice(0, 7)}-01 00:00:00`;
  if (v === 'BEGINYEAR') return `${sqlDateTime(now).slice(0, 4)}-01-01 00:00:00`;
  const rel = /^([+-]?\d+)(MINUTE|HOUR|DAY|WEEK|MONTH|YEAR)$/.exec(v);
  if (rel) {
    const n = Number(rel[1]);
    const d = new Date(now.getTime());
    if (rel[2] === 'MINUTE') d.setUTCMinutes(d.getUTCMinutes() + n);
    if (rel[2] === 'HOUR') d.setUTCHours(d.getUTCHours() + n);
    if (rel[2] === 'DAY') d.setUTCDate(d.getUTCDate() + n);
    if (rel[2] === 'WEEK') d.setUTCDate(d.getUTCDate() + 7 * n);
    if (rel[2] === 'MONTH') d.setUTCMonth(d.getUTCMonth() + n);
    if (rel[2] === 'YEAR') d.setUTCFullYear(d.getUTCFullYear() + n);
    return rel[2] === 'MINUTE' || rel[2] === 'HOUR' ? sqlDateTime(d) : day(d);
  }
  const abs = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?$/.exec(value.trim());
  if (abs) return `${abs[1]} ${(abs[2] ?? '00:00:00').padEnd(8, ':00')}`;
  return undefined;
}

/** One criterion as a row test. */
function criterionTest(m: Model, now: Date, opt: SearchOption, searchtype: string, value: string): (row: Rec) => Tri {
  const negated = searchtype === 'notcontains' || searchtype === 'notequals' || searchtype === 'notunder';

  if (['equals', 'notequals', 'under', 'notunder'].includes(searchtype)) {
    const n = sqlNumber(value);
    if (opt.linkedIds) {
      const under = searchtype === 'under' || searchtype === 'notunder';
      const nullMatches = (!negated && n === 0) || (negated && n !== 0);
      const set = under && opt.tree ? opt.tree(m).sonsOf(n) : new Set([n]);
      const none: Tri = nullMatches ? true : null;
      if (opt.linkedScan) return semiJoin(m, opt, (id) => set.has(id) !== negated, none);
      return (row) => {
        const ids = opt.linkedIds!(m, row);
        if (!ids.length) return none;
        let acc: Tri = false;
        for (const id of ids) acc = or(acc, set.has(id) !== negated);
        return acc;
      };
    }
    const wanted = opt.kind === 'datetime' ? (resolveDate(value, now) ?? value) : value;
    const folded = fold(value.trimEnd());
    return (row) => {
      const v = opt.values(m, row)[0] ?? null;
      if (v === null) return null;
      let eq: boolean;
      if (opt.kind === 'number' || opt.kind === 'bool') eq = Number(v) === n;
      else if (opt.kind === 'datetime') eq = v === wanted;
      else eq = fold(String(v).trimEnd()) === folded;
      return eq !== negated;
    };
  }

  if ((searchtype === 'lessthan' || searchtype === 'morethan') && (opt.kind === 'datetime' || opt.kind === 'number')) {
    const op = searchtype === 'lessthan' ? '<' : '>';
    const target: string | number | undefined = opt.kind === 'datetime' ? resolveDate(value, now) : isNumeric(value) ? Number(value) : undefined;
    return (row) => {
      const v = opt.values(m, row)[0] ?? null;
      if (v === null || target === undefined) return null;
      return compareOp(op, opt.kind === 'number' ? Number(v) : String(v), target);
    };
  }

  // contains / notcontains (and any other searchtype: the engine falls back to a text search)
  if (opt.kind === 'number' || opt.kind === 'bool') {
    let val = value;
    if (opt.kind === 'bool' && !isNumeric(val)) val = /^no$/i.test(val) ? '0' : /^yes$/i.test(val) ? '1' : val;
    const cmp = /([<>])(=*)\s*(\d+)/.exec(val.replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    if (cmp) {
      const op = (negated ? (cmp[1] === '<' ? '>' : '<') : cmp[1]) + cmp[2];
      const n = Number(cmp[3]);
      return (row) => anyValue(opt.values(m, row), (v) => compareOp(op, Number(v), n));
    }
    if (isNumeric(val)) {
      const n = intval(val);
      return (row) => anyValue(opt.values(m, row), (v) => (Number(v) === n) !== negated);
    }
  }
  if (opt.kind === 'datetime') {
    const cmp = /^\s*([<>=]+)(.*)$/.exec(value.replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    if (cmp) {
      const target = resolveDate(cmp[2], now);
      return (row) => {
        if (target === undefined) return false;
        return anyValue(opt.values(m, row), (v) => compareOp(cmp[1], String(v), target) !== negated);
      };
    }
  }
  return textCriterion(m, opt, value, negated);
}

/** Existential test over a row's values (no value = one NULL), three-valued. */
function anyValue(values: Cell[], test: (v: Cell & {}) => boolean): Tri {
  if (!values.length) return null;
  let acc: Tri = false;
  for (const v of values) acc = or(acc, v === null ? null : test(v));
  return acc;
}

/** `makeTextCriteria`: LIKE / NOT LIKE with the product's NULL handling. */
function textCriterion(m: Model, opt: SearchOption, raw: string, negated: boolean): (row: Rec) => Tri {
  const pattern = textSearchValue(raw);
  const isNullWord = raw.toLowerCase() === 'null';
  const orNull = (negated && !isNullWord && raw !== '^$') || (!negated && raw === '^$');
  const match = pattern === null ? undefined : likeMatcher(pattern);
  const test = (v: Cell): Tri => {
    if (match === undefined) return (v === null) !== negated || v === '';
    if (v === null) return orNull ? true : null;
    return match(fold(typeof v === 'string' ? v : String(v))) !== negated;
  };
  if (opt.single) {
    const single = opt.single;
    return (row) => test(single(row));
  }
  if (opt.linkedScan) return semiJoin(m, opt, (_id, v) => test(v), test(null));
  return (row) => {
    const values = opt.values(m, row);
    if (!values.length) return test(null);
    let acc: Tri = false;
    for (const v of values) acc = or(acc, test(v));
    return acc;
  };
}

/**
 * Decides a criterion on a many-valued option for every row in one pass over the linked rows
 * (any linked value matching decides, as the product's join does); rows with no link get `none`.
 */
function semiJoin(m: Model, opt: SearchOption, test: (id: number, value: Cell) => Tri, none: Tri): (row: Rec) => Tri {
  let verdicts: Map<number, Tri> | undefined;
  return (row) => {
    if (!verdicts) {
      const acc = new Map<number, Tri>();
      opt.linkedScan!(m, (owner, id, value) => acc.set(owner, or(acc.get(owner) ?? false, test(id, value))));
      verdicts = acc;
    }
    const v = verdicts.get(row.id);
    return v === undefined ? none : v;
  };
}

/** Criteria as a list (PHP arrays from the query string arrive as arrays or numbered maps). */
function entries(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isDict(v)) return Object.keys(v).map((k) => v[k]);
  return [];
}

/** The API's own validation of criteria, before any search runs. */
function validate(list: unknown, set: OptionSet): void {
  for (const c of entries(list)) {
    if (!isDict(c)) throw err.generic('Malformed search criteria');
    if (c.criteria !== undefined) {
      validate(c.criteria, set);
      continue;
    }
    if (c.field === undefined || c.searchtype === undefined || c.value === undefined || c.field === null || c.value === null) throw err.generic('Malformed search criteria');
    const field = typeof c.field === 'string' || typeof c.field === 'number' ? String(c.field) : '';
    if (!/^\d+$/.test(field) || !set.byId.has(Number(field))) throw err.generic('Bad field ID in search criteria');
    if (set.byId.get(Number(field))!.nosearch) throw err.generic('Forbidden field ID in search criteria');
  }
}

function build(m: Model, now: Date, list: unknown, set: OptionSet): Node[] {
  const nodes: Node[] = [];
  for (const c of entries(list) as Dict[]) {
    const link = LINKS[typeof c.link === 'string' ? c.link : ''] ?? LINKS.AND;
    if (c.criteria !== undefined) {
      const inner = build(m, now, c.criteria, set);
      if (inner.length) nodes.push({ ...link, test: (row) => evaluate(inner, row) });
      continue;
    }
    if (flag(c.meta, false)) continue;
    const value = typeof c.value === 'string' ? c.value : typeof c.value === 'number' || typeof c.value === 'boolean' ? String(c.value === true ? 1 : c.value === false ? '' : c.value) : '';
    if (value.length === 0) continue;
    const opt = set.byId.get(Number(c.field))!;
    nodes.push({ ...link, test: criterionTest(m, now, opt, typeof c.searchtype === 'string' ? c.searchtype : '', value) });
  }
  return nodes;
}

/** Option ids the criteria add to the view; like the product, a nested group ends the walk. */
function criteriaFields(list: unknown): number[] {
  const out: number[] = [];
  for (const c of entries(list)) {
    if (!isDict(c)) continue;
    if (c.criteria !== undefined) return [...out, ...criteriaFields(c.criteria)];
    if (c.field !== undefined && !flag(c.meta, false) && /^\d+$/.test(String(c.field))) out.push(Number(c.field));
  }
  return out;
}

/** User options whose `contains` the text indexes answer: the user's own text columns, and e-mails. */
const INDEXED_USER_FIELDS = new Set(['1', '34', '9']);
const EMAIL_FIELD = '5';

/**
 * The literal run every value matching a `contains` criterion must hold (folded as the search
 * compares), if one long enough to narrow with exists.
 */
function requiredText(c: Dict): string | undefined {
  if (c.searchtype !== 'contains') return undefined;
  const value = typeof c.value === 'string' ? c.value : typeof c.value === 'number' ? String(c.value) : '';
  const pattern = value === '' ? null : textSearchValue(value);
  if (pattern === null) return undefined;
  let best = '';
  for (const part of fold(pattern).split('%')) if (part.length > best.length) best = part;
  return best.length >= 3 ? best : undefined;
}

/**
 * Live users that may match `criteria`, in login order, from the text indexes — a superset of the
 * matches (every row is still tested) — or undefined when the criteria do not allow narrowing. Each
 * OR-separated chain of the top-level criteria must hold a plain `contains` on login, last name, first
 * name or e-mail; a chain is true only if that criterion is, so the chains' candidates cover every match.
 */
function indexedCandidates(m: Model, criteria: unknown): readonly Rec[] | undefined {
  const chains: Array<{ field: string; text: string } | undefined> = [];
  let first = true;
  for (const c of entries(criteria)) {
    if (!isDict(c) || c.criteria !== undefined) return undefined;
    if (flag(c.meta, false)) continue;
    const value = typeof c.value === 'string' ? c.value : typeof c.value === 'number' || typeof c.value === 'boolean' ? String(c.value === true ? 1 : c.value === false ? '' : c.value) : '';
    if (value.length === 0) continue;
    const link = LINKS[typeof c.link === 'string' ? c.link : ''] ?? LINKS.AND;
    if (first || link.op === 'OR') chains.push(undefined);
    const field = String(c.field);
    const text = !link.negate && (INDEXED_USER_FIELDS.has(field) || field === EMAIL_FIELD) ? requiredText(c) : undefined;
    if (text !== undefined && chains[chains.length - 1] === undefined) chains[chains.length - 1] = { field, text };
    first = false;
  }
  if (chains.length === 0 || chains.some((ch) => ch === undefined)) return undefined;
  const lists: Array<{ rows: Rec[]; sorted: boolean }> = [];
  const seen = new Set<string>();
  for (const ch of chains) {
    const byEmail = ch!.field === EMAIL_FIELD;
    const k = `${byEmail}:${ch!.text}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (!byEmail) lists.push({ rows: m.userText.contains(ch!.text), sorted: true });
    else {
      const owners: Rec[] = [];
      for (const e of m.emailText.contains(ch!.text)) {
        const u = m.users.get(e.users_id as number);
        if (u && u.is_deleted !== 1) owners.push(u);
      }
      lists.push({ rows: owners, sorted: false });
    }
  }
  return sortedUnion(lists);
}

/** The union of row lists in login order: the largest already sorted list, with the others' other rows merged in. */
function sortedUnion(lists: ReadonlyArray<{ rows: Rec[]; sorted: boolean }>): readonly Rec[] {
  let base: Rec[] = [];
  let baseAt = -1;
  lists.forEach((l, i) => {
    if (l.sorted && l.rows.length >= base.length) {
      base = l.rows;
      baseAt = i;
    }
  });
  if (lists.length === 1 && baseAt === 0) return base;
  const inBase = new Set(base);
  const extra = new Set<Rec>();
  lists.forEach((l, i) => {
    if (i !== baseAt) for (const r of l.rows) if (!inBase.has(r)) extra.add(r);
  });
  if (extra.size === 0) return base;
  return mergeSorted(base, [...extra].sort(byNameThenId), byNameThenId);
}

/** Users the session's entities reach through their profile assignments (the search's restriction). */
function reachableBySearch(m: Model, s: Session, all: boolean): (row: Rec) => boolean {
  if (all) return () => true;
  return (row) => {
    for (const pu of m.profileUsersByUser.get(row.id)) if (entityVisible(s, (pu.entities_id ?? 0) as number, pu.is_recursive === 1)) return true;
    return false;
  };
}

/** A cell of `data`: NULL, one value, or the list of values. */
function dataCell(values: Cell[]): unknown {
  const present = values.filter((v) => v !== null);
  if (!present.length) return null;
  return present.length === 1 ? present[0] : present;
}

const RELATIVE_DATE = /NOW|TODAY|BEGIN|MINUTE|HOUR|DAY|WEEK|MONTH|YEAR/i;

/** Whether a search's answer may depend on the clock: only criteria with relative dates resolve against it. */
export function readsClock(params: Dict): boolean {
  return params.criteria !== undefined && RELATIVE_DATE.test(JSON.stringify(params.criteria));
}

export function searchItems(ctx: Ctx, type: ItemType, params: Dict): Reply {
  const m = ctx.model;
  if (!ctx.can(type.right, READ)) throw err.rightMissing();
  const set = searchOptions(type);

  if (params.criteria !== undefined && (Array.isArray(params.criteria) || isDict(params.criteria))) validate(params.criteria, set);
  let forced: number[] | undefined;
  if (params.forcedisplay !== undefined) {
    const raw = Array.isArray(params.forcedisplay) || isDict(params.forcedisplay) ? entries(params.forcedisplay) : [intval(params.forcedisplay)];
    for (const f of raw) if (set.byId.get(intval(f))?.nodisplay && isNumeric(f)) throw err.generic("ID is forbidden along with 'forcedisplay' parameter.");
    forced = raw.filter((f) => isNumeric(f)).map((f) => intval(f));
  }
  const parsed = parseRange(params.range, ctx.session.listLimit);
  // without a range the engine shows list_limit rows, while the answer's range still reads 0-list_limit
  const range = params.range === undefined ? { ...parsed, limit: ctx.session.listLimit } : parsed;
  if (range.limit <= 0) {
    throw new ApiError(500, 'ERROR_SQL', `Unexpected SQL Error : You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '${range.limit}' at line 1`, false);
  }

  const sortGiven = params.sort !== undefined;
  const sortId = sortGiven ? intval(params.sort) : 1;
  const sortOpt = set.byId.get(sortId) ?? set.byId.get(1)!;
  const desc = params.order === 'DESC';
  const deleted = type.trash ? intval(params.is_deleted === true ? 1 : params.is_deleted) : 0;
  const criteria = params.criteria !== undefined ? params.criteria : [];
  const nodes = build(m, ctx.now, criteria, set);

  const all = type.name === 'User' ? viewsAllEntities(m, ctx.session) : true;
  const visible = type.name === 'User' ? reachableBySearch(m, ctx.session, all) : (row: Rec) => !type.canViewItem || type.canViewItem(ctx, row);
  const trashOk = (row: Rec) => !type.trash || ((row.is_deleted ?? 0) as number) === deleted;
  const matches = (row: Rec) => trashOk(row) && visible(row) && (nodes.length === 0 || evaluate(nodes, row) === true);

  const criteriaKey = JSON.stringify(criteria);
  const cacheKey = RELATIVE_DATE.test(criteriaKey)
    ? undefined
    : [type.name, criteriaKey, sortOpt.id, desc, deleted, ctx.session.activeEntities.join(',')].join('|');

  let matched: readonly Rec[];
  const userNameOrder = type.name === 'User' && sortOpt.id === 1;
  if (userNameOrder && nodes.length === 0 && all && (deleted === 0 || deleted === 1)) {
    matched = deleted ? m.usersByName.trash.all() : m.usersByName.live.all();
  } else {
    const compute = (): Rec[] => {
      if (userNameOrder) {
        // the login views are already in option 1's order: filter, no sort
        const out: Rec[] = [];
        const source = deleted === 0 ? (indexedCandidates(m, criteria) ?? m.usersByName.live.all()) : deleted === 1 ? m.usersByName.trash.all() : [];
        for (const r of source) if (matches(r)) out.push(r);
        return out;
      }
      const out: Array<{ row: Rec; key: Cell }> = [];
      for (const r of type.rows(m).values()) {
        if (!matches(r)) continue;
        const vals = sortOpt.values(m, r).filter((v) => v !== null);
        out.push({ row: r, key: vals.length === 0 ? null : vals.length === 1 ? vals[0] : vals.join('$$##$$') });
      }
      out.sort((a, b) => compareCells(a.key, b.key) || a.row.id - b.row.id);
      return out.map((o) => o.row);
    };
    if (cacheKey !== undefined) m.searchCache.keepOnly(m.searchVersion());
    matched = cacheKey === undefined ? compute() : m.searchCache.getOrSet(cacheKey, compute);
  }
  const total = matched.length;
  if (range.start > total) throw err.rangeExceed(total);
  const page: Rec[] = [];
  for (let i = range.start; i < Math.min(total, range.start + range.limit); i++) page.push(desc ? matched[total - 1 - i] : matched[i]);

  const view: number[] = [];
  const addView = (id: number) => {
    if (!view.includes(id)) view.push(id);
  };
  addView(1);
  for (const id of forced ?? set.defaultView) addView(id);
  for (const id of criteriaFields(criteria)) addView(id);
  addView(sortGiven ? sortId : 1);
  const columns = view.map((id) => set.byId.get(id)).filter((o): o is SearchOption => o !== undefined);

  const uidCols = flag(params.uid_cols, false);
  const rows = page.map((row) => {
    const out = new PhpMap();
    for (const col of columns) out.set(uidCols ? col.uid : col.id, dataCell(col.values(m, row)));
    return out;
  });
  const { contentRange } = rangeAnswer(range, total);
  const body: Record<string, unknown> = { totalcount: total, count: page.length, sort: sortGiven ? sortId : '1', order: desc ? 'DESC' : 'ASC' };
  if (rows.length) {
    if (flag(params.withindexes, false)) {
      const indexed = new PhpMap();
      page.forEach((row, i) => indexed.set(row.id, rows[i]));
      body.data = indexed;
    } else body.data = rows;
  }
  body['content-range'] = contentRange;
  const headers: Record<string, string> = { 'Accept-Range': `${type.name} 1000` };
  if (total > 0) headers['Content-Range'] = contentRange;
  return { body, status: page.length >= total ? 200 : 206, headers };
}
