import { availableTaxonomies, can, findByResourceId, integerText, paramText, type Req } from './context.js';
import { halt, humanize, plainNotFound } from './errors.js';
import { isHidden, type AuthSourceRow, type AuthSourceType, type RoleRow, type TaxonomyRow, type UsergroupRow, type UserRow } from './model.js';
import { blank } from './params.js';

/**
 * Foreman's `parent_resource_details`: the first parameter named `<model>_id` (path or query, in
 * parameter order) whose model exists restricts the collection to that record's association, and
 * `find_optional_nested_object` answers 404 when a nested parent named in `allowed_nested_id` is missing.
 */
export type ParentName =
  | 'location' | 'organization' | 'role' | 'usergroup' | 'user'
  | 'auth_source' | 'auth_source_ldap' | 'auth_source_external' | 'auth_source_internal' | 'auth_source_hidden';

export type ParentRecord = TaxonomyRow | RoleRow | UsergroupRow | UserRow | AuthSourceRow;

export type Parent =
  | { readonly name: ParentName; readonly record: ParentRecord | null; readonly anyTaxonomy?: false }
  /** A non-admin's blank `location_id`/`organization_id`: any of the caller's own taxonomies. */
  | { readonly name: 'location' | 'organization'; readonly record: null; readonly anyTaxonomy: true };

const NAMES: ReadonlySet<string> = new Set<ParentName>([
  'location', 'organization', 'role', 'usergroup', 'user',
  'auth_source', 'auth_source_ldap', 'auth_source_external', 'auth_source_internal', 'auth_source_hidden',
]);

const AUTH_TYPES: Record<string, AuthSourceType | undefined> = {
  auth_source: undefined,
  auth_source_ldap: 'AuthSourceLdap',
  auth_source_external: 'AuthSourceExternal',
  auth_source_internal: 'AuthSourceInternal',
  auth_source_hidden: 'AuthSourceHidden',
};

/**
 * The parent records the caller may reach: `scope_for(<parent>, permission: "<view|edit>_<parents>")`.
 * Creating or deleting through a nested route needs the parent's edit permission; auth sources have no
 * permission of that name (theirs is `*_authenticators`), so only admins reach them as parents.
 */
function candidates(req: Req, name: ParentName): { rows: readonly ParentRecord[]; friendly?: (r: ParentRecord) => string } {
  const m = req.model;
  const verb = req.action === 'create' || req.action === 'destroy' ? 'edit' : 'view';
  const may = (plural: string) => can(req, `${verb}_${plural}`);
  switch (name) {
    case 'location':
    case 'organization': {
      if (!may(`${name}s`)) return { rows: [] };
      const type = name === 'location' ? 'Location' : 'Organization';
      return { rows: availableTaxonomies(m, req.caller, req.admin, type), friendly: (r) => m.title(r as TaxonomyRow) };
    }
    case 'role':
      return may('roles') ? { rows: [...m.roles.values()], friendly: (r) => (r as RoleRow).name } : { rows: [] };
    case 'usergroup':
      return may('usergroups') ? { rows: [...m.usergroups.values()], friendly: (r) => (r as UsergroupRow).name } : { rows: [] };
    case 'user': {
      // resolved through the login and id indexes, not by a scan
      if (!may('users')) return { rows: [] };
      const raw = req.params.get('user_id');
      const text = paramText(raw) ?? '';
      const byLogin = m.userByLogin.get(text.toLowerCase());
      const byId = m.user(integerText(text) || /^\d+-/.test(text) ? parseInt(text, 10) : NaN);
      const rows = [byLogin?.login === text ? byLogin : undefined, byId].filter((u): u is UserRow => u !== undefined && !isHidden(u));
      return { rows, friendly: (r) => (r as UserRow).login };
    }
    default: {
      if (!req.admin) return { rows: [] };
      const type = AUTH_TYPES[name];
      return { rows: [...m.authSources.values()].filter((a) => type === undefined || a.type === type) };
    }
  }
}

export function detectParent(req: Req, allowedNested: readonly string[]): Parent | null {
  let name: ParentName | undefined;
  for (const key of req.params.keys()) {
    if (key.endsWith('_id') && NAMES.has(key.slice(0, -3))) {
      name = key.slice(0, -3) as ParentName;
      break;
    }
  }
  if (!name) return null;
  const raw = req.params.get(`${name}_id`);
  if ((name === 'location' || name === 'organization') && blank(raw)) {
    return req.admin ? null : { name, record: null, anyTaxonomy: true };
  }
  const { rows, friendly } = candidates(req, name);
  const record = findByResourceId(rows, raw, friendly) ?? null;
  if (!record) {
    for (const id of allowedNested) {
      if (id === 'location_id' || id === 'organization_id') continue;
      const v = req.params.get(id);
      if (!blank(v)) halt(plainNotFound(`${humanize(id)} not found by id '${paramText(v) ?? ''}'`));
    }
  }
  return { name, record };
}
