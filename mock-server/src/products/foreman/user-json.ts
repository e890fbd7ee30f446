import { Lru } from '../../lru.js';
import { NO_IDS, type ForemanModel, type UserRow } from './model.js';
import { userMain, userShow, viewTime } from './serialize.js';
import { answerBody, type AnswerBody } from '../../http/answer-bytes.js';

/**
 * The users' views (serialize.ts `userMain`/`userShow`) rendered straight to JSON text, byte for byte
 * what `JSON.stringify` of those objects gives, without building them.
 *
 * A user row's own values are concatenated in the views' key order; everything that comes from the
 * small tables (taxonomies, auth sources, user groups, roles) is rendered once per distinct input
 * with the view helpers themselves and kept until one of those tables changes. Rows share their id
 * lists (see `ForemanModel.internIds`), so these fragments are looked up by list identity.
 */
export class UserJson {
  private stamp = '';
  private readonly authSourceName = new Map<number, string>();
  private readonly authSourceShow = new Map<number, string>();
  private readonly taxonomyBase = new Map<number, string>();
  private locationsShort = new WeakMap<readonly number[], string>();
  private locationsFull = new WeakMap<readonly number[], string>();
  private organizationsShort = new WeakMap<readonly number[], string>();
  private organizationsFull = new WeakMap<readonly number[], string>();
  private groupAdmin = new WeakMap<readonly number[], boolean>();
  private cachedGroups = new WeakMap<readonly number[], string>();
  private directGroups = new WeakMap<readonly number[], string>();
  private showRoles = new WeakMap<readonly number[], string>();
  /** Rendered show views of recently shown users (a bounded number: rows are re-rendered on change). */
  private readonly shown: Lru<number, { readonly row: UserRow; readonly stamp: string; readonly body: AnswerBody }>;

  constructor(
    private readonly model: ForemanModel,
    showCacheSize = 2048,
  ) {
    this.shown = new Lru({ entries: showCacheSize, product: 'foreman' });
  }

  /** The list item (users/main) as JSON. */
  main(u: UserRow): string {
    this.sync();
    if (!plain(u)) return JSON.stringify(userMain(this.model, u));
    const locs = u.locs ?? NO_IDS;
    const orgs = u.orgs ?? NO_IDS;
    return (
      this.head(u) +
      ',"locations":' +
      this.fragment(this.locationsShort, locs, () => JSON.stringify(userMain(this.model, probe(locs, NO_IDS)).locations)) +
      ',"default_organization":' +
      this.defaultTaxonomy(u.defOrg) +
      ',"organizations":' +
      this.fragment(this.organizationsShort, orgs, () => JSON.stringify(userMain(this.model, probe(NO_IDS, orgs)).organizations)) +
      ',"effective_admin":' +
      this.effectiveAdmin(u) +
      '}'
    );
  }

  /** The single object (users/show) as JSON. */
  show(u: UserRow): string {
    this.sync();
    return this.renderShow(u);
  }

  /** `show(u)` as a body to keep: the latest renderings are kept until the row or the small tables change. */
  showBody(u: UserRow): AnswerBody {
    this.sync();
    // a plain look-up: the hot set stays well inside the bound, so recency is not worth a Map write
    const hit = this.shown.peek(u.id);
    if (hit !== undefined && hit.row === u && hit.stamp === this.stamp) return hit.body;
    const body = answerBody(this.renderShow(u));
    this.shown.set(u.id, { row: u, stamp: this.stamp, body });
    return body;
  }

  private renderShow(u: UserRow): string {
    if (!plain(u)) return JSON.stringify(userShow(this.model, u));
    const m = this.model;
    const locs = u.locs ?? NO_IDS;
    const orgs = u.orgs ?? NO_IDS;
    const groups = u.groups ?? NO_IDS;
    const roles = u.roles ?? NO_IDS;
    let source = this.authSourceShow.get(u.authSource);
    if (source === undefined) {
      const shown = userShow(m, probe(NO_IDS, NO_IDS, NO_IDS, NO_IDS, u.authSource));
      const key = Object.keys(shown).find((k) => k.startsWith('auth_source_') && k !== 'auth_source_id' && k !== 'auth_source_name');
      source = key === undefined ? '' : `,${JSON.stringify(key)}:${JSON.stringify(shown[key])}`;
      this.authSourceShow.set(u.authSource, source);
    }
    return (
      this.head(u) +
      ',"locations":' +
      this.fragment(this.locationsFull, locs, () => JSON.stringify(userMain(m, probe(locs, NO_IDS), true).locations)) +
      ',"default_organization":' +
      this.defaultTaxonomy(u.defOrg) +
      ',"organizations":' +
      this.fragment(this.organizationsFull, orgs, () => JSON.stringify(userMain(m, probe(NO_IDS, orgs), true).organizations)) +
      ',"effective_admin":' +
      this.effectiveAdmin(u) +
      ',"cached_usergroups":' +
      this.fragment(this.cachedGroups, groups, () => JSON.stringify(userShow(m, probe(NO_IDS, NO_IDS, groups)).cached_usergroups)) +
      source +
      ',"mail_notifications":[],"roles":' +
      this.fragment(this.showRoles, roles, () => JSON.stringify(userShow(m, probe(NO_IDS, NO_IDS, NO_IDS, roles)).roles)) +
      ',"usergroups":' +
      this.fragment(this.directGroups, groups, () => JSON.stringify(userShow(m, probe(NO_IDS, NO_IDS, groups)).usergroups)) +
      '}'
    );
  }

  /** `firstname` … `default_location`, the keys both views share before the taxonomy lists. */
  private head(u: UserRow): string {
    return (
      '{"firstname":' +
      text(u.firstname) +
      ',"lastname":' +
      text(u.lastname) +
      ',"mail":' +
      text(u.mail) +
      ',"mail_enabled":' +
      literal(u.mailEnabled ?? true) +
      ',"admin":' +
      literal(u.admin ?? false) +
      ',"auth_source_id":' +
      literal(u.authSource) +
      ',"disabled":' +
      literal(u.disabled === undefined ? false : u.disabled) +
      ',"auth_source_name":' +
      this.sourceName(u.authSource) +
      ',"timezone":' +
      text(u.timezone ?? null) +
      ',"locale":' +
      text(u.locale ?? null) +
      ',"last_login_on":' +
      timeJson(u.lastLogin) +
      ',"created_at":' +
      timeJson(u.created) +
      ',"updated_at":' +
      timeJson(u.updated) +
      ',"id":' +
      literal(u.id) +
      ',"login":' +
      text(u.login) +
      ',"description":' +
      text(u.description ?? null) +
      ',"ssh_keys":[],"default_location":' +
      this.defaultTaxonomy(u.defLoc)
    );
  }

  private sourceName(id: number): string {
    let out = this.authSourceName.get(id);
    if (out === undefined) {
      out = JSON.stringify(this.model.authSources.get(id)?.name ?? null);
      this.authSourceName.set(id, out);
    }
    return out;
  }

  private defaultTaxonomy(id: number | null | undefined): string {
    if (id == null) return 'null';
    let out = this.taxonomyBase.get(id);
    if (out === undefined) {
      out = JSON.stringify(userMain(this.model, { ...probe(NO_IDS, NO_IDS), defLoc: id }).default_location);
      this.taxonomyBase.set(id, out);
    }
    return out;
  }

  private effectiveAdmin(u: UserRow): string {
    if (u.admin) return 'true';
    const groups = u.groups ?? NO_IDS;
    let admin = this.groupAdmin.get(groups);
    if (admin === undefined) {
      admin = this.model.effectiveAdmin(probe(NO_IDS, NO_IDS, groups));
      this.groupAdmin.set(groups, admin);
    }
    return admin ? 'true' : 'false';
  }

  private fragment(cache: WeakMap<readonly number[], string>, key: readonly number[], make: () => string): string {
    let out = cache.get(key);
    if (out === undefined) {
      out = make();
      cache.set(key, out);
    }
    return out;
  }

  /** Drops every fragment when a table they come from has changed. */
  private sync(): void {
    const m = this.model;
    const stamp = `${m.taxonomies.version}.${m.authSources.version}.${m.usergroups.version}.${m.roles.version}`;
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    this.authSourceName.clear();
    this.authSourceShow.clear();
    this.taxonomyBase.clear();
    this.locationsShort = new WeakMap();
    this.locationsFull = new WeakMap();
    this.organizationsShort = new WeakMap();
    this.organizationsFull = new WeakMap();
    this.groupAdmin = new WeakMap();
    this.cachedGroups = new WeakMap();
    this.directGroups = new WeakMap();
    this.showRoles = new WeakMap();
    this.shown.clear();
  }
}

/** A stand-in user carrying only the lists a fragment is made from (the view helpers read nothing else of it). */
function probe(
  locs: readonly number[],
  orgs: readonly number[],
  groups: readonly number[] = NO_IDS,
  roles: readonly number[] = NO_IDS,
  authSource = 0,
): UserRow {
  return { id: 0, login: '', firstname: null, lastname: null, mail: null, authSource, lastLogin: null, created: 0, updated: 0, locs, orgs, groups, roles };
}

/** Rows whose values all have the types the writers store (anything else takes the generic path). */
function plain(u: UserRow): boolean {
  return (
    typeof u.login === 'string' &&
    u.firstname !== undefined &&
    u.lastname !== undefined &&
    u.mail !== undefined &&
    typeof u.id === 'number' &&
    typeof u.created === 'number' &&
    typeof u.updated === 'number' &&
    (u.lastLogin === null || typeof u.lastLogin === 'number')
  );
}

function text(v: unknown): string {
  return v === null ? 'null' : JSON.stringify(v);
}

function literal(v: unknown): string {
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (v === null) return 'null';
  return JSON.stringify(v);
}

const MAX_FAST_TIME = Date.UTC(10000, 0, 1);

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** `viewTime(ms)` as JSON (`"2024-05-02 10:00:00 UTC"` or `null`), computed without a Date for years 1970–9999. */
export function timeJson(ms: number | null): string {
  if (ms === null) return 'null';
  if (!(ms >= 0 && ms < MAX_FAST_TIME)) return JSON.stringify(viewTime(ms));
  const seconds = Math.floor(ms / 1000);
  const days = Math.floor(seconds / 86_400);
  let rest = seconds - days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  // civil_from_days (H. Hinnant), days since 1970-01-01
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const y = year < 1000 ? String(year).padStart(4, '0') : String(year);
  return `"${y}-${two(month)}-${two(day)} ${two(hours)}:${two(minutes)}:${two(secs)} UTC"`;
}
