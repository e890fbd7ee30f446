import { hashPassword } from '../../passwords.js';
import { GroupIndex, type SortedView, type Table } from '../../store/table.js';
import { TextIndex } from '../../store/text-index.js';
import { internalError } from './errors.js';
import { asciiLower, isLikeLiteral, sqlLike } from './matching.js';
import { truthy } from './params.js';
import type { PasswordCheck } from './password-check.js';
import { pyDumps } from './pyjson.js';
import { RowJsonCache, sqlUserJson } from './render.js';
import type { ParamValue, PreparedWrite, Resolver, SqlRow, UserInfo } from './resolver.js';
import { RESOLVER_SIZE_LIMIT, SQL_CONFIG, SQL_MAP, SQL_RESOLVER } from './setup.js';

type TextColumn = 'username' | 'email' | 'surname' | 'givenname' | 'phone' | 'mobile' | 'description';
const TEXT_COLUMNS: readonly TextColumn[] = ['username', 'email', 'surname', 'givenname', 'phone', 'mobile', 'description'];
const COLUMN_OF = new Map(SQL_MAP);
const CACHE_SIZE = 64;
/** Rendered rows kept (about 250 bytes each). */
const JSON_CACHE_ROWS = 8_192;
const SURROGATE = /[\ud800-\udfff]/;

const byId = (a: SqlRow, b: SqlRow) => a.id - b.id;

/** `rows` (a fresh array) sorted by id; in the usual case they already are. */
function inIdOrder(rows: SqlRow[]): SqlRow[] {
  for (let i = 1; i < rows.length; i++) if (rows[i - 1].id > rows[i].id) return rows.sort(byId);
  return rows;
}

/** Characters as the regular expressions' `u` flag counts them (a lone surrogate is one). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * The text `x` of a LIKE pattern `%x%` ("contains x") with no other wildcard, else undefined. For such
 * a pattern LIKE is `asciiLower(value).includes(asciiLower(x))` (a lone surrogate would compare
 * differently, so those patterns keep the regular expression).
 */
function containsNeedle(pattern: string): string | undefined {
  if (pattern.length < 3 || pattern[0] !== '%' || pattern[pattern.length - 1] !== '%') return undefined;
  const x = pattern.slice(1, -1);
  return isLikeLiteral(x) && !SURROGATE.test(x) ? x : undefined;
}

/**
 * Python's `int()` on a user id: surrounding blanks, a sign and digit-group underscores are allowed.
 * Anything else makes the SQL resolver's id filter fail (privacyIDEA then reports "no user").
 */
function pyInt(value: ParamValue): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string' || !/^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return null;
  const n = Number(value.replace(/[\s_]/g, ''));
  return Number.isSafeInteger(n) ? n : null;
}

/** A value as a TEXT column stores it; lists and objects cannot be bound (the statement fails). */
function sqlText(value: ParamValue): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  throw internalError();
}

/**
 * The editable SQL-like resolver: an SQLite `users` table with an INTEGER PRIMARY KEY AUTOINCREMENT id
 * and a UNIQUE username column. Rows keep only the columns that are set (NULL elsewhere).
 */
export class SqlResolver implements Resolver {
  readonly name = SQL_RESOLVER;
  readonly type = 'sqlresolver' as const;
  readonly editable = true;
  readonly mapKeys = SQL_MAP.map(([k]) => k);
  readonly censorKeys = ['Password'];
  readonly config = SQL_CONFIG;

  /** Table order: a SELECT without ORDER BY walks the rowid. */
  private readonly byId: SortedView<SqlRow>;
  /**
   * Logins folded to ASCII lower case (LIKE without wildcards is an ASCII-case-insensitive equality;
   * the UNIQUE constraint's exact comparison looks here too). Made on first use: not at start-up.
   */
  private folded: GroupIndex<string, SqlRow> | undefined;
  /** `LIKE '%x%'` on the login, answered from trigrams (built on first use). */
  private readonly loginText: TextIndex<SqlRow>;
  private cache = new Map<string, readonly SqlRow[]>();
  private cacheVersion = -1;
  private readonly json = new RowJsonCache(sqlUserJson, JSON_CACHE_ROWS);
  /** Logins by length, for LIKE patterns with `_` wildcards only (made on first use). */
  private byLength: GroupIndex<number, SqlRow> | undefined;

  constructor(
    private readonly table: Table<SqlRow>,
    private readonly passwords: PasswordCheck,
  ) {
    this.byId = table.sorted(byId);
    // built in table order, which is id order unless a row was created with an explicit, lower id
    this.loginText = new TextIndex(table, {
      text: (r) => r.username ?? '',
      fold: asciiLower,
      filter: (r) => r.username !== undefined,
      compare: byId,
    });
  }

  private get byLoginFolded(): GroupIndex<string, SqlRow> {
    this.folded ??= this.table.watch(new GroupIndex<string, SqlRow>((r) => (r.username === undefined ? undefined : asciiLower(r.username))));
    return this.folded;
  }

  /** The row whose login is exactly `username` (the UNIQUE constraint's comparison). */
  private owner(username: string): SqlRow | undefined {
    for (const row of this.byLoginFolded.get(asciiLower(username))) if (row.username === username) return row;
    return undefined;
  }

  /** Changes with every write to the table (for caches of search results). */
  get version(): number {
    return this.table.version;
  }

  private column(row: SqlRow, key: string): string | undefined {
    if (key === 'userid') return String(row.id);
    if (key === 'password') return this.passwords.hashOf(row.password);
    return row[COLUMN_OF.get(key) as TextColumn];
  }

  search(filters: ReadonlyArray<[string, ParamValue]>, attributes: readonly string[] | undefined): UserInfo[] | null {
    return this.find(filters)?.map((row) => this.render(row, attributes)) ?? null;
  }

  searchJson(
    filters: ReadonlyArray<[string, ParamValue]>,
    attributes: readonly string[] | undefined,
    withResolver: boolean,
    withEditable: boolean,
  ): string[] | null {
    const rows = this.find(filters);
    if (!rows) return null;
    if ((!attributes || !attributes.length) && withResolver && withEditable) return this.json.list(rows);
    return rows.map((row) => {
      const user = this.render(row, attributes);
      if (withResolver) user.resolver = this.name;
      if (withEditable) user.editable = this.editable;
      return pyDumps(user);
    });
  }

  /** The rows a search answers: null when a filter key is not mapped; throws for a non-string value. */
  private find(filters: ReadonlyArray<[string, ParamValue]>): readonly SqlRow[] | null {
    if (filters.some(([k]) => !COLUMN_OF.has(k))) return null;
    const patterns: Array<[string, string]> = filters.map(([k, v]) => {
      if (typeof v !== 'string') throw internalError();
      return [k, v.replace(/\*/g, '%')];
    });
    return this.matching(patterns);
  }

  private matching(patterns: ReadonlyArray<[string, string]>): readonly SqlRow[] {
    if (this.cacheVersion !== this.table.version) {
      this.cache.clear();
      this.cacheVersion = this.table.version;
    }
    const key = JSON.stringify(patterns);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const tests = patterns.map(([k, p]) => [k, sqlLike(p)] as const);
    const found: SqlRow[] = [];
    for (const row of this.candidates(patterns)) {
      if (tests.every(([k, re]) => {
        const v = this.column(row, k);
        return v !== undefined && re.test(v);
      })) {
        found.push(row);
        if (found.length >= RESOLVER_SIZE_LIMIT) break;
      }
    }
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    this.cache.set(key, found);
    return found;
  }

  /**
   * Rows that can match, in id order: an index hit for a literal login or id, the trigram index for a
   * login that contains a text, else the whole table.
   */
  private candidates(patterns: ReadonlyArray<[string, string]>): readonly SqlRow[] {
    for (const [k, p] of patterns) {
      if (k === 'username' && isLikeLiteral(p)) return [...this.byLoginFolded.get(asciiLower(p))].sort(byId);
      if (k === 'userid' && isLikeLiteral(p)) {
        const row = /^-?\d+$/.test(p) ? this.table.get(Number(p)) : undefined;
        return row && String(row.id) === p ? [row] : [];
      }
    }
    for (const [k, p] of patterns) {
      const needle = k === 'username' ? containsNeedle(p) : undefined;
      if (needle !== undefined) return inIdOrder(this.loginText.contains(needle));
    }
    return this.byId.all();
  }

  /** privacyIDEA's view of a row: `id` (integer), then every mapped attribute that is set, no password. */
  private render(row: SqlRow, attributes: readonly string[] | undefined): UserInfo {
    const wanted = attributes && attributes.length ? new Set([...attributes, 'userid']) : undefined;
    const user: UserInfo = { id: row.id };
    for (const [key] of SQL_MAP) {
      if (key === 'password' || (wanted && !wanted.has(key))) continue;
      const v = this.column(row, key);
      if (truthy(v)) user[key] = v;
    }
    return user;
  }

  userId(login: string): string {
    if (!login) return '';
    const matches = isLikeLiteral(login) ? [...this.byLoginFolded.get(asciiLower(login))] : this.scanLogins(login);
    return matches.length === 1 ? String(matches[0].id) : '';
  }

  /** Up to two rows whose login is LIKE `pattern` (which has a wildcard): enough to tell "exactly one". */
  private scanLogins(pattern: string): SqlRow[] {
    const re = sqlLike(pattern);
    const out: SqlRow[] = [];
    const found = (row: SqlRow): boolean => {
      if (row.username === undefined || !re.test(row.username)) return false;
      out.push(row);
      return out.length > 1;
    };
    if (!pattern.includes('%')) {
      // only `_` wildcards: a match has as many characters (code points) as the pattern
      this.byLength ??= this.table.watch(new GroupIndex<number, SqlRow>((r) => (r.username === undefined ? undefined : codePoints(r.username))));
      for (const row of this.byLength.get(codePoints(pattern))) if (found(row)) break;
      return out;
    }
    for (const row of this.byId.all()) if (found(row)) break;
    return out;
  }

  private rowOf(uid: ParamValue): SqlRow | undefined {
    const id = pyInt(uid);
    return id === null ? undefined : this.table.get(id);
  }

  username(uid: string): string {
    return this.rowOf(uid)?.username ?? '';
  }

  async checkPass(uid: string, password: string): Promise<boolean> {
    const row = this.rowOf(uid);
    return row ? this.passwords.verify(password, row.password) : false;
  }

  async prepareAdd(attributes: ReadonlyMap<string, ParamValue>): Promise<PreparedWrite<number>> {
    const password = attributes.get('password');
    if (password !== undefined && typeof password !== 'string') throw internalError();
    const hash = password === undefined ? undefined : await hashPassword(password);
    return {
      apply: () => {
        const fields = this.textFields(attributes);
        let id = this.table.nextId();
        if (attributes.has('userid')) {
          const explicit = pyInt(attributes.get('userid'));
          // "datatype mismatch" / "UNIQUE constraint failed: users.id"
          if (explicit === null || this.table.has(explicit)) throw internalError();
          id = explicit;
        }
        // "UNIQUE constraint failed: users.username"
        if (fields.username !== undefined && this.owner(fields.username)) throw internalError();
        const row: Record<string, unknown> = { id };
        for (const column of TEXT_COLUMNS) if (fields[column] !== undefined) row[column] = fields[column];
        if (hash !== undefined) row.password = hash;
        this.table.put(row as unknown as SqlRow);
        return id;
      },
    };
  }

  async prepareUpdate(uid: string, attributes: ReadonlyMap<string, ParamValue>): Promise<PreparedWrite<boolean>> {
    const password = attributes.get('password');
    const hash = typeof password === 'string' ? await hashPassword(password) : undefined;
    return {
      apply: () => {
        // privacyIDEA's update_user catches every failure and reports false
        if (password !== undefined && hash === undefined) return false;
        const row = this.rowOf(uid);
        if (!row) return false;
        let fields: Partial<Record<TextColumn, string | undefined>>;
        try {
          fields = this.textFields(attributes);
        } catch {
          return false;
        }
        if (fields.username !== undefined) {
          const owner = this.owner(fields.username);
          if (owner && owner !== row) return false;
        }
        const next: Record<string, unknown> = { ...row };
        for (const column of TEXT_COLUMNS) {
          if (!(column in fields)) continue;
          if (fields[column] === undefined) delete next[column];
          else next[column] = fields[column];
        }
        if (hash !== undefined) next.password = hash;
        this.table.put(next as unknown as SqlRow);
        return true;
      },
    };
  }

  /** The text columns named in `attributes` (an attribute given as null sets the column to NULL). */
  private textFields(attributes: ReadonlyMap<string, ParamValue>): Partial<Record<TextColumn, string | undefined>> {
    const fields: Partial<Record<TextColumn, string | undefined>> = {};
    for (const column of TEXT_COLUMNS) {
      if (attributes.has(column)) fields[column] = sqlText(attributes.get(column));
    }
    return fields;
  }

  delete(uid: string): boolean {
    const id = pyInt(uid);
    if (id === null) return false;
    // DELETE … WHERE id = ? succeeds whether or not a row matched
    this.table.delete(id);
    return true;
  }
}
