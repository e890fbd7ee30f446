import { StoreFailure } from './context.js';
import { has, listOf, type InputObject, type InputValue } from './input.js';
import type { Permissions, SnipeModel, UserRow } from './model.js';
import { e, intval, isNumericString, mysqlId, mysqlNumber } from './php.js';
import type { Attributes } from './validation.js';

/** The User model's `$fillable` (plus `display_name` and `mobile` of later 8.x releases). */
const TEXT_FIELDS = [
  'first_name', 'last_name', 'display_name', 'username', 'email', 'employee_num', 'jobtitle', 'phone', 'mobile', 'website', 'address', 'city', 'state',
  'country', 'zip', 'notes', 'locale', 'avatar', 'start_date', 'end_date',
] as const;
const ID_FIELDS = ['company_id', 'department_id', 'location_id', 'manager_id'] as const;
const FLAG_FIELDS = ['activated', 'ldap_import', 'remote', 'vip', 'autoassign_licenses'] as const;
const FILLABLE: readonly string[] = [...TEXT_FIELDS, ...ID_FIELDS, ...FLAG_FIELDS, 'password'];

/** What Snipe-IT stores as the password of an account created without one. */
export const NO_PASSWORD = '*** NO PASSWORD ***';

/**
 * The attributes' password of a seeded person who still has the seeded one, which their row leaves out
 * (see `UserRow.password`): it passes the model's rules as the hash would, and a row built from the
 * attributes leaves the password out again.
 */
const SEEDED_PASSWORD = '*** SEEDED PASSWORD ***';

/** A stored row as the model's attributes (the defaults of absent columns filled in). */
export function attributesOf(u: UserRow): Attributes {
  const a: Attributes = Object.create(null) as Attributes;
  for (const f of TEXT_FIELDS) a[f] = (u[f] as string | null | undefined) ?? null;
  a.locale = u.locale === undefined ? 'en-US' : u.locale;
  for (const f of ID_FIELDS) a[f] = u[f] ?? null;
  a.activated = u.activated;
  a.ldap_import = u.ldap_import ?? 0;
  a.remote = u.remote ?? 0;
  a.vip = u.vip ?? 0;
  a.autoassign_licenses = u.autoassign_licenses ?? 1;
  a.password = u.password ?? SEEDED_PASSWORD;
  return a;
}

/** `$user->fill($request->all())`: every fillable key the request has, as sent. */
export function fill(attrs: Attributes, input: InputObject): Attributes {
  for (const f of FILLABLE) if (has(input, f)) attrs[f] = input[f];
  return attrs;
}

/** `Company::getIdFromInput(e($x))`: "0" means none; anything else is kept as text. */
export function companyFromInput(v: InputValue | undefined): InputValue {
  if (Array.isArray(v) || (v && typeof v === 'object')) return v;
  const text = e(v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? '1' : '') : v);
  return text === '0' ? null : text;
}

/** PHP's `$id == $input` for the "own manager" check. */
export function looselyEquals(id: number, v: InputValue | undefined): boolean {
  if (typeof v === 'number') return v === id;
  if (typeof v === 'boolean') return v === (id !== 0);
  if (typeof v === 'string') return isNumericString(v) && Number(v) === id;
  return false;
}

/**
 * The `permissions` input as `decodePermissions()` will read it back: a JSON-encoded string or an
 * object; values cast to int; integer keys dropped; `superuser` dropped unless a superuser sends it.
 */
export function permissionsFromInput(v: InputValue | undefined, callerIsSuperuser: boolean): Permissions | null {
  let source: unknown = v;
  if (typeof v === 'string') {
    try {
      source = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (!source || typeof source !== 'object' || Array.isArray(source)) return null;
  // no prototype: a key such as __proto__ is kept as the plain key PHP would keep
  const out = Object.create(null) as Permissions;
  for (const key of Object.keys(source)) {
    if (/^(0|-?[1-9]\d{0,17})$/.test(key)) continue;
    if (key === 'superuser' && !callerIsSuperuser) continue;
    out[key] = intval((source as Record<string, InputValue>)[key]);
  }
  return Object.keys(out).length ? out : null;
}

/** Group ids the pivot will hold after `sync($input)`: existing groups only, ascending. */
export function groupIdsFromInput(v: InputValue | undefined, model: SnipeModel): number[] {
  const ids = new Set<number>();
  for (const item of listOf(v)) {
    const id = mysqlId(item);
    if (id !== undefined && model.groups.has(id)) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

function text(v: InputValue | undefined, field: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '';
  throw new StoreFailure(`Array to string conversion (${field})`);
}

/** A value bound to an integer column of a non-strict MySQL: its numeric part, rounded. */
function integer(v: InputValue | undefined, field: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Math.round(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return Math.round(mysqlNumber(v));
  throw new StoreFailure(`Array to string conversion (${field})`);
}

function flag(v: InputValue | undefined, field: string): number {
  const n = integer(v, field);
  return n ? 1 : 0;
}

/**
 * The row the attributes are saved as. Columns at their default are left out, to keep rows small.
 * Throws StoreFailure where the database layer would fail (an array in a scalar column).
 */
export function toRow(base: { id: number; created_at: string; updated_at: string; created_by?: number | null; last_login?: string | null; deleted_at?: string | null }, attrs: Attributes, extra: { permissions: Permissions | null; groups: readonly number[] }): UserRow {
  const row: Record<string, unknown> = { id: base.id };
  for (const f of TEXT_FIELDS) {
    const v = text(attrs[f], f);
    if (f === 'locale') {
      // an unset locale takes the column default
      if (attrs.locale !== undefined && v !== 'en-US') row.locale = v;
    } else if (f === 'first_name' || f === 'username') row[f] = v ?? '';
    else if (v !== null) row[f] = v;
  }
  for (const f of ID_FIELDS) {
    const v = integer(attrs[f], f);
    if (v !== null) row[f] = v;
  }
  row.activated = flag(attrs.activated, 'activated');
  for (const f of ['ldap_import', 'remote', 'vip'] as const) if (flag(attrs[f], f)) row[f] = 1;
  if (attrs.autoassign_licenses !== undefined && !flag(attrs.autoassign_licenses, 'autoassign_licenses')) row.autoassign_licenses = 0;
  if (attrs.password !== SEEDED_PASSWORD) row.password = attrs.password;
  if (extra.permissions) row.permissions = extra.permissions;
  if (extra.groups.length) row.groups = extra.groups;
  if (base.created_by !== undefined && base.created_by !== null) row.created_by = base.created_by;
  row.created_at = base.created_at;
  row.updated_at = base.updated_at;
  if (base.last_login) row.last_login = base.last_login;
  if (base.deleted_at) row.deleted_at = base.deleted_at;
  return row as unknown as UserRow;
}

/** Whether two rows hold the same values (an unchanged model is not saved, so updated_at stays). */
export function sameRow(a: UserRow, b: UserRow): boolean {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => k !== 'updated_at').sort();
  const kb = Object.keys(rb).filter((k) => k !== 'updated_at').sort();
  return ka.join('\u0001') === kb.join('\u0001') && ka.every((k) => JSON.stringify(ra[k]) === JSON.stringify(rb[k]));
}
