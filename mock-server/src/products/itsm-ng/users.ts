import { randomBytes } from 'node:crypto';
import { CREATE, DELETE, GLOBAL_PREFERENCES, PURGE, SELF_SERVICE, UPDATE } from './builtins.js';
import { coerce, columnValues } from './coerce.js';
import type { Ctx, ItemType } from './context.js';
import { HISTORY, logHistory, purgeHistory } from './logs.js';
import { cell, withChanges, type Cell, type Rec } from './model.js';
import { historyName, userDisplayName } from './names.js';
import { intval, own, phpEmpty, type Dict } from './php.js';
import { insertProfileUser, purgeUserLinks, syncUserEmails } from './relations.js';
import { canManageUser, outranksProfiles, outranksUser, userReachable } from './rights.js';
import { USER_COLUMNS } from './schema.js';
import { listLimitOf } from './sessions.js';
import { sanitize } from './text.js';

/**
 * The User itemtype: login rules, password and password2, duplicate logins, the default profile a
 * new user receives, email sub-items, protected fields, preference columns stored as NULL when they
 * equal the global default, trash/restore/purge, and the history of every change.
 */

const COLS = new Map(USER_COLUMNS.map((c) => [c.name, c]));
/** `Auth::isValidLogin`: letters and digits of any script, and ' @ . - _ space. */
const LOGIN = /^[\p{L}\p{N}'@.\-_ ]+$/u;

/** Columns whose changes are logged, with their search option (and the dropdown they name). */
const LOGGED: Record<string, [number, string?]> = {
  name: [1],
  realname: [34],
  firstname: [9],
  phone: [6],
  phone2: [10],
  mobile: [11],
  comment: [16],
  language: [17],
  is_active: [8],
  authtype: [15],
  locations_id: [3, 'Location'],
  usertitles_id: [81, 'UserTitle'],
  usercategories_id: [82, 'UserCategory'],
  profiles_id: [79, 'Profile'],
  entities_id: [77, 'Entity'],
  registration_number: [22],
  begin_date: [62],
  end_date: [63],
  users_id_supervisor: [99, 'User'],
  sync_field: [28],
  user_dn: [21],
  is_deleted_ldap: [24],
};

/** Fields of another user that only someone outranking them may change. */
const PROTECTED = ['is_active', 'api_token', 'personal_token', '_useremails', '_reset_api_token', '_reset_personal_token'];

/** Handled by the user logic itself rather than as plain columns. */
const SPECIAL = new Set(['name', 'password', 'picture', 'authtype', 'auths_id']);

/** Clear-text passwords a write will hash (password and password2 present, equal, not empty). */
export function passwordToHash(input: Dict): string | undefined {
  if (own(input, 'password2') === undefined) return undefined;
  const pw = own(input, 'password');
  const pw2 = own(input, 'password2');
  if (phpEmpty(pw) || (typeof pw !== 'string' && typeof pw !== 'number')) return undefined;
  // PHP's `==` between a string and an array or null is false: a mismatch, not a failure
  if (typeof pw2 !== 'string' && typeof pw2 !== 'number') return undefined;
  return String(pw) === String(pw2) ? String(pw) : undefined;
}

function history(ctx: Ctx, userId: number, before: Rec, after: Record<string, Cell>): void {
  for (const key of Object.keys(after)) {
    const spec = LOGGED[key];
    if (!spec) continue;
    const old = cell(before, COLS.get(key)!);
    if (old === after[key]) continue;
    const [option, dropdown] = spec;
    const show = (v: Cell) => (dropdown ? historyName(ctx.model, dropdown, v) : v === null ? '' : String(v));
    logHistory(ctx, 'User', userId, { searchOption: option, oldValue: show(old), newValue: show(after[key]) });
  }
}

/** A fresh API token (40 hex characters, like the product's). */
const newToken = () => randomBytes(20).toString('hex');

function create(ctx: Ctx, input: Dict): number | false {
  const m = ctx.model;
  const rawName = own(input, 'name');
  const name = typeof rawName === 'string' || typeof rawName === 'number' ? sanitize(String(rawName)) : '';
  if (!LOGIN.test(name)) return (ctx.messages.push('The login is not valid. Unable to add the user.'), false);

  const auth = coerce(COLS.get('authtype')!, own(input, 'authtype') ?? 1);
  const authsId = coerce(COLS.get('auths_id')!, own(input, 'auths_id') ?? 0);
  if (!auth.ok) return (ctx.messages.push(auth.message), false);
  if (!authsId.ok) return (ctx.messages.push(authsId.message), false);
  for (const u of m.usersNamed(name)) {
    if ((u.authtype ?? 0) === auth.value && (u.auths_id ?? 0) === authsId.value) return (ctx.messages.push('Unable to add. The user already exists.'), false);
  }

  const extra: Record<string, Cell> = {};
  if (own(input, 'password2') !== undefined && !phpEmpty(own(input, 'password'))) {
    const hash = ctx.hashes.get(passwordToHash(input) ?? '\0');
    if (!hash) return (ctx.messages.push('Error: the two passwords do not match'), false);
    extra.password = hash;
    extra.password_last_update = ctx.nowSql;
  }
  const c = columnValues(USER_COLUMNS, input, SPECIAL);
  if (!c.ok) return (ctx.messages.push(c.message), false);

  const id = m.nextId(m.users);
  const row = withChanges({ id } as Rec, COLS, {
    name,
    ...c.values,
    authtype: auth.value,
    auths_id: authsId.value,
    ...extra,
    date_mod: ctx.nowSql,
    date_creation: ctx.nowSql,
  });
  m.users.put(row);
  logHistory(ctx, 'User', id, { linkedAction: HISTORY.CREATE_ITEM });

  syncUserEmails(ctx, id, own(input, '_useremails'), own(input, '_default_email'));
  const chosen = intval(own(input, '_profiles_id'));
  const explicit = chosen > 0 && m.profiles.has(chosen) && outranksProfiles(m, ctx.session, [chosen]);
  const defaultProfile = [...m.profiles.values()].find((p) => p.is_default === 1)?.id ?? SELF_SERVICE;
  const entity = own(input, '_entities_id') !== undefined ? intval(own(input, '_entities_id')) : ctx.session.activeEntity;
  if (entity >= 0) {
    insertProfileUser(ctx, {
      users_id: id,
      profiles_id: explicit ? chosen : defaultProfile,
      entities_id: entity,
      is_recursive: own(input, '_is_recursive') !== undefined ? (intval(own(input, '_is_recursive')) ? 1 : 0) : 0,
      is_dynamic: explicit ? 0 : 1,
      is_default_profile: explicit ? 0 : 1,
    });
  }
  ctx.messages.push(`Item successfully added: ${userDisplayName(row)}`);
  return id;
}

function update(ctx: Ctx, row: Rec, rawInput: Dict): boolean {
  const m = ctx.model;
  const id = row.id;
  const self = id === ctx.session.userId;
  const input = Object.assign(Object.create(null), rawInput) as Dict;
  const changes: Record<string, Cell> = {};

  if (!self && !outranksUser(m, ctx.session, id)) for (const key of PROTECTED) delete input[key];

  if (own(input, 'name') !== undefined) {
    const raw = own(input, 'name');
    const name = typeof raw === 'string' || typeof raw === 'number' ? sanitize(String(raw)) : '';
    if (!LOGIN.test(name)) ctx.messages.push('The login is not valid. Unable to update login.');
    else if (m.usersNamed(name).some((u) => u.id !== id)) ctx.messages.push('Unable to update login. A user already exists.');
    else changes.name = name;
  }

  if (own(input, 'password2') !== undefined && !phpEmpty(own(input, 'password'))) {
    const clear = passwordToHash(input);
    if (clear === undefined) return (ctx.messages.push('Error: the two passwords do not match'), false);
    const mayChange = self || outranksUser(m, ctx.session, id);
    if (mayChange && !ctx.samePassword.has(`${id}\n${clear}`)) {
      changes.password = ctx.hashes.get(clear)!;
      changes.password_last_update = ctx.nowSql;
    }
  }

  if (own(input, '_blank_picture') !== undefined && !phpEmpty(own(input, '_blank_picture'))) changes.picture = null;
  if (!phpEmpty(own(input, '_reset_api_token'))) Object.assign(changes, { api_token: newToken(), api_token_date: ctx.nowSql });
  if (!phpEmpty(own(input, '_reset_personal_token'))) Object.assign(changes, { personal_token: newToken(), personal_token_date: ctx.nowSql });

  const c = columnValues(USER_COLUMNS, input, new Set(['name', 'password', 'picture']));
  if (!c.ok) return (ctx.messages.push(c.message), false);
  const values = c.values;
  for (const key of ['api_token', 'personal_token']) {
    const v = own(input, key);
    if (v === undefined) continue;
    const t = coerce({ ...COLS.get(key)!, secret: false }, v);
    if (!t.ok) return (ctx.messages.push(t.message), false);
    values[key] = t.value;
  }

  if (values.authtype !== undefined && values.authtype !== 1 && values.authtype !== cell(row, COLS.get('authtype')!)) changes.password = null;
  if (values.profiles_id !== undefined && values.profiles_id !== 0 && !m.profileUsersByUser.get(id).some((pu) => pu.profiles_id === values.profiles_id)) delete values.profiles_id;
  if (values.entities_id !== undefined && !m.profileUsersByUser.get(id).some((pu) => (pu.entities_id ?? 0) === values.entities_id)) delete values.entities_id;
  if (values.groups_id !== undefined && values.groups_id !== 0 && !m.groupUsersByUser.get(id).some((g) => g.groups_id === values.groups_id)) delete values.groups_id;
  for (const key of Object.keys(values)) {
    const global = GLOBAL_PREFERENCES[key];
    if (global !== undefined && values[key] !== null && String(values[key]) === String(global)) values[key] = null;
  }

  Object.assign(changes, values);
  const effective: Record<string, Cell> = {};
  for (const key of Object.keys(changes)) {
    const col = COLS.get(key);
    if (col && cell(row, col) !== changes[key]) effective[key] = changes[key];
  }
  if (Object.keys(effective).length) {
    effective.date_mod = ctx.nowSql;
    m.users.put(withChanges(row, COLS, effective));
    history(ctx, id, row, effective);
    if (effective.is_deleted !== undefined) {
      logHistory(ctx, 'User', id, { linkedAction: effective.is_deleted ? HISTORY.DELETE_ITEM : HISTORY.RESTORE_ITEM });
    }
  }
  if (own(input, '_useremails') !== undefined) syncUserEmails(ctx, id, own(input, '_useremails'), own(input, '_default_email'));
  if (self && effective.list_limit !== undefined) ctx.session.listLimit = listLimitOf(m.users.get(id)!);
  return true;
}

function remove(ctx: Ctx, row: Rec, purge: boolean, keepHistory: boolean): boolean {
  const m = ctx.model;
  if (!purge) {
    m.users.put(withChanges(row, COLS, { is_deleted: 1, date_mod: ctx.nowSql }));
    if (keepHistory) logHistory(ctx, 'User', row.id, { linkedAction: HISTORY.DELETE_ITEM });
    return true;
  }
  purgeUserLinks(m, row.id);
  for (const sub of [...m.usersBySupervisor.get(row.id)]) m.users.put(withChanges(sub, COLS, { users_id_supervisor: 0 }));
  purgeHistory(m, 'User', row.id);
  m.deleteRow(m.users, row.id);
  return true;
}

export const userType: ItemType = {
  name: 'User',
  table: 'glpi_users',
  columns: USER_COLUMNS,
  colMap: COLS,
  rows: (m) => m.users,
  right: 'user',
  trash: true,
  entityAssigned: false,
  children: ['Document_Item'],
  label: (_m, r) => userDisplayName(r),
  byColumn: (m, column, value) => (column === 'users_id_supervisor' ? m.usersBySupervisor.get(value) : undefined),
  canViewItem: (ctx, r) => userReachable(ctx.model, ctx.session, r.id),
  canCreate: (ctx) => ctx.can('user', CREATE),
  canUpdate: (ctx, r) => ctx.can('user', UPDATE) && canManageUser(ctx, r.id),
  canDelete: (ctx, r, purge) => ctx.can('user', purge ? PURGE : DELETE) && canManageUser(ctx, r.id),
  create,
  update,
  remove,
};
