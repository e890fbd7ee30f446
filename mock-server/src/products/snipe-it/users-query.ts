import type { SortedView } from '../../store/table.js';
import { filled, get, scalar, type InputObject } from './input.js';
import { Lru } from '../../lru.js';
import { direction } from './listing.js';
import type { SnipeModel, UserRow } from './model.js';
import { compareNumber, compareText, fold, mysqlNumber } from './php.js';
import { PlacedRows, RowArray, type UserList } from './user-list.js';
import { UserSearch } from './user-search.js';

type Scope = 'active' | 'deleted' | 'all';
type Key = (u: UserRow) => string | number | null | undefined;

/** Matches fewer than one in this many rows of an order are put in it by sorting, more by reading it through. */
const FEW = 16;

/** Thrown for requests that make the real controller fail with a database or method error (HTTP 500). */
export class QueryFailure extends Error {}

const TEXT_COLUMNS = [
  'last_name', 'first_name', 'email', 'jobtitle', 'username', 'employee_num', 'phone', 'address', 'city', 'state', 'country', 'zip', 'website',
  'locale', 'notes', 'display_name', 'mobile',
] as const;
const NUMBER_COLUMNS = ['id', 'activated', 'ldap_import', 'remote', 'vip', 'autoassign_licenses', 'two_factor_enrolled', 'two_factor_optin'] as const;
const DATE_COLUMNS = ['created_at', 'updated_at', 'last_login', 'start_date', 'end_date'] as const;
const COUNT_COLUMNS = ['assets_count', 'licenses_count', 'consumables_count', 'accessories_count', 'manages_users_count', 'manages_locations_count'] as const;

/** A column as stored, with the defaults of absent optional columns filled in. */
function column(name: string): Key {
  switch (name) {
    case 'locale':
      return (u) => (u.locale === undefined ? 'en-US' : u.locale);
    case 'autoassign_licenses':
      return (u) => u.autoassign_licenses ?? 1;
    case 'ldap_import':
    case 'remote':
    case 'vip':
      return (u) => (u[name] as number | undefined) ?? 0;
    case 'two_factor_enrolled':
    case 'two_factor_optin':
      return () => 0;
    default:
      return (u) => (u as unknown as Record<string, string | number | null | undefined>)[name];
  }
}

interface SortSpec {
  /** Cache key. */
  readonly id: string;
  /** The ORDER BY terms, compared in the collation (text) or numerically. */
  readonly terms: ReadonlyArray<{ key: Key; text: boolean }>;
  /** Depends on other rows or tables, so it cannot be kept incrementally. */
  readonly dynamic: boolean;
}

/** The ORDER BY the controller's sort switch builds. */
function sortSpec(model: SnipeModel, sort: unknown): SortSpec {
  const text = (name: string) => ({ key: column(name), text: true });
  const num = (name: string) => ({ key: column(name), text: false });
  const userName = (id: (u: UserRow) => number | null | undefined) => {
    const first: Key = (u) => {
      const v = id(u);
      return v ? model.users.get(v)?.first_name : null;
    };
    const last: Key = (u) => {
      const v = id(u);
      return v ? (model.users.get(v)?.last_name ?? null) : null;
    };
    return [
      { key: first, text: true },
      { key: last, text: true },
    ];
  };
  switch (sort) {
    case 'manager':
      return { id: 'manager', terms: userName((u) => u.manager_id), dynamic: true };
    case 'created_by':
      return { id: 'created_by', terms: userName((u) => u.created_by), dynamic: true };
    case 'location':
      return { id: 'location', terms: [{ key: (u) => (u.location_id ? model.locations.get(u.location_id)?.name : null), text: true }], dynamic: true };
    case 'department':
      return { id: 'department', terms: [{ key: (u) => (u.department_id ? model.departments.get(u.department_id)?.name : null), text: true }], dynamic: true };
    case 'company':
      return { id: 'company', terms: [{ key: (u) => (u.company_id ? model.companies.get(u.company_id)?.name : null), text: true }], dynamic: true };
    case 'first_name':
      return { id: 'first_name,last_name', terms: [text('first_name'), text('last_name')], dynamic: false };
    case 'last_name':
      return { id: 'last_name,first_name', terms: [text('last_name'), text('first_name')], dynamic: false };
    case 'groups':
      // there is no users.groups column: MySQL rejects the ORDER BY
      throw new QueryFailure("Unknown column 'groups' in 'order clause'");
  }
  const name = typeof sort === 'string' ? sort : '';
  if ((TEXT_COLUMNS as readonly string[]).includes(name)) return { id: name, terms: [text(name)], dynamic: false };
  if ((NUMBER_COLUMNS as readonly string[]).includes(name) || (DATE_COLUMNS as readonly string[]).includes(name)) {
    return { id: name, terms: [(DATE_COLUMNS as readonly string[]).includes(name) ? text(name) : num(name)], dynamic: false };
  }
  if ((COUNT_COLUMNS as readonly string[]).includes(name)) return { id: name, terms: [{ key: countKey(model, name), text: false }], dynamic: true };
  return { id: 'first_name', terms: [text('first_name')], dynamic: false };
}

function countKey(model: SnipeModel, name: string): Key {
  switch (name) {
    case 'assets_count':
      return (u) => model.assetsByUser.count(u.id);
    case 'licenses_count':
      return (u) => model.seatsByUser.count(u.id);
    case 'accessories_count':
      return (u) => model.checkoutsByUser.count(u.id);
    case 'manages_users_count':
      return (u) => model.activeByManager.count(u.id);
    case 'manages_locations_count':
      return (u) => model.locationsByManager.count(u.id);
    default:
      return () => 0;
  }
}

function comparator(spec: SortSpec, dir: 1 | -1): (a: UserRow, b: UserRow) => number {
  const terms = spec.terms;
  return (a, b) => {
    for (const t of terms) {
      const ka = t.key(a);
      const kb = t.key(b);
      const c = t.text ? compareText(ka as string | null | undefined, kb as string | null | undefined) : compareNumber(ka as number | null | undefined, kb as number | null | undefined);
      if (c !== 0) return c * dir;
    }
    return 0;
  };
}

function inScope(scope: Scope): (u: UserRow) => boolean {
  if (scope === 'active') return (u) => !u.deleted_at;
  if (scope === 'deleted') return (u) => !!u.deleted_at;
  return () => true;
}

/** Ordered rows for one sort, direction and scope. */
interface Ordering {
  /** Names the order (sort, direction and scope). */
  readonly id: string;
  rows(): readonly UserRow[];
  compare(a: UserRow, b: UserRow): number;
  /** Candidates can be ordered with `compare` (false for orders derived from other tables). */
  readonly sortable: boolean;
}

/**
 * `GET /users`: the controller's filters, TextSearch, sort switch and paging over the users table.
 * Orders by plain columns are SortedViews kept up to date as rows change; orders by relations and
 * counts are sorted on demand and cached until the data changes.
 */
export class UserQuery {
  private readonly views = new Map<string, SortedView<UserRow>>();
  // a sort of 100,000 rows by a relation takes 100-300 ms: not redone after every pause
  private readonly dynamicOrders = new Lru<string, readonly UserRow[]>({ entries: 4, keepWhenIdle: true });
  private readonly results = new Lru<string, UserList>({ entries: 8, product: 'snipe-it' });
  private readonly places = new Lru<string, Int32Array>({ entries: 4, product: 'snipe-it' });
  private readonly search: UserSearch;

  /** `indexed: false` reads every row for every search (the reference the index is tested against). */
  constructor(
    private readonly model: SnipeModel,
    { indexed = true } = {},
  ) {
    this.search = new UserSearch(model, indexed);
  }

  reset(): void {
    this.dynamicOrders.clear();
    this.results.clear();
    this.places.clear();
    this.search.reset();
  }

  /**
   * Builds the default order (first_name descending) and `sort=first_name&order=asc`, the order clients
   * listing by name ask for (the extension does), ahead of the first request.
   */
  warm(): void {
    this.ordering(sortSpec(this.model, undefined), -1, 'active').rows();
    this.ordering(sortSpec(this.model, 'first_name'), 1, 'active').rows();
  }

  /** Builds the search index ahead of the first search. */
  warmSearch(): void {
    this.search.warm();
  }

  /** All matching rows in order (the caller pages them). */
  run(input: InputObject): UserList {
    const scope: Scope = isTrue(get(input, 'deleted')) ? 'deleted' : isTrue(get(input, 'all')) ? 'all' : 'active';
    const dir = direction(input);
    const spec = sortSpec(this.model, get(input, 'sort'));
    const predicates = this.filters(input);
    const search = filled(input, 'search') ? String(scalar(get(input, 'search'))) : undefined;
    const ordering = this.ordering(spec, dir, scope);
    if (!predicates.length && search === undefined) return new RowArray(ordering.rows());

    const key = `${scope}|${spec.id}|${dir}|${search ?? ''}|${this.filterKey(input)}`;
    this.results.keepOnly(this.model.version);
    const hit = this.results.get(key);
    if (hit) return hit;
    const match = search === undefined ? undefined : this.search.match(search);
    const keep = (u: UserRow) => {
      for (const p of predicates) if (!p(u)) return false;
      return match === undefined || match.has(u);
    };
    const candidates = scope === 'active' && ordering.sortable ? this.indexed(input) : undefined;
    let out: UserList;
    if (match?.found && scope === 'active') {
      // every row put in order matches the search: only the filters are left to check
      const rows = ordering.rows();
      const places = this.inOrder(match.found, ordering, rows);
      out = new PlacedRows(rows, predicates.length ? places.filter((place) => keep(rows[place])) : places);
    } else if (candidates) {
      const found: UserRow[] = [];
      for (const u of candidates) if (keep(u)) found.push(u);
      out = new RowArray(found.sort((a, b) => ordering.compare(a, b) || a.id - b.id));
    } else {
      const found: UserRow[] = [];
      for (const u of ordering.rows()) if (keep(u)) found.push(u);
      out = new RowArray(found);
    }
    this.results.set(key, out);
    return out;
  }

  private ordering(spec: SortSpec, dir: 1 | -1, scope: Scope): Ordering {
    const compare = comparator(spec, dir);
    if (spec.dynamic) {
      const key = `${spec.id}|${dir}|${scope}`;
      const rows = () => {
        this.dynamicOrders.keepOnly(this.model.version);
        let hit = this.dynamicOrders.get(key);
        if (!hit) {
          const filter = inScope(scope);
          const list: UserRow[] = [];
          for (const u of this.model.users.values()) if (filter(u)) list.push(u);
          // compute each row's keys once: relation and count look-ups are not free
          const keyed = list.map((u) => ({ u, k: spec.terms.map((t) => t.key(u)) }));
          keyed.sort((a, b) => {
            for (let i = 0; i < spec.terms.length; i++) {
              const c = spec.terms[i].text
                ? compareText(a.k[i] as string | null | undefined, b.k[i] as string | null | undefined)
                : compareNumber(a.k[i] as number | null | undefined, b.k[i] as number | null | undefined);
              if (c !== 0) return c * dir;
            }
            return a.u.id - b.u.id;
          });
          hit = keyed.map((x) => x.u);
          this.dynamicOrders.set(key, hit);
        }
        return hit;
      };
      return { id: `${spec.id}|${dir}|${scope}`, rows, compare, sortable: false };
    }
    const viewKey = `${spec.id}|${dir}|${scope}`;
    let view = this.views.get(viewKey);
    if (!view) {
      view = this.model.users.sorted(compare, inScope(scope));
      this.views.set(viewKey, view);
    }
    const v = view;
    return { id: viewKey, rows: () => v.all(), compare, sortable: true };
  }

  /** The places in `rows` (`ordering`'s) of the rows among `ids`, ascending (no row object is read to order them). */
  private inOrder(ids: readonly number[], ordering: Ordering, rows: readonly UserRow[]): Int32Array {
    const places = this.placesIn(ordering, rows);
    if (ids.length * FEW < rows.length) {
      // few: sort their places
      const found = new Int32Array(ids.length);
      let n = 0;
      for (const id of ids) if (places[id]) found[n++] = places[id] - 1;
      return found.subarray(0, n).sort();
    }
    // many: flag their places, then read the flags in turn
    const flags = new Uint8Array(rows.length);
    let n = 0;
    for (const id of ids) {
      if (places[id]) {
        flags[places[id] - 1] = 1;
        n++;
      }
    }
    const found = new Int32Array(n);
    for (let i = 0, k = 0; k < n; i++) if (flags[i]) found[k++] = i;
    return found;
  }

  /** Each row's place in the order, by id (place + 1; 0 for rows not in it), until the data changes. */
  private placesIn(ordering: Ordering, rows: readonly UserRow[]): Int32Array {
    this.places.keepOnly(this.model.version);
    let places = this.places.get(ordering.id);
    if (!places) {
      places = new Int32Array(this.model.users.highestId + 1);
      for (let i = 0; i < rows.length; i++) places[rows[i].id] = i + 1;
      this.places.set(ordering.id, places);
    }
    return places;
  }

  /** The members of the first indexed filter, when one is given (an index look-up instead of a scan). */
  private indexed(input: InputObject): Iterable<UserRow> | undefined {
    const m = this.model;
    const pairs: Array<[string, (id: number) => ReadonlySet<UserRow>]> = [
      ['group_id', (id) => m.activeByGroup.get(id)],
      ['manager_id', (id) => m.activeByManager.get(id)],
      ['department_id', (id) => m.activeByDepartment.get(id)],
      ['location_id', (id) => m.activeByLocation.get(id)],
      ['company_id', (id) => m.activeByCompany.get(id)],
    ];
    for (const [name, lookup] of pairs) {
      if (!filled(input, name)) continue;
      const n = numeric(get(input, name));
      return Number.isInteger(n) ? lookup(n) : [];
    }
    return undefined;
  }

  /** One predicate per filled filter parameter, as the controller adds `where` clauses. */
  private filters(input: InputObject): Array<(u: UserRow) => boolean> {
    const m = this.model;
    const out: Array<(u: UserRow) => boolean> = [];
    const value = (name: string) => scalar(get(input, name));
    for (const name of ['activated', 'company_id', 'location_id', 'created_by', 'department_id', 'manager_id', 'ldap_import', 'remote', 'vip', 'two_factor_enrolled', 'two_factor_optin', 'autoassign_licenses']) {
      if (!filled(input, name)) continue;
      const n = numeric(value(name));
      const col = column(name);
      out.push((u) => {
        const v = col(u);
        return v !== null && v !== undefined && Number(v) === n;
      });
    }
    for (const name of ['email', 'username', 'first_name', 'last_name', 'display_name', 'employee_num', 'state', 'country', 'website', 'zip', 'locale', 'start_date', 'end_date']) {
      if (!filled(input, name)) continue;
      const wanted = fold(String(value(name)));
      const col = column(name);
      out.push((u) => {
        const v = col(u);
        return v !== null && v !== undefined && fold(String(v)) === wanted;
      });
    }
    if (filled(input, 'group_id')) {
      const n = numeric(value('group_id'));
      out.push((u) => !!u.groups && u.groups.includes(n));
    }
    for (const name of ['assets_count', 'consumables_count', 'licenses_count', 'accessories_count']) {
      if (!filled(input, name)) continue;
      const n = numeric(value(name));
      const count = countKey(m, name);
      out.push((u) => count(u) === n);
    }
    for (const name of ['manages_users_count', 'manages_locations_count']) {
      // the controller calls has() with the count's alias, which is no relation of User
      if (filled(input, name)) throw new QueryFailure(`Call to undefined method App\\Models\\User::${name}()`);
    }
    return out;
  }

  private filterKey(input: InputObject): string {
    const parts: string[] = [];
    for (const k of Object.keys(input).sort()) {
      if (k === 'offset' || k === 'limit') continue;
      parts.push(`${k}=${JSON.stringify(input[k])}`);
    }
    return parts.join('&');
  }
}

function isTrue(v: unknown): boolean {
  return v === 'true' || v === true;
}

/** A filter value as MySQL compares it with a number column. */
function numeric(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return mysqlNumber(String(v ?? ''));
}
