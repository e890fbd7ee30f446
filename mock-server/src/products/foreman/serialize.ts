import { BUILTIN_DEFAULT_ROLE } from './constants.js';
import { NO_IDS, type AuthSourceRow, type ForemanModel, type RoleRow, type TaxonomyRow, type UsergroupRow, type UserRow } from './model.js';

/**
 * The API v2 views (rabl), key for key in the order Foreman emits them: a template's own attributes,
 * then those of the template it extends, then its children, then its computed nodes.
 */

/** View timestamps: `2024-05-02 10:00:00 UTC`. */
export function viewTime(ms: number | null): string | null {
  if (ms === null) return null;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('T', ' ').replace('.000Z', ' UTC');
}

/** `to_json` timestamps: ISO 8601 with milliseconds. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function byTitle(model: ForemanModel, ids: readonly number[]): TaxonomyRow[] {
  const rows: Array<{ t: TaxonomyRow; title: string }> = [];
  for (const id of ids) {
    const t = model.taxonomies.get(id);
    if (t) rows.push({ t, title: model.title(t) });
  }
  rows.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.t.id - b.t.id));
  return rows.map((r) => r.t);
}

export function taxonomyBase(model: ForemanModel, t: TaxonomyRow) {
  return { id: t.id, name: t.name, title: model.title(t), description: t.description };
}

function taxonomyShort(t: TaxonomyRow) {
  return { id: t.id, name: t.name };
}

export function roleBase(r: RoleRow) {
  return { name: r.name, id: r.id, description: r.description, origin: r.origin };
}

function rolesOf(model: ForemanModel, ids: readonly number[]) {
  const out: ReturnType<typeof roleBase>[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const r = model.roles.get(id);
    if (r) out.push(roleBase(r));
  }
  return out;
}

function usergroupBase(g: UsergroupRow) {
  return { name: g.name, id: g.id, created_at: viewTime(g.created), updated_at: viewTime(g.updated) };
}

function usergroupWithRoles(model: ForemanModel, g: UsergroupRow) {
  return { ...usergroupBase(g), roles: rolesOf(model, g.roles) };
}

const AUTH_SOURCE_KEYS: Record<string, string> = {
  AuthSourceInternal: 'auth_source_internal',
  AuthSourceHidden: 'auth_source_hidden',
  AuthSourceLdap: 'auth_source_ldap',
  AuthSourceExternal: 'auth_source_external',
};

/** The list item (users/main). */
export function userMain(model: ForemanModel, u: UserRow, full = false): Record<string, unknown> {
  const source = model.authSources.get(u.authSource);
  const defLoc = u.defLoc == null ? undefined : model.taxonomies.get(u.defLoc);
  const defOrg = u.defOrg == null ? undefined : model.taxonomies.get(u.defOrg);
  const locations = byTitle(model, u.locs ?? NO_IDS);
  const organizations = byTitle(model, u.orgs ?? NO_IDS);
  return {
    firstname: u.firstname,
    lastname: u.lastname,
    mail: u.mail,
    mail_enabled: u.mailEnabled ?? true,
    admin: u.admin ?? false,
    auth_source_id: u.authSource,
    disabled: u.disabled === undefined ? false : u.disabled,
    auth_source_name: source?.name ?? null,
    timezone: u.timezone ?? null,
    locale: u.locale ?? null,
    last_login_on: viewTime(u.lastLogin),
    created_at: viewTime(u.created),
    updated_at: viewTime(u.updated),
    id: u.id,
    login: u.login,
    description: u.description ?? null,
    ssh_keys: [],
    default_location: defLoc ? taxonomyBase(model, defLoc) : null,
    locations: full ? locations.map((t) => taxonomyBase(model, t)) : locations.map(taxonomyShort),
    default_organization: defOrg ? taxonomyBase(model, defOrg) : null,
    organizations: full ? organizations.map((t) => taxonomyBase(model, t)) : organizations.map(taxonomyShort),
    effective_admin: model.effectiveAdmin(u),
  };
}

/** The single object (users/show: show, current_user, create, update). */
export function userShow(model: ForemanModel, u: UserRow): Record<string, unknown> {
  const out = userMain(model, u, true);
  out.cached_usergroups = model.cachedGroupsOf(u).map((g) => usergroupWithRoles(model, g));
  const source = model.authSources.get(u.authSource);
  if (source) out[AUTH_SOURCE_KEYS[source.type]] = { id: source.id, type: source.type, name: source.name };
  out.mail_notifications = [];
  out.roles = (u.roles ?? NO_IDS)
    .map((id) => model.roles.get(id))
    .filter((r): r is RoleRow => r !== undefined && r.builtin === 0)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id))
    .map(roleBase);
  out.usergroups = model.groupsSortedByName(u.groups ?? NO_IDS).map((g) => usergroupWithRoles(model, g));
  return out;
}

/** DELETE answers with the raw record (`to_json` of the model), not a view. */
export function userRecord(u: UserRow): Record<string, unknown> {
  const name = `${u.firstname ?? ''} ${u.lastname ?? ''}`;
  const hasPassword = u.pw !== null;
  return {
    id: u.id,
    login: u.login,
    firstname: u.firstname,
    lastname: u.lastname,
    mail: u.mail,
    admin: u.admin ?? false,
    last_login_on: isoTime(u.lastLogin),
    auth_source_id: u.authSource,
    created_at: isoTime(u.created),
    updated_at: isoTime(u.updated),
    // never the stored hash: a stand-in of the shape Foreman leaks here
    password_hash: hasPassword ? '$2a$10$mockmockmockmockmockmuI6cXyf0/cJ2bnYuXQ93W1mCQ7iIVoG' : null,
    password_salt: hasPassword ? '$2a$10$mockmockmockmockmockmu' : null,
    locale: u.locale ?? null,
    avatar_hash: null,
    default_organization_id: u.defOrg ?? null,
    default_location_id: u.defLoc ?? null,
    lower_login: u.login.toLowerCase(),
    mail_enabled: u.mailEnabled ?? true,
    timezone: u.timezone ?? null,
    description: u.description ?? null,
    disabled: u.disabled === undefined ? false : u.disabled,
    password: null,
    name: name.trim() ? name : u.login,
  };
}

export function usergroupMain(g: UsergroupRow) {
  return { admin: g.admin, created_at: viewTime(g.created), updated_at: viewTime(g.updated), name: g.name, id: g.id };
}

export function usergroupShow(model: ForemanModel, g: UsergroupRow) {
  const users = [...model.usersByGroup.get(g.id)].sort(firstnameOrder);
  return {
    ...usergroupMain(g),
    external_usergroups: [],
    usergroups: model.groupsSortedByName(g.groups).map(usergroupBase),
    users: users.map((u) => ({ id: u.id, login: u.login, description: u.description ?? null })),
    roles: rolesOf(model, g.roles),
  };
}

export function usergroupRecord(g: UsergroupRow) {
  return { id: g.id, name: g.name, created_at: isoTime(g.created), updated_at: isoTime(g.updated), admin: g.admin };
}

function firstnameOrder(a: UserRow, b: UserRow): number {
  const fa = a.firstname?.toLowerCase() ?? null;
  const fb = b.firstname?.toLowerCase() ?? null;
  if (fa === fb) return a.id - b.id;
  if (fa === null) return 1;
  if (fb === null) return -1;
  return fa < fb ? -1 : 1;
}

export function roleMain(r: RoleRow) {
  return {
    builtin: r.builtin,
    cloned_from_id: r.clonedFrom,
    created_at: viewTime(r.created),
    updated_at: viewTime(r.updated),
    ...roleBase(r),
  };
}

const FILTER_RESOURCES: Array<[string, string]> = [
  ['users', 'User'],
  ['usergroups', 'Usergroup'],
  ['roles', 'Role'],
  ['locations', 'Location'],
  ['organizations', 'Organization'],
  ['authenticators', 'AuthSource'],
];

export function roleShow(model: ForemanModel, r: RoleRow) {
  const filters = FILTER_RESOURCES.filter(([res]) => r.permissions.some((p) => p.endsWith(`_${res}`))).map(([, type], i) => ({
    id: r.id * 100 + i + 1,
    resource_type: type,
  }));
  return {
    ...roleMain(r),
    filters: r.builtin === BUILTIN_DEFAULT_ROLE ? [] : filters,
    locations: byTitle(model, r.locs).map((t) => taxonomyBase(model, t)),
    organizations: byTitle(model, r.orgs).map((t) => taxonomyBase(model, t)),
  };
}

export function taxonomyMain(model: ForemanModel, t: TaxonomyRow) {
  const ancestors = model.ancestorIds(t.id).reverse();
  const parent = t.parent === null ? undefined : model.taxonomies.get(t.parent);
  return {
    ancestry: ancestors.length ? ancestors.join('/') : null,
    parent_id: t.parent,
    parent_name: parent ? model.title(parent) : null,
    created_at: viewTime(t.created),
    updated_at: viewTime(t.updated),
    ...taxonomyBase(model, t),
  };
}

export function taxonomyShow(model: ForemanModel, t: TaxonomyRow) {
  const main = taxonomyMain(model, t);
  const own = t.type === 'Location' ? model.usersByLocation.get(t.id) : model.usersByOrganization.get(t.id);
  const inherited = new Set<UserRow>();
  for (const a of model.ancestorIds(t.id)) {
    for (const u of t.type === 'Location' ? model.usersByLocation.get(a) : model.usersByOrganization.get(a)) if (!own.has(u)) inherited.add(u);
  }
  const users = [...own, ...inherited].sort(firstnameOrder).map((u) => ({
    id: u.id,
    login: u.login,
    description: u.description ?? null,
    inherited: inherited.has(u),
  }));
  const other: Record<string, unknown> = {};
  if (t.type === 'Location') other.organizations = [];
  else other.locations = [];
  return {
    select_all_types: [],
    description: t.description,
    created_at: main.created_at,
    updated_at: main.updated_at,
    ancestry: main.ancestry,
    parent_id: main.parent_id,
    parent_name: main.parent_name,
    id: t.id,
    name: t.name,
    title: main.title,
    users,
    smart_proxies: [],
    subnets: [],
    compute_resources: [],
    media: [],
    ptables: [],
    provisioning_templates: [],
    domains: [],
    realms: [],
    hostgroups: [],
    ...other,
    hosts_count: 0,
    parameters: [],
    deprecations: { environments: 'Environments got deprecated from this endpoint.' },
  };
}

function taxonomiesOf(model: ForemanModel, a: AuthSourceRow) {
  return {
    locations: byTitle(model, a.locs).map((t) => taxonomyBase(model, t)),
    organizations: byTitle(model, a.orgs).map((t) => taxonomyBase(model, t)),
  };
}

/** auth_sources index/show. */
export function authSourceItem(model: ForemanModel, a: AuthSourceRow) {
  return { created_at: viewTime(a.created), updated_at: viewTime(a.updated), id: a.id, type: a.type, name: a.name, ...taxonomiesOf(model, a) };
}

export function ldapItem(model: ForemanModel, a: AuthSourceRow, show: boolean) {
  const l = a.ldap!;
  return {
    host: l.host,
    port: l.port,
    account: l.account,
    base_dn: l.baseDn,
    ldap_filter: l.ldapFilter,
    attr_login: l.attrLogin,
    attr_firstname: l.attrFirstname,
    attr_lastname: l.attrLastname,
    attr_mail: l.attrMail,
    attr_photo: l.attrPhoto,
    onthefly_register: l.onTheFlyRegister,
    usergroup_sync: l.usergroupSync,
    tls: l.tls,
    server_type: l.serverType,
    groups_base: l.groupsBase,
    use_netgroups: l.useNetgroups,
    created_at: viewTime(a.created),
    updated_at: viewTime(a.updated),
    id: a.id,
    type: a.type,
    name: a.name,
    ...(show ? { external_usergroups: [] } : {}),
    ...taxonomiesOf(model, a),
  };
}

export function externalItem(model: ForemanModel, a: AuthSourceRow, show: boolean) {
  return {
    created_at: viewTime(a.created),
    updated_at: viewTime(a.updated),
    id: a.id,
    name: a.name,
    ...(show ? { external_usergroups: [] } : {}),
    ...taxonomiesOf(model, a),
  };
}

export function internalItem(a: AuthSourceRow) {
  return { created_at: viewTime(a.created), updated_at: viewTime(a.updated), id: a.id, name: a.name };
}
