import { resourceHash } from './assign.js';
import { DEFAULT_ROLE_ID } from './constants.js';
import { integerText, type Req } from './context.js';
import { accessDeniedBecause, asJson, halt, internalError, JSON_TYPE, resourceNotFound, unprocessable, ValidationErrors, type Reply } from './errors.js';
import { renderIndex, ResponseCache, ResultCache } from './listing.js';
import { isHidden, NO_IDS, type ForemanModel, type UsergroupRow, type UserRow } from './model.js';
import { detectParent, type Parent } from './parents.js';
import { rubyToI } from './params.js';
import type { ManyRelation, SearchDefinition, SearchField } from './search.js';
import { userMain, userRecord } from './serialize.js';
import { processUserForm } from './user-form.js';
import { SearchPlanner } from './search-plan.js';
import { UserJson } from './user-json.js';
import type { ProductEnv } from '../product.js';

/** The nested ids `UsersController#allowed_nested_id` checks. */
const ALLOWED_NESTED = ['auth_source_ldap_id', 'role_id', 'location_id', 'organization_id', 'usergroup_id'];

/** `editing_self?`: the id is the caller's id (as `to_i`) or login. */
export function editingSelf(caller: UserRow, id: string): boolean {
  return rubyToI(id) === caller.id || id === caller.login;
}

/** The search fields of User (scoped_search definitions in app/models/user.rb and Taxonomix). */
export function userSearch(model: ForemanModel): SearchDefinition<UserRow, UsergroupRow> {
  const text = (get: (u: UserRow) => string | null, type: 'string' | 'text' = 'string', column = ''): SearchField<UserRow, UsergroupRow> => ({
    type,
    column,
    nullable: true,
    value: get,
  });
  const roles = (value: 'name' | 'id'): ManyRelation<UserRow> => ({
    candidates: () => [...model.roles.values()].map((r) => ({ id: r.id, value: value === 'name' ? r.name : r.id })),
    linked: (u, ids) => ids.has(DEFAULT_ROLE_ID) || someIn(u.roles, ids),
    any: () => true,
    values: (u) => model.roleIdsOf(u).map((id) => (value === 'name' ? model.roles.get(id)?.name ?? null : id)),
  });
  const taxonomies = (type: 'Location' | 'Organization', value: 'name' | 'id'): ManyRelation<UserRow> => {
    const of = (u: UserRow) => (type === 'Location' ? u.locs : u.orgs) ?? NO_IDS;
    return {
      candidates: () => model.taxonomiesOfType(type).map((t) => ({ id: t.id, value: value === 'name' ? t.name : t.id })),
      linked: (u, ids) => someIn(of(u), ids),
      any: (u) => of(u).length > 0,
      values: (u) => of(u).map((id) => (value === 'name' ? model.taxonomies.get(id)?.name ?? null : id)),
    };
  };
  const usergroups: ManyRelation<UserRow> = {
    candidates: () => [...model.usergroups.values()].map((g) => ({ id: g.id, value: g.name })),
    linked: (u, ids) => {
      for (const g of u.groups ?? NO_IDS) for (const a of model.groupAncestors(g)) if (ids.has(a)) return true;
      return false;
    },
    any: (u) => (u.groups ?? NO_IDS).length > 0,
    values: (u) => model.cachedGroupsOf(u).map((g) => g.name),
  };
  const fields = new Map<string, SearchField<UserRow, UsergroupRow>>([
    ['id', { type: 'integer', column: 'id', explicitOnly: true, integerValidator: true, value: (u) => u.id }],
    ['login', { ...text((u) => u.login, 'string', 'login'), nullable: false }],
    ['firstname', text((u) => u.firstname, 'string', 'firstname')],
    ['lastname', text((u) => u.lastname, 'string', 'lastname')],
    ['mail', text((u) => u.mail, 'string', 'mail')],
    ['description', text((u) => u.description ?? null, 'text', 'description')],
    [
      'admin',
      {
        type: 'boolean',
        column: 'admin',
        set: 'boolean',
        value: (u) => u.admin ?? false,
        // User.search_by_admin: own flag or (through the cached_usergroups join) the group's
        ext: (u, g, op, raw) => {
          const want = op === '<>' ? raw !== 'true' : raw === 'true';
          const own = u.admin ?? false;
          return want ? own || (g?.admin ?? false) : !own && !(g?.admin ?? false);
        },
        extReadsJoin: true,
      },
    ],
    ['last_login_on', { type: 'datetime', column: 'last_login_on', explicitOnly: true, nullable: true, value: (u) => u.lastLogin }],
    ['disabled', { type: 'boolean', column: 'disabled', set: 'boolean', value: (u) => (u.disabled === undefined ? false : u.disabled) }],
    ['role', { type: 'string', column: 'name', many: roles('name') }],
    ['role_id', { type: 'integer', column: 'id', explicitOnly: true, integerValidator: true, many: roles('id') }],
    ['usergroup', { type: 'string', column: 'name', many: usergroups }],
    ['auth_source_type', { type: 'string', column: 'type', value: (u) => model.authSources.get(u.authSource)?.type ?? null }],
    ['auth_source', { type: 'string', column: 'name', value: (u) => model.authSources.get(u.authSource)?.name ?? null }],
    ['location', { type: 'string', column: 'name', explicitOnly: true, many: taxonomies('Location', 'name') }],
    ['location_id', { type: 'integer', column: 'id', explicitOnly: true, integerValidator: true, many: taxonomies('Location', 'id') }],
    ['organization', { type: 'string', column: 'name', explicitOnly: true, many: taxonomies('Organization', 'name') }],
    ['organization_id', { type: 'integer', column: 'id', explicitOnly: true, integerValidator: true, many: taxonomies('Organization', 'id') }],
  ]);
  return { fields, joinRows: (u) => model.cachedGroupRows(u) };
}

function someIn(list: readonly number[] | undefined, ids: ReadonlySet<number>): boolean {
  if (list) for (let i = 0; i < list.length; i++) if (ids.has(list[i])) return true;
  return false;
}

interface ScopeEntry {
  readonly version: string;
  readonly rows: readonly UserRow[];
  readonly ids?: ReadonlySet<number>;
}

/** `/api/users` and its nested forms: index, show, current_user, create, update, destroy. */
export class Users {
  readonly search: SearchDefinition<UserRow, UsergroupRow>;
  private readonly results = new ResultCache();
  private readonly responses = new ResponseCache();
  private readonly scopes = new Map<string, ScopeEntry>();
  private readonly json: UserJson;
  private readonly planner: SearchPlanner;

  constructor(
    private readonly model: ForemanModel,
    private readonly warmUp: ProductEnv['warm'],
  ) {
    this.search = userSearch(model);
    this.json = new UserJson(model);
    this.planner = new SearchPlanner(model, this.search);
    model.db.onReset(() => {
      this.results.clear();
      this.responses.clear();
      this.scopes.clear();
      this.warm();
    });
    this.warm();
  }

  /** Builds the default-order view once the server is up and after a reset, so the first list request finds it ready. */
  private warm(): void {
    this.warmUp(() => this.model.usersByFirstname.all());
  }

  index(req: Req): Reply {
    const parent = detectParent(req, ALLOWED_NESTED);
    const visible = this.visibility(req);
    let rows: readonly UserRow[];
    let key: string;
    if (!parent) {
      rows = this.model.usersByFirstname.all();
      key = 'all';
    } else {
      rows = this.parentRows(req, parent);
      key = this.parentKey(parent);
    }
    if (visible) {
      key += `|caller:${req.caller.id}`;
      rows = this.visibleScope(key, rows, visible);
    }
    // the index covers the default scope (all visible users, in list order)
    const candidates = parent ? undefined : (search: string) => {
      const found = this.planner.candidates(search);
      return found && visible ? found.filter(visible) : found;
    };
    return renderIndex(
      req,
      {
        def: this.search,
        scope: rows,
        cacheKey: key,
        render: (u) => userMain(this.model, u),
        renderJson: (u) => this.json.main(u),
        permissionResource: 'users',
        candidates,
        responses: this.responses,
      },
      this.results,
    );
  }

  show(req: Req, id: string): Reply {
    const user = this.find(req, id, true);
    return this.shown(200, user);
  }

  current(req: Req): Reply {
    return this.shown(200, this.model.user(req.caller.id) ?? req.caller);
  }

  async create(req: Req): Promise<Reply> {
    const body = resourceHash(req.params, 'user');
    const result = await processUserForm(req, body, { existing: null, editingSelf: false });
    if (!result.ok) return unprocessable(null, result.errors);
    this.model.users.put(result.row);
    await this.commit(req);
    return this.shown(201, result.row);
  }

  async update(req: Req, id: string): Promise<Reply> {
    const user = this.find(req, id, true);
    const body = resourceHash(req.params, 'user');
    const result = await processUserForm(req, body, { existing: user, editingSelf: editingSelf(req.caller, id) });
    if (!result.ok) return unprocessable(user.id, result.errors);
    // the user may have changed while the password was being checked or hashed
    const current = this.model.user(user.id);
    if (!current) halt(resourceNotFound('user', id));
    const { groups: _stale, ...row } = result.row;
    this.model.users.put(current.groups?.length ? { ...row, lastLogin: current.lastLogin, groups: current.groups } : { ...row, lastLogin: current.lastLogin });
    await this.commit(req);
    return this.shown(200, this.model.user(user.id)!);
  }

  async destroy(req: Req, id: string): Promise<Reply> {
    const user = this.find(req, id, false);
    if (user.id === req.caller.id) return accessDeniedBecause('You are trying to delete your own account');
    if (user.admin && this.model.visibleAdminCount() <= 1) {
      const errors = new ValidationErrors();
      errors.add('base', "Can't delete the last admin account");
      return unprocessable(user.id, errors);
    }
    this.model.users.delete(user.id);
    await this.commit(req);
    return { status: 200, body: asJson(userRecord(user)), type: JSON_TYPE };
  }

  /** The show view (users/show). */
  private shown(status: number, u: UserRow): Reply {
    return { status, body: this.json.showBody(u), type: JSON_TYPE };
  }

  /** `find_resource`: yourself (show/update), else by login or id within the scope, else 404. */
  private find(req: Req, id: string, selfAllowed: boolean): UserRow {
    if (selfAllowed && editingSelf(req.caller, id)) {
      detectParent(req, ALLOWED_NESTED);
      return this.model.user(req.caller.id) ?? req.caller;
    }
    const parent = detectParent(req, ALLOWED_NESTED);
    const visible = this.visibility(req);
    const inScope = (u: UserRow | undefined): u is UserRow =>
      u !== undefined && !isHidden(u) && (!visible || visible(u)) && (!parent || this.inParent(req, parent, u));
    if (!integerText(id)) {
      const byLogin = this.model.userByLogin.get(id.toLowerCase());
      if (byLogin && byLogin.login === id && inScope(byLogin)) return byLogin;
    }
    const byId = this.model.user(rubyToI(id));
    if (inScope(byId)) return byId;
    halt(resourceNotFound('user', id));
  }

  /** `rows.filter(visible)`, kept per scope and caller while the users and taxonomies stay as they are. */
  private visibleScope(key: string, rows: readonly UserRow[], visible: (u: UserRow) => boolean): readonly UserRow[] {
    const version = `${this.model.users.version}.${this.model.taxonomies.version}`;
    const cached = this.scopes.get(`scope:${key}`);
    if (cached && cached.version === version) return cached.rows;
    const filtered = rows.filter(visible);
    this.remember(`scope:${key}`, { version, rows: filtered });
    return filtered;
  }

  /** Non-admins see the users sharing their locations and organizations (and themselves); null: all. */
  private visibility(req: Req): ((u: UserRow) => boolean) | null {
    if (req.admin) return null;
    const caller = req.caller;
    const key = `visible:${caller.id}`;
    const version = `${this.model.users.version}.${this.model.taxonomies.version}`;
    let entry = this.scopes.get(key);
    if (!entry || entry.version !== version) {
      const inTaxonomies = (roots: readonly number[], index: typeof this.model.usersByLocation) => {
        const set = new Set<UserRow>();
        for (const r of roots) for (const t of this.model.subtreeIds(r)) for (const u of index.get(t)) set.add(u);
        return set;
      };
      const byLoc = inTaxonomies(caller.locs ?? NO_IDS, this.model.usersByLocation);
      const byOrg = inTaxonomies(caller.orgs ?? NO_IDS, this.model.usersByOrganization);
      const rows = [...byLoc].filter((u) => byOrg.has(u));
      entry = { version, rows, ids: new Set(rows.map((u) => u.id)) };
      this.remember(key, entry);
    }
    const ids = entry.ids!;
    return (u) => u.id === caller.id || ids.has(u.id);
  }

  private parentKey(parent: Parent): string {
    return parent.anyTaxonomy ? `${parent.name}:any` : `${parent.name}:${parent.record?.id ?? 'none'}`;
  }

  /** The users linked to the parent, by id (nested lists drop the default order). */
  private parentRows(req: Req, parent: Parent): readonly UserRow[] {
    const m = this.model;
    if (parent.name === 'user') halt(internalError('Association not found for user'));
    if (parent.name === 'role' && parent.record?.id === DEFAULT_ROLE_ID) return m.usersById.all();
    const key = `${this.parentKey(parent)}|caller:${parent.anyTaxonomy ? req.caller.id : ''}`;
    const version = `${m.users.version}.${m.taxonomies.version}`;
    const cached = this.scopes.get(key);
    if (cached && cached.version === version) return cached.rows;
    const set = new Set<UserRow>();
    if (parent.anyTaxonomy) {
      const own = parent.name === 'location' ? req.caller.locs ?? NO_IDS : req.caller.orgs ?? NO_IDS;
      const index = parent.name === 'location' ? m.usersByLocation : m.usersByOrganization;
      for (const r of own) for (const t of m.subtreeIds(r)) for (const u of index.get(t)) set.add(u);
    } else if (parent.record) {
      const id = parent.record.id;
      const index =
        parent.name === 'location' ? m.usersByLocation
        : parent.name === 'organization' ? m.usersByOrganization
        : parent.name === 'role' ? m.usersByRole
        : parent.name === 'usergroup' ? m.usersByGroup
        : m.usersByAuthSource;
      for (const u of index.get(id)) set.add(u);
    }
    const rows = [...set].filter((u) => !isHidden(u)).sort((a, b) => a.id - b.id);
    this.remember(key, { version, rows });
    return rows;
  }

  private inParent(req: Req, parent: Parent, u: UserRow): boolean {
    if (parent.name === 'user') halt(internalError('Association not found for user'));
    if (parent.anyTaxonomy) {
      const own = parent.name === 'location' ? req.caller.locs ?? NO_IDS : req.caller.orgs ?? NO_IDS;
      const mine = parent.name === 'location' ? u.locs ?? NO_IDS : u.orgs ?? NO_IDS;
      return own.some((r) => mine.some((t) => this.model.subtreeIds(r).has(t)));
    }
    const record = parent.record;
    if (!record) return false;
    switch (parent.name) {
      case 'location':
        return (u.locs ?? NO_IDS).includes(record.id);
      case 'organization':
        return (u.orgs ?? NO_IDS).includes(record.id);
      case 'role':
        return this.model.roleIdsOf(u).includes(record.id);
      case 'usergroup':
        return (u.groups ?? NO_IDS).includes(record.id);
      default:
        return u.authSource === record.id;
    }
  }

  private remember(key: string, entry: ScopeEntry): void {
    if (this.scopes.size >= 32) this.scopes.delete(this.scopes.keys().next().value!);
    this.scopes.set(key, entry);
  }

  private async commit(req: Req): Promise<void> {
    try {
      await req.env.db.commit();
    } catch {
      halt(internalError('ActiveRecord::StatementInvalid: could not write the record'));
    }
  }
}

