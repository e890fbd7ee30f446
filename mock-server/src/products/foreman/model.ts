import type { ProductDb } from '../../store/product-db.js';
import type { GroupIndex, SortedView, Table, UniqueIndex } from '../../store/table.js';
import { AUTH_HIDDEN, DEFAULT_ROLE_ID } from './constants.js';

/**
 * Foreman's records as the mock stores them: only what varies is stored (absent optional fields take
 * the model's defaults at output time), timestamps are epoch milliseconds, and memberships live on the
 * member (a user row lists its roles, direct user groups and taxonomies).
 */
export interface UserRow {
  readonly id: number;
  readonly login: string;
  readonly firstname: string | null;
  readonly lastname: string | null;
  readonly mail: string | null;
  readonly description?: string | null;
  /** Own admin flag (absent: false). */
  readonly admin?: boolean;
  readonly disabled?: boolean;
  /** Absent: true (the column default). */
  readonly mailEnabled?: boolean;
  readonly authSource: number;
  readonly timezone?: string | null;
  readonly locale?: string | null;
  readonly lastLogin: number | null;
  readonly created: number;
  readonly updated: number;
  /** Password hash; absent: the seeded users' shared hash (meta `seededHash`); null: none. */
  readonly pw?: string | null;
  /** Direct roles, without "Default role" (every user holds it implicitly). */
  readonly roles?: readonly number[];
  /** Direct user-group memberships. */
  readonly groups?: readonly number[];
  readonly locs?: readonly number[];
  readonly orgs?: readonly number[];
  readonly defLoc?: number | null;
  readonly defOrg?: number | null;
}

export interface UsergroupRow {
  readonly id: number;
  readonly name: string;
  readonly admin: boolean;
  /** User groups that are members of this one. */
  readonly groups: readonly number[];
  readonly roles: readonly number[];
  readonly created: number;
  readonly updated: number;
}

export interface RoleRow {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly origin: string | null;
  /** 0 normal, 2 "Default role". */
  readonly builtin: number;
  readonly clonedFrom: number | null;
  readonly permissions: readonly string[];
  readonly locs: readonly number[];
  readonly orgs: readonly number[];
  readonly created: number;
  readonly updated: number;
}

export type TaxonomyType = 'Location' | 'Organization';

export interface TaxonomyRow {
  readonly id: number;
  readonly type: TaxonomyType;
  readonly name: string;
  readonly parent: number | null;
  readonly description: string | null;
  readonly created: number;
  readonly updated: number;
}

export type AuthSourceType = 'AuthSourceInternal' | 'AuthSourceHidden' | 'AuthSourceLdap' | 'AuthSourceExternal';

export interface LdapSettings {
  readonly host: string;
  readonly port: number;
  readonly account: string | null;
  readonly baseDn: string;
  readonly ldapFilter: string | null;
  readonly attrLogin: string;
  readonly attrFirstname: string;
  readonly attrLastname: string;
  readonly attrMail: string;
  readonly attrPhoto: string | null;
  readonly onTheFlyRegister: boolean;
  readonly usergroupSync: boolean;
  readonly tls: boolean;
  readonly serverType: string;
  readonly groupsBase: string | null;
  readonly useNetgroups: boolean;
}

export interface AuthSourceRow {
  readonly id: number;
  readonly type: AuthSourceType;
  readonly name: string;
  readonly ldap?: LdapSettings;
  readonly locs: readonly number[];
  readonly orgs: readonly number[];
  readonly created: number;
  readonly updated: number;
}

export const NO_IDS: readonly number[] = Object.freeze([]);
const NO_GROUPS: readonly UsergroupRow[] = Object.freeze([]);

export const isHidden = (u: UserRow): boolean => u.authSource === AUTH_HIDDEN;

/** A lower-case, accent-free key: PostgreSQL's en_US collation compares names roughly like this. */
export function textKey(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Compares text by collation key, then by the raw text. */
export function compareKeyed(ka: string, a: string, kb: string, b: string): number {
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Collation keys of firstnames, by value: names repeat (a few thousand distinct among 100,000 users),
 * so this stays small where a key per row would not. Bounded: past the limit it starts afresh.
 */
const firstnameKeys = new Map<string, string>();
const FIRSTNAME_KEYS_LIMIT = 50_000;
function firstnameKey(u: UserRow): string {
  const name = u.firstname ?? '';
  let key = firstnameKeys.get(name);
  if (key === undefined) {
    key = textKey(name);
    if (firstnameKeys.size >= FIRSTNAME_KEYS_LIMIT) firstnameKeys.clear();
    firstnameKeys.set(name, key);
  }
  return key;
}

/** The tables and indexes of the emulation, declared once per app. */
export class ForemanModel {
  readonly users: Table<UserRow>;
  readonly usergroups: Table<UsergroupRow>;
  readonly roles: Table<RoleRow>;
  readonly taxonomies: Table<TaxonomyRow>;
  readonly authSources: Table<AuthSourceRow>;

  /** Visible users by firstname (case-insensitive, NULLs last): the default list order. */
  readonly usersByFirstname: SortedView<UserRow>;
  /** Visible users by id: the order of lists restricted to a parent. */
  readonly usersById: SortedView<UserRow>;
  readonly usergroupByName: UniqueIndex<string, UsergroupRow>;
  /** Parent groups by member group id. */
  readonly parentGroups: GroupIndex<number, UsergroupRow>;

  private closureCache: { version: number; up: Map<number, ReadonlySet<number>> } | undefined;
  private joinCache = new WeakMap<readonly number[], readonly UsergroupRow[]>();
  private joinCacheVersion = -1;

  /** One shared, frozen array per distinct id list (see `internIds`). */
  private readonly idLists = new Map<string, readonly number[]>();

  constructor(readonly db: ProductDb) {
    this.users = db.table<UserRow>('users');
    this.internRows();
    db.onReset(() => {
      this.idLists.clear();
      this.internRows();
    });
    this.usergroups = db.table<UsergroupRow>('usergroups');
    this.roles = db.table<RoleRow>('roles');
    this.taxonomies = db.table<TaxonomyRow>('taxonomies');
    this.authSources = db.table<AuthSourceRow>('auth_sources');

    this.usersByFirstname = this.users.sorted(compareFirstname, (u) => !isHidden(u));
    this.usersById = this.users.sorted(() => 0, (u) => !isHidden(u));
    this.usergroupByName = this.usergroups.unique((g) => g.name);
    this.parentGroups = this.usergroups.group((g) => g.groups);
  }

  // Indexes over all users, made on first use: most requests need none of them, and each costs a
  // pass over 100,000 rows and some megabytes.
  private byLogin?: UniqueIndex<string, UserRow>;
  private byRole?: GroupIndex<number, UserRow>;
  private byGroup?: GroupIndex<number, UserRow>;
  private byLocation?: GroupIndex<number, UserRow>;
  private byOrganization?: GroupIndex<number, UserRow>;
  private byAuthSource?: GroupIndex<number, UserRow>;

  /** Users by login, lower-cased. */
  get userByLogin(): UniqueIndex<string, UserRow> {
    return (this.byLogin ??= this.users.unique((u) => u.login.toLowerCase()));
  }
  /** Direct holders of a role (Default role excluded). */
  get usersByRole(): GroupIndex<number, UserRow> {
    return (this.byRole ??= this.users.group((u) => u.roles));
  }
  /** Direct members of a user group. */
  get usersByGroup(): GroupIndex<number, UserRow> {
    return (this.byGroup ??= this.users.group((u) => u.groups));
  }
  get usersByLocation(): GroupIndex<number, UserRow> {
    return (this.byLocation ??= this.users.group((u) => u.locs));
  }
  get usersByOrganization(): GroupIndex<number, UserRow> {
    return (this.byOrganization ??= this.users.group((u) => u.orgs));
  }
  get usersByAuthSource(): GroupIndex<number, UserRow> {
    return (this.byAuthSource ??= this.users.group((u) => u.authSource));
  }

  /**
   * The shared copy of an id list. Users' role, group and taxonomy lists repeat a few hundred distinct
   * values across 100,000 rows: sharing them saves most of the memory rows take, and lets renderings
   * of a list be cached by its identity. The arrays are frozen (rows are never changed in place).
   */
  internIds(list: readonly number[]): readonly number[] {
    if (list.length === 0) return NO_IDS;
    for (let i = 0; i < list.length; i++) if (!Number.isInteger(list[i])) return list;
    const key = list.length === 1 ? String(list[0]) : list.join(',');
    let shared = this.idLists.get(key);
    if (shared === undefined) {
      shared = Object.isFrozen(list) ? list : Object.freeze(list.slice());
      this.idLists.set(key, shared);
    }
    return shared;
  }

  /** Swaps the id lists of the stored users for their shared copies (at start-up and after a reset). */
  internRows(): void {
    for (const u of this.users.values()) {
      const w = u as { -readonly [K in keyof UserRow]: UserRow[K] };
      if (u.roles !== undefined && u.roles.length) w.roles = this.internIds(u.roles);
      if (u.groups !== undefined && u.groups.length) w.groups = this.internIds(u.groups);
      if (u.locs !== undefined && u.locs.length) w.locs = this.internIds(u.locs);
      if (u.orgs !== undefined && u.orgs.length) w.orgs = this.internIds(u.orgs);
    }
  }

  user(id: number): UserRow | undefined {
    return this.users.get(id);
  }

  /** Every role the user holds directly, "Default role" included. */
  roleIdsOf(u: UserRow): readonly number[] {
    const own = u.roles ?? NO_IDS;
    return own.includes(DEFAULT_ROLE_ID) ? own : [DEFAULT_ROLE_ID, ...own];
  }

  /** Group id → the ids of every group containing it, directly or through nesting (itself included). */
  private upward(): Map<number, ReadonlySet<number>> {
    const version = this.usergroups.version;
    if (this.closureCache?.version === version) return this.closureCache.up;
    const up = new Map<number, ReadonlySet<number>>();
    for (const g of this.usergroups.values()) {
      const seen = new Set<number>([g.id]);
      const queue = [g.id];
      while (queue.length) {
        const id = queue.pop()!;
        for (const parent of this.parentGroups.get(id)) {
          if (!seen.has(parent.id)) {
            seen.add(parent.id);
            queue.push(parent.id);
          }
        }
      }
      up.set(g.id, seen);
    }
    this.closureCache = { version, up };
    return up;
  }

  /** The groups containing group `id`, transitively, itself included. */
  groupAncestors(id: number): ReadonlySet<number> {
    return this.upward().get(id) ?? new Set([id]);
  }

  /** A user's cached groups in no particular order, memoised per membership list (search joins them per row). */
  cachedGroupRows(u: UserRow): readonly UsergroupRow[] {
    const direct = u.groups;
    if (!direct || !direct.length) return NO_GROUPS;
    if (this.joinCacheVersion !== this.usergroups.version) {
      this.joinCache = new WeakMap();
      this.joinCacheVersion = this.usergroups.version;
    }
    let rows = this.joinCache.get(direct);
    if (!rows) {
      rows = this.cachedGroupsOf(u);
      this.joinCache.set(direct, rows);
    }
    return rows;
  }

  /** A user's `cached_usergroups`: direct groups and every group containing them, sorted by name. */
  cachedGroupsOf(u: UserRow): UsergroupRow[] {
    const direct = u.groups ?? NO_IDS;
    if (!direct.length) return [];
    const ids = new Set<number>();
    for (const g of direct) for (const a of this.groupAncestors(g)) ids.add(a);
    return this.groupsSortedByName(ids);
  }

  groupsSortedByName(ids: Iterable<number>): UsergroupRow[] {
    const out: UsergroupRow[] = [];
    for (const id of ids) {
      const g = this.usergroups.get(id);
      if (g) out.push(g);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  }

  /** Admin by own flag or through an admin user group. */
  effectiveAdmin(u: UserRow): boolean {
    if (u.admin) return true;
    for (const g of u.groups ?? NO_IDS) for (const a of this.groupAncestors(g)) if (this.usergroups.get(a)?.admin) return true;
    return false;
  }

  /** Every user (direct or through nested groups) of a group. */
  allMembersOf(groupId: number): Set<UserRow> {
    const members = new Set<UserRow>();
    const seen = new Set<number>();
    const visit = (id: number) => {
      if (seen.has(id)) return;
      seen.add(id);
      for (const u of this.usersByGroup.get(id)) members.add(u);
      for (const child of this.usergroups.get(id)?.groups ?? NO_IDS) visit(child);
    };
    visit(groupId);
    return members;
  }

  /** Taxonomy title: the names of its ancestors and its own, joined with "/". */
  title(t: TaxonomyRow): string {
    let title = t.name;
    let parent = t.parent === null ? undefined : this.taxonomies.get(t.parent);
    for (let depth = 0; parent && depth < 64; depth++) {
      title = `${parent.name}/${title}`;
      parent = parent.parent === null ? undefined : this.taxonomies.get(parent.parent);
    }
    return title;
  }

  /** A taxonomy and all its descendants. */
  subtreeIds(id: number): Set<number> {
    const ids = new Set<number>([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const t of this.taxonomies.values()) {
        if (t.parent !== null && ids.has(t.parent) && !ids.has(t.id)) {
          ids.add(t.id);
          grew = true;
        }
      }
    }
    return ids;
  }

  /** A taxonomy's ancestors (nearest first). */
  ancestorIds(id: number): number[] {
    const out: number[] = [];
    let t = this.taxonomies.get(id);
    while (t && t.parent !== null && out.length < 64) {
      out.push(t.parent);
      t = this.taxonomies.get(t.parent);
    }
    return out;
  }

  taxonomiesOfType(type: TaxonomyType): TaxonomyRow[] {
    const out: TaxonomyRow[] = [];
    for (const t of this.taxonomies.values()) if (t.type === type) out.push(t);
    return out;
  }

  /** Admins that are not hidden, by own flag or group (the "last admin" rules count these). */
  visibleAdminCount(): number {
    let n = 0;
    for (const u of this.usersById.all()) if (this.effectiveAdmin(u)) n++;
    return n;
  }
}

/** The default list order: firstname (see `compareFirstname`), ties by id, as the view sorts. */
export function compareListOrder(a: UserRow, b: UserRow): number {
  return compareFirstname(a, b) || a.id - b.id;
}

function compareFirstname(a: UserRow, b: UserRow): number {
  if (a.firstname === null || b.firstname === null) {
    if (a.firstname === b.firstname) return 0;
    return a.firstname === null ? 1 : -1;
  }
  return compareKeyed(firstnameKey(a), a.firstname, firstnameKey(b), b.firstname);
}
