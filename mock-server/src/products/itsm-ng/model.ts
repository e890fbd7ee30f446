import type { ProductDb } from '../../store/product-db.js';
import type { GroupIndex, Row, SortedView, Table, UniqueIndex } from '../../store/table.js';
import { TextIndex } from '../../store/text-index.js';
import { Lru } from '../../lru.js';
import type { Column } from './schema.js';
import { compareCells, fold } from './text.js';

/**
 * The product's tables in the store, their indexes, and the derived tree data (complete names,
 * levels, sons) of the tree dropdowns (entities, groups, locations).
 */

export type Cell = string | number | null;

/** A stored row: the id plus only the columns that differ from their defaults. */
export interface Rec extends Row {
  readonly id: number;
  readonly [column: string]: Cell | undefined;
}

export const TABLES = {
  users: 'users',
  profiles: 'profiles',
  entities: 'entities',
  groups: 'groups',
  locations: 'locations',
  titles: 'usertitles',
  categories: 'usercategories',
  emails: 'useremails',
  profileUsers: 'profiles_users',
  groupUsers: 'groups_users',
  logs: 'logs',
  documentItems: 'documents_items',
} as const;

/** A column's value, its default when not stored. */
export function cell(row: Rec, col: Column): Cell {
  const v = row[col.name];
  if (v !== undefined) return v;
  return col.fallback !== undefined ? (row[col.fallback] ?? col.def) : col.def;
}

/**
 * Seeded people share one password hash, kept once in the product's metadata; their rows hold this
 * marker instead of 100,000 copies of the same hash.
 */
export const SHARED_PASSWORD = '@roster';
export const SHARED_PASSWORD_META = 'rosterPasswordHash';

/** The hash a user's password is checked against. */
export function storedHash(m: Model, row: Rec): string | undefined {
  const p = row.password;
  if (p === SHARED_PASSWORD) return m.db.getMeta<string>(SHARED_PASSWORD_META);
  return typeof p === 'string' && p !== '' ? p : undefined;
}

/** A row with `changes` applied, keeping it compact (defaults are dropped). */
export function withChanges(row: Rec, columns: ReadonlyMap<string, Column>, changes: Record<string, Cell>): Rec {
  const next: Record<string, Cell> = {};
  for (const key of Object.keys(row)) if (row[key] !== undefined) next[key] = row[key] as Cell;
  for (const key of Object.keys(changes)) {
    const col = columns.get(key);
    const value = changes[key];
    if (col && key !== 'id' && value === col.def) delete next[key];
    else next[key] = value;
  }
  return next as unknown as Rec;
}

export interface TreeNode {
  completename: string;
  level: number;
  /** Ancestor ids, root first (not including the node). */
  ancestors: number[];
  /** The node and all its descendants. */
  sons: Set<number>;
}

/** Tree data of a self-referencing table, recomputed when the table changes. */
export class Tree {
  private version = -1;
  private nodes = new Map<number, TreeNode>();

  constructor(
    private readonly table: Table<Rec>,
    private readonly parentField: string,
  ) {}

  node(id: number): TreeNode | undefined {
    this.refresh();
    return this.nodes.get(id);
  }

  /** The node and its descendants (just `[id]` for an unknown id, as SQL `IN` would see it). */
  sonsOf(id: number): Set<number> {
    return this.node(id)?.sons ?? new Set([id]);
  }

  private refresh(): void {
    if (this.version === this.table.version) return;
    const rows = new Map<number, Rec>();
    for (const r of this.table.values()) rows.set(r.id, r);
    const nodes = new Map<number, TreeNode>();
    const build = (id: number, seen: Set<number>): TreeNode => {
      const known = nodes.get(id);
      if (known) return known;
      const row = rows.get(id)!;
      const parentId = Number(row[this.parentField] ?? 0);
      const name = String(row.name ?? '');
      let node: TreeNode;
      if (parentId !== id && rows.has(parentId) && !seen.has(parentId)) {
        seen.add(id);
        const parent = build(parentId, seen);
        node = { completename: `${parent.completename} > ${name}`, level: parent.level + 1, ancestors: [...parent.ancestors, parentId], sons: new Set([id]) };
      } else node = { completename: name, level: 1, ancestors: [], sons: new Set([id]) };
      nodes.set(id, node);
      return node;
    };
    for (const id of rows.keys()) build(id, new Set());
    for (const [id, node] of nodes) for (const a of node.ancestors) nodes.get(a)?.sons.add(id);
    this.nodes = nodes;
    this.version = this.table.version;
  }
}

const byName = (a: Rec, b: Rec) => compareCells(a.name, b.name);
/** The order of the login views (SortedView breaks ties by id). */
export const byNameThenId = (a: Rec, b: Rec): number => byName(a, b) || a.id - b.id;
const folded = (v: unknown) => (v === null || v === undefined ? '' : fold(String(v)));
const isTrashed = (r: Rec) => r.is_deleted === 1;

/**
 * Rows by an integer column: a SortedView on that column, searched by bisection over a typed copy
 * of its keys (rebuilt after writes), so a lookup is cheap enough to run once per row of a search.
 */
export class ByColumn {
  private readonly view: SortedView<Rec>;
  private keys = new Float64Array(0);
  private version = -1;

  constructor(
    private readonly table: Table<Rec>,
    private readonly column: string,
  ) {
    this.view = table.sorted((a, b) => ((a[column] ?? 0) as number) - ((b[column] ?? 0) as number));
  }

  /** The rows whose column equals `value`, in id order. */
  get(value: number): Rec[] {
    const rows = this.view.all();
    if (this.version !== this.table.version || this.keys.length !== rows.length) {
      const keys = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) keys[i] = (rows[i][this.column] ?? 0) as number;
      this.keys = keys;
      this.version = this.table.version;
    }
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    const out: Rec[] = [];
    for (let i = lo; i < keys.length && keys[i] === value; i++) out.push(rows[i]);
    return out;
  }
}

export class Model {
  readonly users: Table<Rec>;
  readonly profiles: Table<Rec>;
  readonly entities: Table<Rec>;
  readonly groups: Table<Rec>;
  readonly locations: Table<Rec>;
  readonly titles: Table<Rec>;
  readonly categories: Table<Rec>;
  readonly emails: Table<Rec>;
  readonly profileUsers: Table<Rec>;
  readonly groupUsers: Table<Rec>;
  readonly logs: Table<Rec>;
  readonly documentItems: Table<Rec>;

  readonly usersBySupervisor: GroupIndex<number, Rec>;
  /** Users by API token (the `user_token` of initSession). */
  readonly usersByApiToken: UniqueIndex<string, Rec>;
  /** Default list orders: by id and by login, separately for live and trashed users. */
  readonly usersById: { live: SortedView<Rec>; trash: SortedView<Rec> };
  readonly usersByName: { live: SortedView<Rec>; trash: SortedView<Rec> };
  /** Per-user links, as arrays sorted by user (a Set per user would cost ~100 bytes each). */
  readonly emailsByUser: ByColumn;
  readonly profileUsersByUser: ByColumn;
  readonly groupUsersByUser: ByColumn;
  readonly profileUsersByProfile: GroupIndex<number, Rec>;
  readonly groupUsersByGroup: GroupIndex<number, Rec>;
  readonly logsByItem: GroupIndex<string, Rec>;

  /** Matching rows of recent searches and sorted collections, of the current data (`keepOnly(searchVersion())`), keyed by query. */
  readonly searchCache = new Lru<string, Rec[]>({ entries: 16, product: 'itsm-ng' });
  readonly listCache = new Lru<string, Rec[]>({ entries: 8, product: 'itsm-ng' });

  /**
   * Substring indexes for `contains` searches (folded as the search compares): live users' login,
   * last and first name, in login order; and e-mail addresses. Built on first use.
   */
  readonly userText: TextIndex<Rec>;
  readonly emailText: TextIndex<Rec>;

  readonly entityTree: Tree;
  readonly groupTree: Tree;
  readonly locationTree: Tree;

  constructor(readonly db: ProductDb) {
    const t = (name: string) => db.table<Rec>(name);
    this.users = t(TABLES.users);
    this.profiles = t(TABLES.profiles);
    this.entities = t(TABLES.entities);
    this.groups = t(TABLES.groups);
    this.locations = t(TABLES.locations);
    this.titles = t(TABLES.titles);
    this.categories = t(TABLES.categories);
    this.emails = t(TABLES.emails);
    this.profileUsers = t(TABLES.profileUsers);
    this.groupUsers = t(TABLES.groupUsers);
    this.logs = t(TABLES.logs);
    this.documentItems = t(TABLES.documentItems);

    this.usersBySupervisor = this.users.group((r) => (typeof r.users_id_supervisor === 'number' && r.users_id_supervisor > 0 ? r.users_id_supervisor : undefined));
    this.usersByApiToken = this.users.unique((r) => (typeof r.api_token === 'string' && r.api_token ? r.api_token : undefined));
    const view = (compare: (a: Rec, b: Rec) => number, filter: (r: Rec) => boolean) => this.users.sorted(compare, filter);
    this.usersById = { live: view(() => 0, (r) => !isTrashed(r)), trash: view(() => 0, isTrashed) };
    this.usersByName = { live: view(byName, (r) => !isTrashed(r)), trash: view(byName, isTrashed) };
    this.emailsByUser = new ByColumn(this.emails, 'users_id');
    this.profileUsersByUser = new ByColumn(this.profileUsers, 'users_id');
    this.groupUsersByUser = new ByColumn(this.groupUsers, 'users_id');
    this.profileUsersByProfile = this.profileUsers.group((r) => r.profiles_id as number);
    this.groupUsersByGroup = this.groupUsers.group((r) => r.groups_id as number);
    this.logsByItem = this.logs.group((r) => `${r.itemtype}:${r.items_id}`);

    this.userText = new TextIndex(this.users, {
      text: (r) => `${folded(r.name)}\u0001${folded(r.realname)}\u0001${folded(r.firstname)}`,
      fold: (s) => s,
      filter: (r) => !isTrashed(r),
      // the index reads only all() of its order
      order: this.usersByName.live,
      compare: byNameThenId,
    });
    this.emailText = new TextIndex(this.emails, { text: (r) => folded(r.email), fold: (s) => s });

    this.entityTree = new Tree(this.entities, 'entities_id');
    this.groupTree = new Tree(this.groups, 'groups_id');
    this.locationTree = new Tree(this.locations, 'locations_id');
  }

  /** Builds the lazily created list orders and link lookups. */
  warm(): void {
    this.usersByName.live.all();
    this.usersById.live.all();
    for (const by of [this.emailsByUser, this.profileUsersByUser, this.groupUsersByUser]) by.get(0);
  }

  /** Users whose login equals `name` under the collation (live and trashed). */
  usersNamed(name: string): Rec[] {
    const out: Rec[] = [];
    for (const view of [this.usersByName.live, this.usersByName.trash]) {
      const rows = view.all();
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareCells(rows[mid].name, name) < 0) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < rows.length && compareCells(rows[i].name, name) === 0; i++) out.push(rows[i]);
    }
    return out;
  }

  /** The next id of a table; ids of purged rows are never handed out again (like AUTO_INCREMENT). */
  nextId(table: Table<Rec>): number {
    const floor = this.db.getMeta<number>(`autoinc.${table.name}`) ?? 0;
    return Math.max(table.nextId(), floor + 1);
  }

  /** Deletes a row, remembering its id if it was the highest so it is not reused after a restart. */
  deleteRow(table: Table<Rec>, id: number): void {
    const wasHighest = id >= table.highestId;
    if (!table.delete(id)) return;
    if (wasHighest && id > (this.db.getMeta<number>(`autoinc.${table.name}`) ?? 0)) this.db.setMeta(`autoinc.${table.name}`, id);
  }

  /** A version that changes whenever any table a user search reads changes. */
  searchVersion(): string {
    return [this.users, this.emails, this.groupUsers, this.profileUsers, this.groups, this.locations, this.entities, this.profiles, this.titles, this.categories]
      .map((t) => t.version)
      .join('.');
  }
}
