import { UPDATE } from './builtins.js';
import { columnValues } from './coerce.js';
import type { Ctx, ItemType } from './context.js';
import { HISTORY, logHistory } from './logs.js';
import { cell, withChanges, type Cell, type Model, type Rec } from './model.js';
import { dropdownName } from './names.js';
import { intval, own, phpEmpty, type Dict } from './php.js';
import { outranksProfiles, userReachable } from './rights.js';
import { GROUP_USER_COLUMNS, PROFILE_USER_COLUMNS, USEREMAIL_COLUMNS, type Column } from './schema.js';
import { entityVisible } from './sessions.js';
import { MSG } from './errors.js';

/**
 * The links around a user: profile assignments (`Profile_User`), group memberships (`Group_User`)
 * and email addresses (`UserEmail`). None has a trash bin: deleting one purges it. Each change is
 * recorded in the user's history (and the group's, for memberships).
 */

const colMap = (cols: readonly Column[]) => new Map(cols.map((c) => [c.name, c]));
const PU_COLS = colMap(PROFILE_USER_COLUMNS);
const GU_COLS = colMap(GROUP_USER_COLUMNS);
const UE_COLS = colMap(USEREMAIL_COLUMNS);

/** The name with id the product writes into history lines: "Helpdesk (1)". */
const nameId = (name: string, id: number) => `${name} (${id})`;

function denied(ctx: Ctx): false {
  ctx.messages.push(MSG.rightMissing);
  return false;
}

/** `filter_var(FILTER_VALIDATE_EMAIL)`, near enough. */
export function validEmail(email: string): boolean {
  return /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(email) && email.length <= 254;
}

// ---------------------------------------------------------------- Profile_User

/** Adds a profile assignment (no rights checks: callers decide). */
export function insertProfileUser(ctx: Ctx, values: Record<string, Cell>): number {
  const m = ctx.model;
  const id = m.nextId(m.profileUsers);
  m.profileUsers.put(withChanges({ id } as Rec, PU_COLS, values));
  const pid = values.profiles_id as number;
  logHistory(ctx, 'User', values.users_id as number, { linkedAction: HISTORY.ADD_RELATION, itemtypeLink: 'Profile', newValue: nameId(dropdownName(m, 'Profile', pid), pid) });
  return id;
}

function profileUserAllowed(ctx: Ctx, v: Record<string, Cell>): boolean {
  const m = ctx.model;
  const userId = v.users_id as number;
  const profileId = v.profiles_id as number;
  const entityId = (v.entities_id ?? 0) as number;
  return (
    m.users.has(userId) &&
    m.profiles.has(profileId) &&
    m.entities.has(entityId) &&
    entityVisible(ctx.session, entityId, false) &&
    outranksProfiles(m, ctx.session, [profileId]) &&
    userReachable(m, ctx.session, userId) 
  );
}

export const profileUserType: ItemType = {
  name: 'Profile_User',
  table: 'glpi_profiles_users',
  columns: PROFILE_USER_COLUMNS,
  colMap: PU_COLS,
  rows: (m) => m.profileUsers,
  right: 'user',
  trash: false,
  entityAssigned: true,
  children: [],
  label: (m, r) => dropdownName(m, 'Profile', r.profiles_id as number),
  byColumn: (m, column, value) => (column === 'users_id' ? m.profileUsersByUser.get(value) : column === 'profiles_id' ? m.profileUsersByProfile.get(value) : undefined),
  canViewItem: (ctx, r) => entityVisible(ctx.session, (r.entities_id ?? 0) as number, r.is_recursive === 1),
  canCreate: (ctx) => ctx.can('user', UPDATE),
  canUpdate: (ctx, r) => ctx.can('user', UPDATE) && entityVisible(ctx.session, (r.entities_id ?? 0) as number, false),
  canDelete: (ctx, r) => ctx.can('user', UPDATE) && entityVisible(ctx.session, (r.entities_id ?? 0) as number, false),
  create(ctx, input) {
    const c = columnValues(PROFILE_USER_COLUMNS, input);
    if (!c.ok) return (ctx.messages.push(c.message), false);
    const v = { entities_id: 0, ...c.values };
    if (typeof v.entities_id !== 'number' || v.entities_id < 0) return (ctx.messages.push('No selected element or badly defined operation'), false);
    if (!profileUserAllowed(ctx, v)) return denied(ctx);
    return insertProfileUser(ctx, v);
  },
  update(ctx, row, input) {
    const c = columnValues(PROFILE_USER_COLUMNS, input);
    if (!c.ok) return (ctx.messages.push(c.message), false);
    const merged: Record<string, Cell> = {};
    for (const col of PROFILE_USER_COLUMNS) merged[col.name] = cell(row, col);
    Object.assign(merged, c.values);
    if (!profileUserAllowed(ctx, merged)) return denied(ctx);
    ctx.model.profileUsers.put(withChanges(row, PU_COLS, c.values));
    return true;
  },
  remove(ctx, row) {
    const m = ctx.model;
    m.deleteRow(m.profileUsers, row.id);
    const pid = row.profiles_id as number;
    logHistory(ctx, 'User', row.users_id as number, { linkedAction: HISTORY.DEL_RELATION, itemtypeLink: 'Profile', oldValue: nameId(dropdownName(m, 'Profile', pid), pid) });
    return true;
  },
};

// ---------------------------------------------------------------- Group_User

function groupUserAllowed(ctx: Ctx, v: Record<string, Cell>): boolean {
  const m = ctx.model;
  const group = m.groups.get(v.groups_id as number);
  return !!group && m.users.has(v.users_id as number) && entityVisible(ctx.session, (group.entities_id ?? 0) as number, group.is_recursive === 1);
}

const duplicateMembership = (v: Record<string, Cell>) => `Duplicate entry '${v.users_id}-${v.groups_id}' for key 'unicity'`;

function logMembership(ctx: Ctx, userId: number, groupId: number, added: boolean): void {
  const m = ctx.model;
  const action = added ? HISTORY.ADD_RELATION : HISTORY.DEL_RELATION;
  const value = (name: string, id: number) => (added ? { newValue: nameId(name, id) } : { oldValue: nameId(name, id) });
  logHistory(ctx, 'User', userId, { linkedAction: action, itemtypeLink: 'Group', ...value(dropdownName(m, 'Group', groupId), groupId) });
  logHistory(ctx, 'Group', groupId, { linkedAction: action, itemtypeLink: 'User', ...value(dropdownName(m, 'User', userId), userId) });
}

export const groupUserType: ItemType = {
  name: 'Group_User',
  table: 'glpi_groups_users',
  columns: GROUP_USER_COLUMNS,
  colMap: GU_COLS,
  rows: (m) => m.groupUsers,
  right: 'group',
  trash: false,
  entityAssigned: false,
  children: [],
  label: (m, r) => dropdownName(m, 'Group', r.groups_id as number),
  byColumn: (m, column, value) => (column === 'users_id' ? m.groupUsersByUser.get(value) : column === 'groups_id' ? m.groupUsersByGroup.get(value) : undefined),
  canCreate: (ctx) => ctx.can('group', UPDATE) || ctx.can('user', UPDATE),
  canUpdate: (ctx) => ctx.can('group', UPDATE) || ctx.can('user', UPDATE),
  canDelete: (ctx) => ctx.can('group', UPDATE) || ctx.can('user', UPDATE),
  create(ctx, input) {
    const c = columnValues(GROUP_USER_COLUMNS, input);
    if (!c.ok) return (ctx.messages.push(c.message), false);
    const v = c.values;
    if (!groupUserAllowed(ctx, v)) return denied(ctx);
    const m = ctx.model;
    if (m.groupUsersByUser.get(v.users_id as number).some((g) => g.groups_id === v.groups_id)) return (ctx.messages.push(duplicateMembership(v)), false);
    const id = m.nextId(m.groupUsers);
    m.groupUsers.put(withChanges({ id } as Rec, GU_COLS, v));
    logMembership(ctx, v.users_id as number, v.groups_id as number, true);
    return id;
  },
  update(ctx, row, input) {
    const c = columnValues(GROUP_USER_COLUMNS, input);
    if (!c.ok) return (ctx.messages.push(c.message), false);
    const merged: Record<string, Cell> = {};
    for (const col of GROUP_USER_COLUMNS) merged[col.name] = cell(row, col);
    Object.assign(merged, c.values);
    if (!groupUserAllowed(ctx, merged)) return denied(ctx);
    const m = ctx.model;
    for (const other of m.groupUsersByUser.get(merged.users_id as number)) {
      if (other.id !== row.id && other.groups_id === merged.groups_id) return (ctx.messages.push(duplicateMembership(merged)), false);
    }
    m.groupUsers.put(withChanges(row, GU_COLS, c.values));
    return true;
  },
  remove(ctx, row) {
    ctx.model.deleteRow(ctx.model.groupUsers, row.id);
    logMembership(ctx, row.users_id as number, row.groups_id as number, false);
    return true;
  },
};

// ---------------------------------------------------------------- UserEmail

/** Keeps exactly one default address when a user has any. */
function ensureDefault(m: Model, userId: number, preferred?: number): void {
  const rows = m.emailsByUser.get(userId);
  if (!rows.length) return;
  const target = preferred ?? rows.find((r) => r.is_default === 1)?.id ?? rows[0].id;
  for (const r of rows) {
    const want = r.id === target ? 1 : 0;
    if ((r.is_default ?? 0) !== want) m.emails.put(withChanges(r, UE_COLS, { is_default: want }));
  }
}

const duplicateEmail = (userId: Cell, email: Cell) => `Duplicate entry '${userId}-${email}' for key 'unicity'`;

/** Adds an address; returns the id, or a failure message. */
export function insertEmail(ctx: Ctx, userId: number, email: string, isDefault: boolean, dynamic = 0): number | string {
  const m = ctx.model;
  if (!validEmail(email)) return 'Invalid email address';
  for (const r of m.emailsByUser.get(userId)) if (String(r.email ?? '').toLowerCase() === email.toLowerCase()) return duplicateEmail(userId, email);
  const first = m.emailsByUser.get(userId).length === 0;
  const id = m.nextId(m.emails);
  m.emails.put(withChanges({ id } as Rec, UE_COLS, { users_id: userId, is_default: isDefault || first ? 1 : 0, is_dynamic: dynamic, email }));
  if (isDefault) ensureDefault(m, userId, id);
  logHistory(ctx, 'User', userId, { linkedAction: HISTORY.ADD_SUBITEM, itemtypeLink: 'UserEmail', newValue: nameId(email, id) });
  return id;
}

function deleteEmail(ctx: Ctx, row: Rec): void {
  const m = ctx.model;
  m.deleteRow(m.emails, row.id);
  const userId = row.users_id as number;
  ensureDefault(m, userId);
  logHistory(ctx, 'User', userId, { linkedAction: HISTORY.DELETE_SUBITEM, itemtypeLink: 'UserEmail', oldValue: nameId(String(row.email ?? ''), row.id) });
}

/**
 * The `_useremails` input of a user write: `{id: address}`; ids ≤ 0 add, known ids update (an
 * empty address deletes), `_default_email` names the default. Invalid addresses are skipped.
 * Only the user's own address rows are touched.
 */
export function syncUserEmails(ctx: Ctx, userId: number, emails: unknown, defaultKey: unknown): void {
  const m = ctx.model;
  const entries: Array<[string, unknown]> = Array.isArray(emails)
    ? emails.map((v, i) => [String(i), v])
    : emails && typeof emails === 'object'
      ? Object.keys(emails).map((k) => [k, (emails as Dict)[k]])
      : [];
  const isDefaultKey = (k: string) => defaultKey !== undefined && defaultKey !== null && String(defaultKey) === k;
  for (const [key, raw] of entries) {
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    const email = String(raw).trim();
    const id = intval(key);
    if (id > 0) {
      const row = m.emails.get(id);
      if (!row || row.users_id !== userId) continue;
      if (email === '') {
        deleteEmail(ctx, row);
        continue;
      }
      const wantDefault = isDefaultKey(key) ? 1 : 0;
      if (row.email === email && (row.is_default ?? 0) === wantDefault) continue;
      if (!validEmail(email)) continue;
      m.emails.put(withChanges(row, UE_COLS, { email, is_default: wantDefault }));
      if (wantDefault) ensureDefault(m, userId, id);
      logHistory(ctx, 'User', userId, { linkedAction: HISTORY.UPDATE_SUBITEM, itemtypeLink: 'UserEmail', oldValue: nameId(String(row.email ?? ''), id), newValue: nameId(email, id) });
    } else if (email !== '') {
      insertEmail(ctx, userId, email, isDefaultKey(key));
    }
  }
}

/** Whether the session may change this user's addresses: their own, or with UPDATE on users. */
function emailOwnerAllowed(ctx: Ctx, userId: number): boolean {
  return ctx.model.users.has(userId) && (userId === ctx.session.userId || (ctx.can('user', UPDATE) && userReachable(ctx.model, ctx.session, userId, false)));
}

export const userEmailType: ItemType = {
  name: 'UserEmail',
  table: 'glpi_useremails',
  columns: USEREMAIL_COLUMNS,
  colMap: UE_COLS,
  rows: (m) => m.emails,
  right: 'user',
  trash: false,
  entityAssigned: false,
  children: [],
  label: (_m, r) => String(r.email ?? ''),
  byColumn: (m, column, value) => (column === 'users_id' ? m.emailsByUser.get(value) : undefined),
  canCreate: (ctx, input) => emailOwnerAllowed(ctx, intval(own(input, 'users_id'))),
  canUpdate: (ctx, r) => emailOwnerAllowed(ctx, r.users_id as number),
  canDelete: (ctx, r) => emailOwnerAllowed(ctx, r.users_id as number),
  create(ctx, input) {
    const c = columnValues(USEREMAIL_COLUMNS, input);
    if (!c.ok) return (ctx.messages.push(c.message), false);
    const v = c.values;
    const email = typeof v.email === 'string' ? v.email.trim() : '';
    if (phpEmpty(email)) return (ctx.messages.push('Invalid email address'), false);
    const r = insertEmail(ctx, v.users_id as number, email, v.is_default === 1, (v.is_dynamic ?? 0) as number);
    if (typeof r === 'string') return (ctx.messages.push(r), false);
    return r;
  },
  update(ctx, row, input) {
    const c = columnValues(USEREMAIL_COLUMNS, input, new Set(['users_id']));
    if (!c.ok) return (ctx.messages.push(c.message), false);
    const m = ctx.model;
    const v = c.values;
    if (v.email !== undefined) {
      const email = typeof v.email === 'string' ? v.email.trim() : '';
      if (!validEmail(email)) return (ctx.messages.push('Invalid email address'), false);
      for (const r of m.emailsByUser.get(row.users_id as number)) {
        if (r.id !== row.id && String(r.email ?? '').toLowerCase() === email.toLowerCase()) return (ctx.messages.push(duplicateEmail(row.users_id as Cell, email)), false);
      }
      v.email = email;
    }
    m.emails.put(withChanges(row, UE_COLS, v));
    if (v.is_default === 1) ensureDefault(m, row.users_id as number, row.id);
    else if (v.is_default === 0) ensureDefault(m, row.users_id as number);
    if (v.email !== undefined && v.email !== row.email) {
      logHistory(ctx, 'User', row.users_id as number, { linkedAction: HISTORY.UPDATE_SUBITEM, itemtypeLink: 'UserEmail', oldValue: nameId(String(row.email ?? ''), row.id), newValue: nameId(String(v.email), row.id) });
    }
    return true;
  },
  remove(ctx, row) {
    deleteEmail(ctx, row);
    return true;
  },
};

/** Removes everything attached to a purged user. */
export function purgeUserLinks(m: Model, userId: number): void {
  for (const r of m.profileUsersByUser.get(userId)) m.deleteRow(m.profileUsers, r.id);
  for (const r of m.groupUsersByUser.get(userId)) m.deleteRow(m.groupUsers, r.id);
  for (const r of m.emailsByUser.get(userId)) m.deleteRow(m.emails, r.id);
}
