import { hashPassword } from '../../passwords.js';
import { extraKey, invalidValue, mandatory, notUnique, readOnly, typeMismatch } from './errors.js';
import { isJsonObject, type Json, type JsonObject } from './lenient-json.js';
import { loginHolder, type Model, type NamedRow, type TechnicianInfo, type UdfValues, type UserRow } from './model.js';
import {
  AUTOMATIC_ROLE_IDS,
  automaticRoles,
  CI_DEFAULT_UDFS,
  CI_USER_UDFS,
  IMPACTS,
  NOT_IN_ANY_SITE,
  NOT_IN_ANY_SITE_NAME,
  ROLE_SDGUEST,
  TECHNICIAN_UDFS,
  USER_UDFS,
  type UdfSpec,
} from './world.js';

/**
 * Turns a `user` / `technician` input object into a stored row, validating everything first. Values are
 * loosely typed as the product takes them (`"true"` for true, `"929"` for 929, ids as strings or
 * numbers); references are objects (`{"id": "5"}`, or `{"name": "IT Services"}` where names are unique).
 * Only known keys are read, one by one: the input object is never spread or merged.
 *
 * - `create`: POST /users (mandatory `name`; a requester gets the SDGuest role when given none)
 * - `update`: PUT /users/{id}, partial
 * - `technician`: PUT /users/{id}/change_as_technician (user attributes plus technician ones)
 * - `technician-update`: PUT /technicians/{id}, partial
 */
export type InputMode = 'create' | 'update' | 'technician' | 'technician-update';

type Draft = { -readonly [K in keyof UserRow]: UserRow[K] };

interface UserPlan {
  readonly row: UserRow;
  /** A password to hash before the row is stored. */
  readonly password: string | undefined;
}

/** Keys the product computes; sending them is an error (4014). */
const READ_ONLY = new Set([
  'id', 'status', 'created_time', 'is_technician', 'type', 'org_user_status', 'ciid', 'citype', 'attachments',
  'ci_people_fields', 'org_roles', 'profile_pic',
]);
const TECHNICIAN_READ_ONLY = new Set([
  'sip_user', 'extension', 'enable_telephony', 'is_in_ad', 'aaauser_id', 'sduser_id', 'portaluser_id', 'account_id',
  'aaaaccpass_id',
]);

const TEXT_FIELDS: ReadonlyMap<string, 'first' | 'middle' | 'last' | 'employeeId' | 'phone' | 'mobile' | 'title' | 'description' | 'login'> = new Map([
  ['first_name', 'first'],
  ['middle_name', 'middle'],
  ['last_name', 'last'],
  ['employee_id', 'employeeId'],
  ['phone', 'phone'],
  ['mobile', 'mobile'],
  ['jobtitle', 'title'],
  ['description', 'description'],
  ['login_name', 'login'],
] as const);
const EMAIL_FIELDS: ReadonlyMap<string, 'email' | 'sms'> = new Map([
  ['email_id', 'email'],
  ['sms_mail_id', 'sms'],
] as const);
const FLAG_FIELDS: ReadonlyMap<string, 'vip' | 'srApprover' | 'poApprover'> = new Map([
  ['is_vipuser', 'vip'],
  ['service_request_approver', 'srApprover'],
  ['purchase_approver', 'poApprover'],
] as const);
const MONEY_FIELDS: ReadonlyMap<string, 'cost' | 'poLimit'> = new Map([
  ['cost_per_hour', 'cost'],
  ['purchase_approval_limit', 'poLimit'],
] as const);

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const DIGITS = /^\s*-?\d{1,18}\s*$/;

/** A blank row for `create`: id and created_time are set by the caller when it stores the row. */
export function blankUser(): UserRow {
  return { id: 0, name: '', roles: [], created: 0 };
}

function planUser(m: Model, input: JsonObject, mode: InputMode, base: UserRow): UserPlan {
  const technicianInput = mode === 'technician' || mode === 'technician-update';
  const d: Draft = { ...base };
  let password: string | undefined;
  let roles: number[] | undefined;
  let sites: number[] | undefined;
  let groups: number[] | undefined;
  let techUdf: UdfValues | undefined = base.tech?.udf;
  let viewCost: boolean | undefined = base.tech?.viewCost;

  for (const key of Object.keys(input)) {
    const v = input[key];
    if (READ_ONLY.has(key) || (technicianInput && TECHNICIAN_READ_ONLY.has(key))) throw readOnly(key);
    const text = TEXT_FIELDS.get(key);
    if (text) {
      d[text] = asText(v, key);
      continue;
    }
    const email = EMAIL_FIELDS.get(key);
    if (email) {
      d[email] = asEmail(v, key);
      continue;
    }
    const flag = FLAG_FIELDS.get(key);
    if (flag) {
      d[flag] = asBool(v, key) || undefined;
      continue;
    }
    const money = MONEY_FIELDS.get(key);
    if (money) {
      d[money] = asMoney(v, key);
      continue;
    }
    switch (key) {
      case 'name':
        d.name = asText(v, key) ?? '';
        if (!d.name.trim()) throw mandatory('name');
        break;
      case 'secondary_emailids':
        d.emails2 = asEmailList(v, key);
        break;
      case 'password':
        if (v !== null) {
          if (typeof v !== 'string') throw typeMismatch(key);
          if (!v) throw invalidValue(key);
          password = v;
        }
        break;
      case 'requester_allowed_to_view':
        // accepted and validated, but the product answers null for it whatever is sent
        if (v !== null && !(typeof v === 'number' || (typeof v === 'string' && DIGITS.test(v)))) throw typeMismatch(key);
        break;
      case 'department':
        d.dept = ref(v, key, m.departments.table);
        break;
      case 'domain':
        d.domain = ref(v, key, m.domains);
        break;
      case 'project_roles':
        d.projectRole = ref(v, key, m.projectRoles);
        break;
      case 'reporting_to':
        d.manager = userRef(m, v, key);
        if (d.manager !== undefined && d.manager === base.id) throw invalidValue(key);
        break;
      case 'associated_roles':
        roles = refList(v, key, m.roles.table);
        break;
      case 'user_udf_fields':
        d.udf = udfInput(m, USER_UDFS, v, key, base.udf);
        break;
      case 'ci_default_fields':
        d.ciDefault = udfInput(m, CI_DEFAULT_UDFS, v, key, base.ciDefault);
        break;
      case 'ci_user_fields':
        d.ciUser = udfInput(m, CI_USER_UDFS, v, key, base.ciUser);
        break;
      default:
        if (!technicianInput) throw extraKey(key);
        switch (key) {
          case 'associated_sites':
            sites = siteList(m, v, key);
            break;
          case 'support_group':
            groups = refList(v, key, m.supportGroups.table);
            break;
          case 'technician_udf_fields':
            techUdf = udfInput(m, TECHNICIAN_UDFS, v, key, techUdf);
            break;
          case 'allowed_to_view_cost':
            viewCost = asBool(v, key) || undefined;
            break;
          default:
            throw extraKey(key);
        }
    }
  }

  if (mode === 'create' && !d.name.trim()) throw mandatory('name');
  if (mode === 'technician' || base.tech) {
    const tech: TechnicianInfo = {
      sites: sites ?? base.tech?.sites ?? [NOT_IN_ANY_SITE],
      groups: groups ?? base.tech?.groups ?? [],
      ...(techUdf ? { udf: techUdf } : {}),
      ...(viewCost ? { viewCost } : {}),
    };
    d.tech = tech;
    // A technician carries the product's own per-site roles next to the ones given (recomputed when
    // roles or sites change); becoming a technician drops the requester role.
    let given = roles;
    if (!given && (sites || mode === 'technician')) given = base.roles.filter((r) => !(mode === 'technician' && r === ROLE_SDGUEST));
    if (given) d.roles = unique([...given.filter((r) => !AUTOMATIC_ROLE_IDS.has(r)), ...automaticRoles(tech.sites)]);
  } else if (roles) d.roles = roles.length ? roles : [ROLE_SDGUEST];
  else if (mode === 'create') d.roles = [ROLE_SDGUEST];

  if (d.login) {
    const holder = loginHolder(m, d.domain, d.login);
    if (holder && holder.id !== base.id) throw notUnique('login_name');
  }
  if (d.employeeId) {
    const holder = m.byEmployeeId.get(d.employeeId.toLowerCase());
    if (holder && holder.id !== base.id) throw notUnique('employee_id');
  }
  return { row: d, password };
}

/**
 * The row to store for this input: validated, a new password hashed (the only await), then validated
 * again against the data as it is now, since another request may have changed it meanwhile. `base`
 * fetches the row the input applies to (and may throw if it has gone).
 */
export async function prepareUser(m: Model, input: JsonObject, mode: InputMode, base: () => UserRow): Promise<UserRow> {
  const first = planUser(m, input, mode, base());
  if (first.password === undefined) return first.row;
  const hash = await hashPassword(first.password);
  return { ...planUser(m, input, mode, base()).row, password: hash };
}

const unique = (ids: readonly number[]) => [...new Set(ids)];

function asText(v: Json, key: string): string | undefined {
  if (v === null) return undefined;
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw typeMismatch(key);
}

function asEmail(v: Json, key: string): string | undefined {
  const s = asText(v, key)?.trim();
  if (s === undefined || s === '') return undefined;
  if (!EMAIL.test(s)) throw invalidValue(key);
  return s;
}

function asEmailList(v: Json, key: string): string[] | undefined {
  if (v === null) return undefined;
  if (!Array.isArray(v)) throw typeMismatch(key);
  const out = new Set<string>();
  for (const e of v) {
    if (typeof e !== 'string') throw typeMismatch(key);
    const s = e.trim();
    if (!EMAIL.test(s)) throw invalidValue(key);
    out.add(s);
  }
  return out.size ? [...out].sort() : undefined;
}

function asBool(v: Json, key: string): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  throw typeMismatch(key);
}

function asMoney(v: Json, key: string): number | undefined {
  if (v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw typeMismatch(key);
  return n;
}

/** An id from a reference's `id` (string or number), if it is a whole number. */
function idOf(v: Json | undefined): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v === 'string' && DIGITS.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

function findByName<R extends NamedRow>(rows: Iterable<R>, name: string): R | undefined {
  const wanted = name.trim().toLowerCase();
  for (const r of rows) if (r.name.toLowerCase() === wanted) return r;
  return undefined;
}

/** `{"id": …}` or `{"name": …}` of a small named table; null clears. */
function ref<R extends NamedRow>(v: Json, key: string, table: { get(id: number): R | undefined; values(): Iterable<R> }): number | undefined {
  if (v === null) return undefined;
  if (!isJsonObject(v)) throw typeMismatch(key);
  if (v.id !== undefined && v.id !== null) {
    const id = idOf(v.id);
    if (id === undefined || !table.get(id)) throw invalidValue(key);
    return id;
  }
  if (typeof v.name === 'string') {
    const found = findByName(table.values(), v.name);
    if (!found) throw invalidValue(key);
    return found.id;
  }
  throw invalidValue(key);
}

function userRef(m: Model, v: Json, key: string): number | undefined {
  if (v === null) return undefined;
  if (!isJsonObject(v)) throw typeMismatch(key);
  const id = idOf(v.id ?? undefined);
  if (id === undefined || !m.users.get(id)) throw invalidValue(key);
  return id;
}

function refList<R extends NamedRow>(v: Json, key: string, table: { get(id: number): R | undefined; values(): Iterable<R> }): number[] {
  if (v === null) return [];
  if (!Array.isArray(v)) throw typeMismatch(key);
  const ids: number[] = [];
  for (const item of v) {
    const id = ref(item, key, table);
    if (id !== undefined) ids.push(id);
  }
  return unique(ids);
}

/** Sites of a technician; `-1` (or its name) is the product's "Not associated to any site". */
function siteList(m: Model, v: Json, key: string): number[] {
  if (v === null) return [NOT_IN_ANY_SITE];
  if (!Array.isArray(v)) throw typeMismatch(key);
  const ids: number[] = [];
  for (const item of v) {
    if (!isJsonObject(item)) throw typeMismatch(key);
    const id = idOf(item.id ?? undefined);
    if (id === NOT_IN_ANY_SITE || (id === undefined && typeof item.name === 'string' && item.name.trim().toLowerCase() === NOT_IN_ANY_SITE_NAME.toLowerCase())) {
      ids.push(NOT_IN_ANY_SITE);
      continue;
    }
    const site = ref(item, key, m.sites.table);
    if (site !== undefined) ids.push(site);
  }
  return ids.length ? unique(ids) : [NOT_IN_ANY_SITE];
}

/** Additional fields: only the catalog's keys, merged into what the row has (null clears one). */
function udfInput(m: Model, specs: readonly UdfSpec[], v: Json, key: string, current: UdfValues | undefined): UdfValues | undefined {
  if (v === null) return undefined;
  if (!isJsonObject(v)) throw typeMismatch(key);
  const out = new Map<string, string | number>(current ? Object.entries(current) : []);
  for (const k of Object.keys(v)) {
    const spec = specs.find((s) => s.key === k);
    if (!spec) throw extraKey(k);
    const value = v[k];
    if (value === null) out.delete(k);
    else out.set(k, udfValue(m, spec, value));
  }
  if (out.size === 0) return undefined;
  const stored: Record<string, string | number> = {};
  for (const spec of specs) {
    const value = out.get(spec.key);
    if (value !== undefined) stored[spec.key] = value;
  }
  return stored;
}

function udfValue(m: Model, spec: UdfSpec, v: Json): string | number {
  const key = spec.key;
  switch (spec.kind) {
    case 'text':
    case 'pick':
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
      throw typeMismatch(key);
    case 'long': {
      const n = idOf(v);
      if (n === undefined) throw typeMismatch(key);
      return String(n);
    }
    case 'date': {
      const n = idOf(isJsonObject(v) ? (v.value ?? undefined) : v);
      if (n === undefined) throw typeMismatch(key);
      return String(n);
    }
  }
  const id = idOf(isJsonObject(v) ? (v.id ?? undefined) : v);
  if (id === undefined) throw typeMismatch(key);
  const exists =
    spec.kind.ref === 'impact'
      ? IMPACTS.has(id)
      : spec.kind.ref === 'user'
        ? m.users.has(id)
        : spec.kind.ref === 'department'
          ? m.departments.table.has(id)
          : m.sites.table.has(id);
  if (!exists) throw invalidValue(key);
  return id;
}
