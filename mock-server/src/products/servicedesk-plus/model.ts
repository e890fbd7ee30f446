import type { ProductDb } from '../../store/product-db.js';
import type { SortedView, Table, UniqueIndex, GroupIndex } from '../../store/table.js';

/**
 * The stored rows. Users are kept compact — only what varies, with short optional keys left out when
 * empty — and rendered into the product's full shape on output (serialize.ts).
 */

/** Additional-field values by key: text, or a referenced id for pick-reference fields. */
export type UdfValues = Readonly<Record<string, string | number>>;

export interface TechnicianInfo {
  readonly sites: readonly number[];
  readonly groups: readonly number[];
  readonly udf?: UdfValues;
  readonly viewCost?: boolean;
}

export interface UserRow {
  readonly id: number;
  readonly name: string;
  readonly first?: string;
  readonly middle?: string;
  readonly last?: string;
  readonly login?: string;
  readonly email?: string;
  /** Secondary e-mail addresses, kept sorted as the product returns them. */
  readonly emails2?: readonly string[];
  readonly employeeId?: string;
  readonly phone?: string;
  readonly mobile?: string;
  readonly sms?: string;
  readonly title?: string;
  readonly description?: string;
  readonly dept?: number;
  readonly domain?: number;
  readonly manager?: number;
  readonly projectRole?: number;
  readonly roles: readonly number[];
  readonly vip?: boolean;
  readonly srApprover?: boolean;
  readonly poApprover?: boolean;
  readonly cost?: number;
  readonly poLimit?: number;
  readonly udf?: UdfValues;
  readonly ciDefault?: UdfValues;
  readonly ciUser?: UdfValues;
  /** created_time, epoch milliseconds. */
  readonly created: number;
  readonly inactive?: boolean;
  /** Hash of a password set through the API; seeded users share the hash in meta `seedPassword`. */
  readonly password?: string;
  /** Present once the user is a technician. */
  readonly tech?: TechnicianInfo;
}

export interface NamedRow {
  readonly id: number;
  readonly name: string;
}
export interface DepartmentRow extends NamedRow {
  readonly site?: number;
  readonly description?: string;
}
export interface SiteRow extends NamedRow {
  readonly description?: string;
  readonly city: string;
  readonly country: string;
  readonly street: string;
  readonly postalCode: string;
}
export interface RoleRow extends NamedRow {
  readonly description?: string;
}
export interface SupportGroupRow extends NamedRow {
  readonly site?: number;
  readonly description?: string;
}

export const TABLES = {
  users: 'users',
  departments: 'departments',
  sites: 'sites',
  roles: 'roles',
  supportGroups: 'support_groups',
  projectRoles: 'project_roles',
  domains: 'domains',
} as const;

/** Lower-case, accent-free code units for Latin letters (U+00C0–U+024F), as a database collation orders them. */
const FOLD = (() => {
  const special: Record<string, string> = { ø: 'o', Ø: 'o', æ: 'a', Æ: 'a', ß: 's', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ı: 'i', œ: 'o', Œ: 'o' };
  const table = new Uint16Array(0x250);
  for (let c = 0; c < table.length; c++) {
    const ch = String.fromCharCode(c);
    const base = special[ch] ?? ch.normalize('NFD')[0].toLowerCase();
    table[c] = base.length === 1 ? base.charCodeAt(0) : c;
  }
  return table;
})();

const fold = (c: number) => (c < FOLD.length ? FOLD[c] : c);

/**
 * Case- and accent-insensitive order without allocating (the comparison runs for every row when a
 * sorted view is built); strings equal under folding fall back to plain code-unit order.
 */
export function compareCi(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = fold(a.charCodeAt(i));
    const y = fold(b.charCodeAt(i));
    if (x !== y) return x - y;
  }
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The user holding `login` in `domain`: login names are unique within a domain, compared without case.
 * The index is by login alone, so it keys on the row's own (lower-case) string rather than a made-up
 * domain-and-login string per user (about 4 MB at 100,000 users).
 */
export function loginHolder(m: Model, domain: number | undefined, login: string): UserRow | undefined {
  for (const u of m.byLogin.get(login.toLowerCase())) if ((u.domain ?? 0) === (domain ?? 0)) return u;
  return undefined;
}

export interface Collection<R extends NamedRow> {
  readonly table: Table<R>;
  readonly byId: SortedView<R>;
  readonly byName: SortedView<R>;
}

export interface Model {
  readonly db: ProductDb;
  readonly users: Table<UserRow>;
  /** Users by lower-case login name, which is unique per domain (see `loginHolder`). */
  readonly byLogin: GroupIndex<string, UserRow>;
  readonly byEmployeeId: UniqueIndex<string, UserRow>;
  /** Users by the id of the user they report to. */
  readonly reports: GroupIndex<number, UserRow>;
  readonly usersById: SortedView<UserRow>;
  readonly usersByName: SortedView<UserRow>;
  readonly techniciansById: SortedView<UserRow>;
  readonly techniciansByName: SortedView<UserRow>;
  readonly departments: Collection<DepartmentRow>;
  readonly sites: Collection<SiteRow>;
  readonly roles: Collection<RoleRow>;
  readonly supportGroups: Collection<SupportGroupRow>;
  readonly projectRoles: Table<NamedRow>;
  readonly domains: Table<NamedRow>;
}

const byIdOrder = (a: { id: number }, b: { id: number }) => a.id - b.id;
const byNameOrder = (a: NamedRow, b: NamedRow) => compareCi(a.name, b.name);
const isTechnician = (u: UserRow) => u.tech !== undefined;

function collection<R extends NamedRow>(db: ProductDb, name: string): Collection<R> {
  const table = db.table<R>(name);
  return { table, byId: table.sorted(byIdOrder), byName: table.sorted(byNameOrder) };
}

/** The tables and the indexes every request relies on (declared once, kept up to date by the store). */
export function createModel(db: ProductDb): Model {
  const users = db.table<UserRow>(TABLES.users);
  // the indexes only writes need are made on first use, which keeps them out of the start-up time
  let byLogin: GroupIndex<string, UserRow> | undefined;
  let byEmployeeId: UniqueIndex<string, UserRow> | undefined;
  let reports: GroupIndex<number, UserRow> | undefined;
  return {
    db,
    users,
    get byLogin() {
      return (byLogin ??= users.group((u) => (u.login ? u.login.toLowerCase() : undefined)));
    },
    get byEmployeeId() {
      return (byEmployeeId ??= users.unique((u) => (u.employeeId ? u.employeeId.toLowerCase() : undefined)));
    },
    get reports() {
      return (reports ??= users.group((u) => u.manager));
    },
    usersById: users.sorted(byIdOrder),
    usersByName: users.sorted((a, b) => compareCi(a.name, b.name)),
    techniciansById: users.sorted(byIdOrder, isTechnician),
    techniciansByName: users.sorted((a, b) => compareCi(a.name, b.name), isTechnician),
    departments: collection<DepartmentRow>(db, TABLES.departments),
    sites: collection<SiteRow>(db, TABLES.sites),
    roles: collection<RoleRow>(db, TABLES.roles),
    supportGroups: collection<SupportGroupRow>(db, TABLES.supportGroups),
    projectRoles: db.table<NamedRow>(TABLES.projectRoles),
    domains: db.table<NamedRow>(TABLES.domains),
  };
}
