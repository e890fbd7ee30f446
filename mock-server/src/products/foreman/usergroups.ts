import { expandHasMany, findBy, modelExists, permit, resolveIds, resolveNames, resourceHash, type Permit } from './assign.js';
import { integerText, type Req } from './context.js';
import { asJson, halt, internalError, JSON_TYPE, json, resourceNotFound, unprocessable, ValidationErrors, type Reply } from './errors.js';
import { renderIndex, ResultCache } from './listing.js';
import { NO_IDS, type ForemanModel, type UsergroupRow, type UserRow } from './model.js';
import { detectParent } from './parents.js';
import { castBoolean, rubyString, rubyToI, type ParamValue } from './params.js';
import type { ManyRelation, SearchDefinition, SearchField } from './search.js';
import { usergroupMain, usergroupRecord, usergroupShow } from './serialize.js';

const ALLOWED_NESTED = ['user_id', 'usergroup_id'];
const HAS_MANY = new Set(['users', 'usergroups', 'roles', 'external_usergroups', 'cached_users', 'cached_usergroups', 'parents']);
const PERMITTED = new Map<string, Permit>([
  ['name', 'scalar'],
  ['admin', 'scalar'],
  ['role_ids', 'array'],
  ['role_names', 'array'],
  ['user_ids', 'array'],
  ['user_names', 'array'],
  ['usergroup_ids', 'array'],
  ['usergroup_names', 'array'],
]);
/** Rails' default `wrap_parameters` for this controller: the Usergroup model's attribute names. */
export const USERGROUP_WRAP_KEYS: readonly string[] = ['id', 'name', 'created_at', 'updated_at', 'admin', 'select_title'];

export function usergroupSearch(model: ForemanModel): SearchDefinition<UsergroupRow> {
  const roles = (value: 'name' | 'id'): ManyRelation<UsergroupRow> => ({
    candidates: () => [...model.roles.values()].map((r) => ({ id: r.id, value: value === 'name' ? r.name : r.id })),
    linked: (g, ids) => g.roles.some((id) => ids.has(id)),
    any: (g) => g.roles.length > 0,
    values: (g) => g.roles.map((id) => (value === 'name' ? model.roles.get(id)?.name ?? null : id)),
  });
  return {
    fields: new Map<string, SearchField<UsergroupRow, never>>([
      ['id', { type: 'integer', column: 'id', explicitOnly: true, integerValidator: true, value: (g) => g.id }],
      ['name', { type: 'string', column: 'name', value: (g) => g.name }],
      ['role', { type: 'string', column: 'name', many: roles('name') }],
      ['role_id', { type: 'integer', column: 'id', explicitOnly: true, integerValidator: true, many: roles('id') }],
    ]),
  };
}

interface GroupChange {
  name: string | null;
  admin: boolean | null;
  users: number[] | undefined;
  groups: number[] | undefined;
  roles: number[] | undefined;
}

/** `/api/usergroups` (and nested under users and user groups): index, show, create, update, destroy. */
export class Usergroups {
  private readonly def: SearchDefinition<UsergroupRow>;
  private readonly results = new ResultCache();

  constructor(private readonly model: ForemanModel) {
    this.def = usergroupSearch(model);
    model.db.onReset(() => this.results.clear());
  }

  index(req: Req): Reply {
    const scope = this.scope(req);
    return renderIndex(req, { def: this.def, scope: scope.rows, cacheKey: scope.key, render: usergroupMain, permissionResource: 'usergroups' }, this.results);
  }

  show(req: Req, id: string): Reply {
    return json(200, usergroupShow(this.model, this.find(req, id)));
  }

  async create(req: Req): Promise<Reply> {
    const change = this.assign(req, null);
    const errors = this.validate(req, null, change);
    if (!errors.empty) return unprocessable(null, errors);
    const now = req.now;
    const row: UsergroupRow = {
      id: this.model.usergroups.nextId(),
      name: change.name!,
      admin: change.admin ?? false,
      groups: change.groups ?? [],
      roles: change.roles ?? [],
      created: now,
      updated: now,
    };
    this.model.usergroups.put(row);
    this.setMembers(row.id, change.users ?? []);
    await this.commit(req);
    return json(201, usergroupShow(this.model, row));
  }

  async update(req: Req, id: string): Promise<Reply> {
    const group = this.find(req, id);
    const change = this.assign(req, group);
    const errors = this.validate(req, group, change);
    if (!errors.empty) return unprocessable(group.id, errors);
    const name = change.name!;
    const admin = change.admin ?? false;
    const row: UsergroupRow = {
      ...group,
      name,
      admin,
      groups: change.groups ?? group.groups,
      roles: change.roles ?? group.roles,
      updated: name !== group.name || admin !== group.admin ? req.now : group.updated,
    };
    this.model.usergroups.put(row);
    if (change.users) this.setMembers(row.id, change.users);
    await this.commit(req);
    return json(200, usergroupShow(this.model, row));
  }

  async destroy(req: Req, id: string): Promise<Reply> {
    const group = this.find(req, id);
    if (group.admin && this.otherAdmins(group.id) === 0) {
      const errors = new ValidationErrors();
      errors.add('base', "Can't delete the last admin user group");
      return unprocessable(group.id, errors);
    }
    this.setMembers(group.id, []);
    for (const parent of [...this.model.parentGroups.get(group.id)]) {
      this.model.usergroups.put({ ...parent, groups: parent.groups.filter((g) => g !== group.id) });
    }
    this.model.usergroups.delete(group.id);
    await this.commit(req);
    return { status: 200, body: asJson(usergroupRecord(group)), type: JSON_TYPE };
  }

  private scope(req: Req): { rows: UsergroupRow[]; key: string } {
    const m = this.model;
    const parent = detectParent(req, ALLOWED_NESTED);
    const all = [...m.usergroups.values()];
    if (!parent || parent.name === 'location' || parent.name === 'organization') {
      return { rows: all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id)), key: 'all' };
    }
    if (parent.name.startsWith('auth_source')) halt(internalError(`Association not found for ${parent.name}`));
    const record = parent.record;
    let rows: UsergroupRow[] = [];
    if (record && parent.name === 'user') rows = all.filter((g) => ((record as UserRow).groups ?? NO_IDS).includes(g.id));
    else if (record && parent.name === 'usergroup') rows = all.filter((g) => (record as UsergroupRow).groups.includes(g.id));
    else if (record && parent.name === 'role') rows = all.filter((g) => g.roles.includes(record.id));
    return { rows: rows.sort((a, b) => a.id - b.id), key: `${parent.name}:${record?.id ?? 'none'}` };
  }

  /** `find_resource`: `<id>-<name>`, the name, or the id, within the (nested) scope. */
  private find(req: Req, id: string): UsergroupRow {
    const { rows } = this.scope(req);
    const byIdName = /^\d+-/.test(id) ? rows.find((g) => g.id === parseInt(id, 10)) : undefined;
    const byName = integerText(id) ? undefined : rows.find((g) => g.name === id);
    const byId = rows.find((g) => g.id === rubyToI(id));
    const found = byIdName ?? byName ?? byId;
    if (!found) halt(resourceNotFound('usergroup', id));
    return found;
  }

  /** Assigns the permitted attributes in order; association writers may end the request (404/422/500). */
  private assign(req: Req, group: UsergroupRow | null): GroupChange {
    const m = this.model;
    const attrs = permit(expandHasMany(resourceHash(req.params, 'usergroup'), HAS_MANY), PERMITTED);
    const change: GroupChange = { name: group ? group.name : null, admin: group ? group.admin : false, users: undefined, groups: undefined, roles: undefined };
    // a missing user or user group is "not found" for this controller (its model name contains "User")
    const asNotFound = () => halt(resourceNotFound('usergroup', paramTextOf(req.params.get('id'))));
    for (const [key, value] of attrs) {
      const list = value as ParamValue[];
      switch (key) {
        case 'name':
          change.name = value === null ? null : rubyString(value as string | number | boolean);
          break;
        case 'admin':
          change.admin = castBoolean(value as string | number | boolean | null);
          break;
        case 'user_ids':
          change.users = resolveIds(list, 'User', modelExists(m, 'User'), asNotFound);
          break;
        case 'user_names':
          change.users = resolveNames(list, (n) => m.userByLogin.get(n.toLowerCase()));
          break;
        case 'role_ids':
          change.roles = resolveIds(list, 'Role', modelExists(m, 'Role'));
          break;
        case 'role_names':
          change.roles = resolveNames(list, (n) => findBy(m.roles.values(), (r) => r.name, n));
          break;
        case 'usergroup_ids':
        case 'usergroup_names': {
          const ids =
            key === 'usergroup_ids'
              ? resolveIds(list, 'Usergroup', modelExists(m, 'Usergroup'), asNotFound)
              : resolveNames(list, (n) => m.usergroupByName.get(n));
          if (group) this.checkCycles(group, ids);
          change.groups = ids;
          break;
        }
      }
    }
    return change;
  }

  /** Adding member groups must keep the membership graph acyclic (raised while assigning, as Foreman does). */
  private checkCycles(group: UsergroupRow, members: readonly number[]): void {
    const fail = (message: string) => {
      const errors = new ValidationErrors();
      errors.add('usergroups', `Validation failed: ${message}`);
      halt(unprocessable(group.id, errors));
    };
    for (const member of members) {
      if (group.groups.includes(member)) continue;
      if (member === group.id) fail('cannot contain itself as member');
      if (this.descendants(member).has(group.id)) fail('Adding would cause a cycle!');
    }
  }

  private descendants(id: number): Set<number> {
    const seen = new Set<number>();
    const stack = [id];
    while (stack.length) {
      const g = this.model.usergroups.get(stack.pop()!);
      for (const child of g?.groups ?? NO_IDS) if (!seen.has(child)) (seen.add(child), stack.push(child));
    }
    return seen;
  }

  private validate(req: Req, group: UsergroupRow | null, change: GroupChange): ValidationErrors {
    const errors = new ValidationErrors();
    const name = change.name;
    if (name !== null && Array.from(name).length > 255) errors.add('name', 'is too long (maximum is 255 characters)');
    const clash = name === null ? undefined : this.model.usergroupByName.get(name);
    if (clash && clash.id !== group?.id) errors.add('name', 'has already been taken');
    if (name === null || name.trim() === '') errors.add('name', "can't be blank");
    if (name !== null) {
      const user = this.model.userByLogin.get(name.toLowerCase());
      if (user && user.login === name) errors.add('name', 'is already used by a user account');
    }
    const adminChanged = (change.admin ?? false) !== (group ? group.admin : false) || change.admin === null;
    if (group && adminChanged && !change.admin && this.otherAdmins(group.id) === 0) {
      errors.add('admin', 'cannot be removed from the last admin account');
    }
    if (adminChanged && !req.admin) errors.add('admin', 'admin flag can only be modified by admins');
    if (!errors.empty) return errors;
    if (change.admin === null) {
      halt(internalError('PG::NotNullViolation: ERROR:  null value in column "admin" of relation "usergroups" violates not-null constraint\n'));
    }
    return errors;
  }

  /** Admins (own flag or via a group) who are not members of this group, directly or through nesting. */
  private otherAdmins(groupId: number): number {
    const members = this.model.allMembersOf(groupId);
    let n = 0;
    for (const u of this.model.usersById.all()) if (!members.has(u) && this.model.effectiveAdmin(u)) n++;
    return n;
  }

  /** Replaces the direct user members of a group (memberships live on the user rows). */
  private setMembers(groupId: number, userIds: readonly number[]): void {
    const wanted = new Set(userIds);
    for (const u of [...this.model.usersByGroup.get(groupId)]) {
      if (!wanted.has(u.id)) this.model.users.put({ ...u, groups: this.model.internIds((u.groups ?? NO_IDS).filter((g) => g !== groupId)) });
    }
    for (const id of wanted) {
      const u = this.model.user(id);
      if (u && !(u.groups ?? NO_IDS).includes(groupId)) this.model.users.put({ ...u, groups: this.model.internIds([...(u.groups ?? NO_IDS), groupId]) });
    }
  }

  private async commit(req: Req): Promise<void> {
    try {
      await req.env.db.commit();
    } catch {
      halt(internalError('ActiveRecord::StatementInvalid: could not write the record'));
    }
  }
}

function paramTextOf(v: ParamValue | undefined): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
