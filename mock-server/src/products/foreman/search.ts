import { compareKeyed, textKey } from './model.js';

/**
 * Foreman's `search=` language (the scoped_search gem): a tokenizer and LL(1) parser that build the
 * same syntax tree the gem builds, and a compiler that turns the tree into a predicate over rows with
 * the semantics of the SQL the gem would generate on PostgreSQL (three-valued logic folded to
 * "NULL never matches", ILIKE patterns, EXISTS for has-many relations, per-join-row evaluation where
 * a condition reads a joined table).
 */

/** A 400 answer: the message scoped_search raises. */
export class QueryNotSupported extends Error {}
/** A query the gem accepts but the database rejects (500). */
export class QueryFailed extends Error {}

type Sym =
  | 'and' | 'or' | 'not' | 'notnull' | 'null' | 'lparen' | 'rparen' | 'comma'
  | 'eq' | 'ne' | 'gt' | 'lt' | 'gte' | 'lte' | 'like' | 'unlike' | 'in' | 'notin';
type Token = string | { sym: Sym };

const KEYWORDS: Record<string, Sym> = {
  and: 'and', or: 'or', not: 'not', 'set?': 'notnull', has: 'notnull', 'null?': 'null', before: 'lt', after: 'gt', at: 'eq',
};
const OPERATORS: Record<string, Sym> = {
  '&': 'and', '|': 'or', '&&': 'and', '||': 'or', '-': 'not', '!': 'not', '~': 'like', '!~': 'unlike', '=': 'eq', '==': 'eq',
  '!=': 'ne', '<>': 'ne', '>': 'gt', '<': 'lt', '>=': 'gte', '<=': 'lte', '^': 'in', '!^': 'notin',
};
const LOGICAL: readonly Sym[] = ['and', 'or'];
const COMPARISON: readonly Sym[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'like', 'unlike', 'in', 'notin'];

const symOf = (t: Token | undefined): Sym | undefined => (t !== undefined && typeof t !== 'string' ? t.sym : undefined);

export function tokenize(query: string): Token[] {
  const out: Token[] = [];
  const chars = Array.from(query);
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i];
    if (/\s/.test(ch)) i++;
    else if (ch === '(') (out.push({ sym: 'lparen' }), i++);
    else if (ch === ')') (out.push({ sym: 'rparen' }), i++);
    else if (ch === ',') (out.push({ sym: 'comma' }), i++);
    else if (/[&|=<>^!~-]/.test(ch)) {
      const two = ch + (chars[i + 1] ?? '');
      if (OPERATORS[two] !== undefined && two.length === 2) {
        out.push({ sym: OPERATORS[two] });
        i += 2;
      } else {
        out.push({ sym: OPERATORS[ch] });
        i++;
      }
    } else if (ch === '"') {
      let word = '';
      i++;
      while (i < chars.length && chars[i] !== '"') {
        if (chars[i] === '\\' && i + 1 < chars.length) i++;
        word += chars[i];
        i++;
      }
      i++;
      out.push(word);
    } else {
      let word = ch;
      i++;
      while (i < chars.length && /[^=~<>\s&|)(,]/.test(chars[i])) word += chars[i++];
      const kw = KEYWORDS[word.toLowerCase()];
      out.push(kw ? { sym: kw } : word);
    }
  }
  return out;
}

export type Node =
  | { kind: 'leaf'; value: string }
  | { kind: 'op'; op: Sym; children: Node[] }
  | { kind: 'logical'; op: 'and' | 'or'; children: Node[] };

const inspect = (t: Token | undefined): string => (t === undefined ? 'nil' : typeof t === 'string' ? JSON.stringify(t) : `:${t.sym}`);

/** The gem's parser: trailing operators dropped, juxtaposition is AND, `a or b and c` = a OR (b AND c). */
export function parse(query: string): Node {
  const tokens = tokenize(query);
  while (tokens.length && typeof tokens[tokens.length - 1] !== 'string') tokens.pop();
  let current: Token | undefined;
  const peek = () => tokens[0];
  const next = () => (current = tokens.shift());

  const logical = (op: 'and' | 'or', children: Node[], root = false): Node => {
    if (!children.length && !root) throw new QueryNotSupported('Empty list of operands');
    return { kind: 'logical', op, children };
  };
  const operator = (op: Sym, children: Node[]): Node => {
    if (!children.length) throw new QueryNotSupported('Empty list of operands');
    return { kind: 'op', op, children };
  };

  const sequence = (root = false): Node => {
    const expressions: Node[] = [];
    if (!root && symOf(peek()) === 'lparen') next();
    while (peek() !== undefined && symOf(peek()) !== 'rparen') expressions.push(logicalExpression());
    if (!root && symOf(peek()) === 'rparen') next();
    return logical('and', expressions, root);
  };
  const logicalExpression = (): Node => {
    const s = symOf(peek());
    let lhs: Node;
    if (s === 'lparen') lhs = sequence();
    else if (s === 'not') lhs = notExpression();
    else if (s === 'null' || s === 'notnull') lhs = operator(symOf(next())!, [value()]);
    else if (s === 'and' || s === 'or') lhs = infix([]);
    else lhs = comparison();
    return LOGICAL.includes(symOf(peek())!) ? infix([lhs]) : lhs;
  };
  const infix = (previous: Node[]): Node => {
    const op = symOf(next()) as 'and' | 'or';
    return logical(op, [...previous, logicalExpression()]);
  };
  const notExpression = (): Node => {
    next();
    const s = symOf(peek());
    const negated = s === 'not' ? notExpression() : s === 'lparen' ? sequence() : comparison();
    if (negated.kind !== 'leaf' && negated.children.length === 0) throw new QueryNotSupported('No operands found');
    return operator('not', [negated]);
  };
  const comparison = (): Node => {
    if (symOf(peek()) === 'comma') next();
    return typeof peek() === 'string' ? infixComparison() : prefixComparison();
  };
  const prefixComparison = (): Node => {
    const s = symOf(next());
    if (s === 'in' || s === 'notin') {
      const [cmp, log] = s === 'in' ? (['eq', 'or'] as const) : (['ne', 'and'] as const);
      return logical(log, multipleValues().map((v) => operator(cmp, [{ kind: 'leaf', value: v }])));
    }
    return operator(s ?? 'eq', [value()]);
  };
  const infixComparison = (): Node => {
    const lhs = value();
    const s = symOf(peek());
    if (peek() === undefined) return lhs;
    if (s === 'comma') {
      next();
      return lhs;
    }
    if (s && COMPARISON.includes(s)) {
      next();
      return operator(s, [lhs, value()]);
    }
    return lhs;
  };
  const multipleValues = (): string[] => {
    if (symOf(peek()) === 'lparen') next();
    const values: string[] = [];
    while (peek() !== undefined && symOf(peek()) !== 'rparen') {
      const t = next();
      if (typeof t === 'string') values.push(t);
    }
    if (symOf(peek()) === 'rparen') next();
    return values;
  };
  const value = (): Node => {
    const t = peek();
    if (typeof t === 'string') {
      next();
      return { kind: 'leaf', value: t };
    }
    const c = symOf(current);
    if (c === 'in' || c === 'notin') return { kind: 'leaf', value: multipleValues().join(',') };
    throw new QueryNotSupported(`Value expected but found ${inspect(t)}`);
  };

  return simplify(sequence(true));
}

function simplify(node: Node): Node {
  if (node.kind === 'leaf') return node;
  if (node.kind === 'op') return { ...node, children: node.children.map(simplify) };
  if (node.children.length === 1) return simplify(node.children[0]);
  const children: Node[] = [];
  for (const c of node.children.map(simplify)) {
    if (c.kind === 'logical' && c.op === node.op) children.push(...c.children);
    else children.push(c);
  }
  return { kind: 'logical', op: node.op, children };
}

// ---------------------------------------------------------------------------------------------------
// Field definitions and compilation

export type FieldType = 'string' | 'text' | 'integer' | 'datetime' | 'boolean';
export type Scalar = string | number | boolean | null;

/** A has-many relation: the related records, and which of them a row is linked to. */
export interface ManyRelation<R> {
  candidates(): Iterable<{ readonly id: number; readonly value: Scalar }>;
  /** Whether `row` is linked to any of `ids`. */
  linked(row: R, ids: ReadonlySet<number>): boolean;
  /** Whether `row` has any linked record. */
  any(row: R): boolean;
  /** The linked values (for ordering). */
  values(row: R): Scalar[];
}

export interface SearchField<R, X> {
  /** The column type (what operators and free text may apply). */
  readonly type: FieldType;
  /** The column name the gem names in messages (`role_id` searches `roles.id`: "id"). */
  readonly column: string;
  readonly explicitOnly?: boolean;
  /** A true/false field; `numeric` columns store 0/greater than 0. */
  readonly set?: 'boolean' | 'numeric';
  readonly integerValidator?: boolean;
  readonly nullable?: boolean;
  readonly value?: (row: R) => Scalar;
  readonly many?: ManyRelation<R>;
  /** An external search method: gets the SQL operator and raw value, may read the join row. */
  readonly ext?: (row: R, join: X | null, sqlOperator: string, value: string) => boolean;
  /** The external method reads the join row (the row must be evaluated per joined record). */
  readonly extReadsJoin?: boolean;
}

export interface SearchDefinition<R, X = never> {
  readonly fields: ReadonlyMap<string, SearchField<R, X>>;
  /** The joined records a row is evaluated against when a condition reads them. */
  readonly joinRows?: (row: R) => readonly X[];
  /** The field ordered by when `order` is absent (`default_order`). */
  readonly defaultOrder?: string;
}

type Pred<R, X> = (row: R, join: X | null) => boolean;
interface Compiled<R, X> {
  readonly test: Pred<R, X>;
  readonly join: boolean;
}

const SQL_OPERATORS: Partial<Record<Sym, string>> = {
  eq: '=', ne: '<>', like: 'ILIKE', unlike: 'NOT ILIKE', gt: '>', lt: '<', lte: '<=', gte: '>=', in: 'IN', notin: 'NOT IN',
};
const INTEGER = /^-?\d+$/;

/** A compiled `search`: null matches everything. */
export interface RowMatcher<R> {
  (row: R): boolean;
}

/** Set while compiling when a value was read as a date or time (the result then depends on `now`). */
let readTime = false;

function temporal(value: string, now: number): number | null {
  const t = parseTemporal(value, now);
  if (t !== null) readTime = true;
  return t;
}

/** `compileSearch`, and whether the query reads the current time (relative dates, a time of today). */
export function compileSearchTimed<R extends object, X>(def: SearchDefinition<R, X>, query: string, now: number): { matcher: RowMatcher<R> | null; readsTime: boolean } {
  readTime = false;
  try {
    const matcher = compileSearch(def, query, now);
    return { matcher, readsTime: readTime };
  } finally {
    readTime = false;
  }
}

export function compileSearch<R extends object, X>(def: SearchDefinition<R, X>, query: string, now: number): RowMatcher<R> | null {
  const compiled = compileNode(def, parse(query), now);
  if (!compiled) return null;
  const { test, join } = compiled;
  if (!join || !def.joinRows) return (row) => test(row, null);
  const rows = def.joinRows;
  return (row) => {
    const joined = rows(row);
    if (!joined.length) return test(row, null);
    for (const x of joined) if (test(row, x)) return true;
    return false;
  };
}

function fieldByName<R, X>(def: SearchDefinition<R, X>, name: string): SearchField<R, X> | undefined {
  if (!name) return undefined;
  return def.fields.get(name);
}

function compileNode<R extends object, X>(def: SearchDefinition<R, X>, node: Node, now: number): Compiled<R, X> | null {
  if (node.kind === 'leaf') {
    const field = fieldByName(def, node.value);
    if (field?.set) return setTest(field, 'eq', 'true');
    return defaultFields(def, node.value, undefined, now);
  }
  if (node.kind === 'logical') {
    const parts = node.children.map((c) => compileNode(def, c, now)).filter((c): c is Compiled<R, X> => c !== null);
    if (!parts.length) return null;
    if (parts.length === 1) return parts[0];
    return node.op === 'and' ? allOf(parts) : anyOf(parts);
  }
  const { op, children } = node;
  if (op === 'not' && children.length === 1) {
    const inner = compileNode(def, children[0], now);
    // NOT COALESCE(<nothing>, false) is invalid SQL
    if (!inner) throw new QueryFailed('PG::SyntaxError: ERROR:  syntax error at or near ","');
    return { join: inner.join, test: (r, x) => !inner.test(r, x) };
  }
  if (op === 'null' || op === 'notnull') {
    const name = leafValue(children[children.length - 1]);
    const field = fieldByName(def, name);
    if (!field) throw new QueryNotSupported(`Field '${name}' not recognized for searching!`);
    const present = presence(field);
    return { join: false, test: op === 'null' ? (r) => !present(r) : (r) => present(r) };
  }
  if (children.length === 1) {
    if (children[0].kind !== 'leaf') throw new QueryNotSupported('Value not a leaf node');
    return defaultFields(def, children[0].value, op, now);
  }
  if (children[0].kind !== 'leaf') throw new QueryNotSupported('Field name not a leaf node');
  if (children[1].kind !== 'leaf') throw new QueryNotSupported('Value not a leaf node');
  const name = children[0].value;
  const value = children[1].value;
  const field = fieldByName(def, name);
  if (!field) throw new QueryNotSupported(`Field '${name}' not recognized for searching!`);
  for (const v of op === 'in' || op === 'notin' ? splitList(value) : [value]) {
    if (field.integerValidator && !INTEGER.test(v)) throw new QueryNotSupported(`Value '${v}' is not valid for field '${field.column}'`);
  }
  return fieldTest(field, op, value, now);
}

function leafValue(node: Node): string {
  if (node.kind !== 'leaf') throw new QueryNotSupported('Value not a leaf node');
  return node.value;
}

function presence<R, X>(field: SearchField<R, X>): (row: R) => boolean {
  if (field.many) return (r) => field.many!.any(r);
  if (field.value) return (r) => field.value!(r) !== null;
  return () => true;
}

/** Free text (or a prefix operator): OR over the fields not marked explicit-only whose type fits. */
function defaultFields<R extends object, X>(def: SearchDefinition<R, X>, value: string, op: Sym | undefined, now: number): Compiled<R, X> | null {
  const types = new Set<FieldType>();
  if (op === undefined || op === 'like' || op === 'unlike' || op === 'ne' || op === 'eq') (types.add('string'), types.add('text'));
  if (INTEGER.test(value)) types.add('integer');
  if (temporal(value, now) !== null) types.add('datetime');
  const parts: Compiled<R, X>[] = [];
  for (const field of def.fields.values()) {
    if (field.explicitOnly || field.set || field.ext || !types.has(field.type)) continue;
    const fieldOp: Sym = op ?? (field.type === 'string' || field.type === 'text' ? 'like' : 'eq');
    const c = fieldTest(field, fieldOp, value, now);
    if (c) parts.push(c);
  }
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0] : anyOf(parts);
}

function allOf<R, X>(parts: Compiled<R, X>[]): Compiled<R, X> {
  const tests = parts.map((p) => p.test);
  const n = tests.length;
  return {
    join: parts.some((p) => p.join),
    test: (r, x) => {
      for (let i = 0; i < n; i++) if (!tests[i](r, x)) return false;
      return true;
    },
  };
}

function anyOf<R, X>(parts: Compiled<R, X>[]): Compiled<R, X> {
  const tests = parts.map((p) => p.test);
  const n = tests.length;
  return {
    join: parts.some((p) => p.join),
    test: (r, x) => {
      for (let i = 0; i < n; i++) if (tests[i](r, x)) return true;
      return false;
    },
  };
}

function sqlOperator(field: SearchField<unknown, unknown>, op: Sym): string | undefined {
  const textual = field.type === 'string' || field.type === 'text';
  if (!field.ext && (op === 'like' || op === 'unlike') && !textual) {
    throw new QueryNotSupported(`the operator '${op}' is not supported for field type '${field.type}'`);
  }
  return SQL_OPERATORS[op];
}

function fieldTest<R extends object, X>(field: SearchField<R, X>, op: Sym, value: string, now: number): Compiled<R, X> | null {
  if (field.ext) {
    const sql = sqlOperator(field as SearchField<unknown, unknown>, op) ?? '';
    const ext = field.ext;
    return { join: !!field.extReadsJoin, test: (r, x) => ext(r, x, sql, value) };
  }
  if (field.type === 'datetime') return datetimeTest(field, op, value, now);
  if (field.set) return setTest(field, op, value);
  sqlOperator(field as SearchField<unknown, unknown>, op);
  const check = scalarCheck(field, op, value);
  if (field.many) {
    const many = field.many;
    const ids = new Set<number>();
    for (const c of many.candidates()) if (check(c.value)) ids.add(c.id);
    return { join: false, test: (r) => ids.size > 0 && many.linked(r, ids) };
  }
  const get = field.value!;
  return { join: false, test: (r) => check(get(r)) };
}

/** The comparison of one stored value against the query value (NULL never matches). */
function scalarCheck<R, X>(field: SearchField<R, X>, op: Sym, value: string): (v: Scalar) => boolean {
  const numeric = field.type === 'integer';
  const cast = (s: string): Scalar => (numeric ? Number(s) : s);
  if (op === 'in' || op === 'notin') {
    const list = splitList(value).map((s) => cast(s.trim()));
    if (!list.length) throw new QueryFailed('PG::SyntaxError: ERROR:  syntax error at or near ")"');
    return op === 'in' ? (v) => v !== null && list.includes(v) : (v) => v !== null && !list.includes(v);
  }
  if (op === 'like' || op === 'unlike') {
    const like = likeMatcher(value);
    return op === 'like' ? (v) => typeof v === 'string' && like.test(v) : (v) => typeof v === 'string' && !like.test(v);
  }
  const target = cast(value);
  switch (op) {
    case 'eq':
      return (v) => v !== null && v === target;
    case 'ne':
      return (v) => v !== null && v !== target;
    case 'gt':
      return (v) => v !== null && target !== null && v > target;
    case 'lt':
      return (v) => v !== null && target !== null && v < target;
    case 'gte':
      return (v) => v !== null && target !== null && v >= target;
    case 'lte':
      return (v) => v !== null && target !== null && v <= target;
    default:
      throw new QueryFailed(`PG::SyntaxError: ERROR:  syntax error at or near "?"`);
  }
}

/** Ruby's `split(',')`: trailing empty fields are dropped. */
function splitList(value: string): string[] {
  const parts = value.split(',');
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * ILIKE with the gem's pattern rule: a value with `*` or `%` is a pattern (`*` → `%`), anything else
 * is searched as a substring. `_` matches one character and `\` escapes, as in PostgreSQL.
 */
function likeMatcher(value: string): RegExp {
  const isPattern = /^%|\*/.test(value) || /%|\*$/.test(value);
  const pattern = isPattern ? value.replace(/[%*]+/g, '%') : `%${value}%`;
  let source = '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\' && i + 1 < chars.length) source += escapeRegExp(chars[++i]);
    else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += escapeRegExp(ch);
  }
  // a leading and trailing "any run" need no anchoring: an unanchored search is the same and faster
  const body = source.replace(/^\.\*/, '').replace(/\.\*$/, '');
  const anchoredStart = !source.startsWith('.*');
  const anchoredEnd = !source.endsWith('.*') || source.endsWith('\\.*');
  return new RegExp(`${anchoredStart ? '^' : ''}${body}${anchoredEnd ? '$' : ''}`, 'isu');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function setTest<R, X>(field: SearchField<R, X>, op: Sym, value: string): Compiled<R, X> {
  if (value !== 'true' && value !== 'false') {
    throw new QueryNotSupported(`'${field.column}' should be one of 'true, false', but the query was '${value}'`);
  }
  if (op !== 'eq' && op !== 'ne') throw new QueryNotSupported(`Operator '${op}' not supported for '${field.column}'`);
  const want = value === 'true';
  const get = field.value!;
  // true: `col <> false` (or `> 0`); false: `col = false` (or `= 0`); != wraps it in NOT (…)
  const base = (r: R): boolean | null => {
    const v = get(r);
    if (v === null) return null;
    const truthy = field.set === 'numeric' ? Number(v) > 0 : v === true;
    return want ? truthy : !truthy;
  };
  return {
    join: false,
    test: op === 'eq' ? (r) => base(r) === true : (r) => base(r) === false,
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Span = { ms: number } | { months: number };

function advance(ts: number, span: Span): number {
  if ('ms' in span) return ts + span.ms;
  const d = new Date(ts);
  d.setUTCMonth(d.getUTCMonth() + span.months);
  return d.getTime();
}

function datetimeTest<R, X>(field: SearchField<R, X>, op: Sym, value: string, now: number): Compiled<R, X> | null {
  let ts = temporal(value, now);
  if (ts === null) return null;
  let span: Span;
  if (/^\s*\d+\s+(minutes?|hours?)\s+(ago|from\s+now)\s*$/i.test(value)) span = { ms: MINUTE };
  else if (/^\s*\d+\s+(days?|weeks?|months?|years?)\s+(ago|from\s+now)\s*$/i.test(value) || /\b(today|tomorrow|yesterday)\b/i.test(value)) span = { ms: DAY };
  else span = parsedSpan(value);
  const get = field.value!;
  const at = (r: R) => get(r) as number | null;
  if (op === 'eq' || op === 'ne') {
    const from = ts;
    const to = advance(ts, span);
    return op === 'eq'
      ? { join: false, test: (r) => { const v = at(r); return v !== null && v >= from && v < to; } }
      : { join: false, test: (r) => { const v = at(r); return v !== null && !(v >= from && v < to); } };
  }
  const wide = !('ms' in span) || span.ms >= DAY;
  if (wide && op === 'gt') {
    ts = advance(ts, span);
    op = 'gte';
  } else if (wide && op === 'lte') {
    ts = advance(ts, span);
    op = 'lt';
  }
  sqlOperator(field as SearchField<unknown, unknown>, op);
  const bound = ts;
  switch (op) {
    case 'gt':
      return { join: false, test: (r) => { const v = at(r); return v !== null && v > bound; } };
    case 'gte':
      return { join: false, test: (r) => { const v = at(r); return v !== null && v >= bound; } };
    case 'lt':
      return { join: false, test: (r) => { const v = at(r); return v !== null && v < bound; } };
    case 'lte':
      return { join: false, test: (r) => { const v = at(r); return v !== null && v <= bound; } };
    default:
      throw new QueryFailed(`PG::InvalidDatetimeFormat: ERROR:  invalid input syntax for type timestamp: "${value}"`);
  }
}

/** How precise a parsed date is: the span `=` covers. */
function parsedSpan(value: string): Span {
  if (/\d{1,2}:\d{2}:\d{2}/.test(value)) return { ms: 1000 };
  if (/\d{1,2}:\d{2}/.test(value)) return { ms: MINUTE };
  if (/\b\d{1,2}\s*(am|pm)\b/i.test(value)) return { ms: HOUR };
  if (/\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}\/\d{1,2}\/\d{1,2}|[a-z]{3,}\.?\s+\d{1,2}\b|\b\d{1,2}\s+[a-z]{3,}/i.test(value)) {
    return { ms: DAY };
  }
  if (/\d{4}-\d{1,2}\b|[a-z]{3,}\s+\d{4}/i.test(value)) return { months: 1 };
  return { months: 12 };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function startOfDay(ts: number): number {
  return Math.floor(ts / DAY) * DAY;
}

function unitAgo(now: number, n: number, unit: string, sign: number): number {
  const u = unit.toLowerCase().replace(/s$/, '');
  if (u === 'minute') return now + sign * n * MINUTE;
  if (u === 'hour') return now + sign * n * HOUR;
  if (u === 'day') return now + sign * n * DAY;
  if (u === 'week') return now + sign * n * 7 * DAY;
  const d = new Date(now);
  if (u === 'month') d.setUTCMonth(d.getUTCMonth() + sign * n);
  else d.setUTCFullYear(d.getUTCFullYear() + sign * n);
  return d.getTime();
}

/** scoped_search's `parse_temporal` (times are UTC): relative words, then a date/time parse; null if none. */
export function parseTemporal(value: string, now: number): number | null {
  if (/\btoday\b/i.test(value)) return startOfDay(now);
  if (/\byesterday\b/i.test(value)) return startOfDay(now - DAY);
  if (/\btomorrow\b/i.test(value)) return startOfDay(now + DAY);
  let m = /^\s*(\d+)\s+(hours?|minutes?)\s+(ago|from\s+now)\s*$/i.exec(value);
  if (m) return unitAgo(now, Number(m[1]), m[2], /ago/i.test(m[3]) ? -1 : 1);
  m = /^\s*(\d+)\s+(days?|weeks?|months?|years?)\s+(ago|from\s+now)\s*$/i.exec(value);
  if (m) return startOfDay(unitAgo(now, Number(m[1]), m[2], /ago/i.test(m[3]) ? -1 : 1));
  return parseDate(value, now);
}

function parseDate(value: string, now: number): number | null {
  const v = value.trim();
  let y: number | undefined;
  let mo: number | undefined;
  let d: number | undefined;
  let m = /(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?/.exec(v);
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 1];
  else if ((m = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/.exec(v))) [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
  else if ((m = /\b([a-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/i.exec(v)) && MONTHS.includes(m[1].slice(0, 3).toLowerCase())) {
    [y, mo, d] = [Number(m[3]), MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) + 1, Number(m[2])];
  } else if ((m = /\b(\d{1,2})\s+([a-z]{3,})\.?,?\s+(\d{4})\b/i.exec(v)) && MONTHS.includes(m[2].slice(0, 3).toLowerCase())) {
    [y, mo, d] = [Number(m[3]), MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1, Number(m[1])];
  } else if ((m = /\b([a-z]{3,})\s+(\d{4})\b/i.exec(v)) && MONTHS.includes(m[1].slice(0, 3).toLowerCase())) {
    [y, mo, d] = [Number(m[2]), MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) + 1, 1];
  }
  const t = /(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(v);
  if (y === undefined) {
    if (!t) return null;
    const base = new Date(startOfDay(now));
    [y, mo, d] = [base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate()];
  }
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31) return null;
  const ts = Date.UTC(y, mo! - 1, d!, t ? Number(t[1]) : 0, t ? Number(t[2]) : 0, t?.[3] ? Number(t[3]) : 0);
  return Number.isNaN(ts) ? null : ts;
}

// ---------------------------------------------------------------------------------------------------
// Ordering

export interface CompiledOrder<R> {
  /** Sorts rows in place. */
  sort(rows: R[]): R[];
}

/**
 * `order=<field> [DESC]`: any search field; `desc` (any case) is descending, anything else ascending.
 * NULLs come first ascending and last descending (the gem's PostgreSQL rule for nullable columns).
 * Null when there is nothing to order by (the caller keeps its default order).
 */
export function compileOrder<R extends object, X>(def: SearchDefinition<R, X>, order: string | undefined): CompiledOrder<R> | null {
  const text = order === undefined || order === null ? def.defaultOrder : order;
  if (text === undefined || text.trim() === '') return null;
  const [fieldName, direction] = splitOrder(text);
  const field = fieldByName(def, fieldName);
  if (!field) throw new QueryNotSupported(`the field '${fieldName}' in the order statement is not valid field for search`);
  const desc = direction !== undefined && direction.toLowerCase() === 'desc';
  const keyOf = orderKey(field, desc);
  return {
    sort(rows) {
      const decorated = rows.map((r) => ({ r, k: keyOf(r) }));
      decorated.sort((a, b) => {
        const c = compareKeys(a.k, b.k);
        return (desc ? -c : c) || idOf(a.r) - idOf(b.r);
      });
      for (let i = 0; i < rows.length; i++) rows[i] = decorated[i].r;
      return rows;
    },
  };
}

function idOf(r: object): number {
  return (r as { id: number }).id;
}

/** `order.split(/\s+/, 2)` */
function splitOrder(text: string): [string, string | undefined] {
  const m = /\s+/.exec(text);
  if (!m) return [text, undefined];
  return [text.slice(0, m.index), text.slice(m.index + m[0].length)];
}

type Key = null | number | boolean | { k: string; raw: string };

function orderKey<R, X>(field: SearchField<R, X>, desc: boolean): (r: R) => Key {
  const toKey = (v: Scalar): Key => (typeof v === 'string' ? { k: textKey(v), raw: v } : v);
  if (field.many) {
    const many = field.many;
    return (r) => {
      const keys = many.values(r).filter((v) => v !== null).map(toKey);
      if (!keys.length) return null;
      keys.sort(compareKeys);
      return desc ? keys[keys.length - 1] : keys[0];
    };
  }
  const get = field.value;
  if (!get) return () => null;
  return (r) => toKey(get(r));
}

function compareKeys(a: Key, b: Key): number {
  // NULLS FIRST ascending (and, reversed, NULLS LAST descending)
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'object' && typeof b === 'object') return compareKeyed(a.k, a.raw, b.k, b.raw);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return String(a) < String(b) ? -1 : 1;
}
