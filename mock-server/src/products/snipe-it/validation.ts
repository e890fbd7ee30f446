import { get, has, type InputObject, type InputValue } from './input.js';
import type { SnipeModel } from './model.js';
import { fold, isPhpInteger, isYmd, mysqlId } from './php.js';

/** Validation errors as Laravel's MessageBag serialises them: field → messages, in rule order. */
export type Messages = Record<string, string[]>;

/** Laravel's attribute display: underscores become spaces. */
function label(field: string): string {
  return field.replace(/_/g, ' ');
}

/** Laravel's `required`: null, blank strings and empty arrays are missing. */
function missing(v: InputValue | undefined): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

/** The size `min`/`max` measure: string length (numbers as their text), or an array's item count. */
function size(v: InputValue): { n: number; kind: 'string' | 'array' } {
  if (Array.isArray(v)) return { n: v.length, kind: 'array' };
  if (v && typeof v === 'object') return { n: Object.keys(v).length, kind: 'array' };
  const s = v === null ? '' : typeof v === 'boolean' ? (v ? '1' : '') : String(v);
  return { n: [...s].length, kind: 'string' };
}

function minMessage(field: string, min: number, kind: 'string' | 'array'): string {
  return kind === 'array' ? `The ${label(field)} field must have at least ${min} items.` : `The ${label(field)} field must be at least ${min} characters.`;
}

function maxMessage(field: string, max: number, kind: 'string' | 'array'): string {
  return kind === 'array' ? `The ${label(field)} field must not have more than ${max} items.` : `The ${label(field)} field must not be greater than ${max} characters.`;
}

/** Laravel's `boolean` rule. */
export function isBooleanValue(v: InputValue | undefined): boolean {
  return v === true || v === false || v === 0 || v === 1 || v === '0' || v === '1';
}

/** PHP's `$x == false`. */
export function looseFalse(v: InputValue | undefined): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '' || v === '0') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  if (typeof v === 'number') return v === 0;
  return false;
}

/** Laravel's (RFC) `email` rule, approximately. */
function isEmail(v: InputValue): boolean {
  return typeof v === 'string' && /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+$/.test(v) && !/\.\.|^\.|\.@|@\./.test(v) && !v.endsWith('.');
}

/** Laravel's `url` rule, approximately: a scheme, `://` and a host. */
function isUrl(v: InputValue): boolean {
  return typeof v === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+([/?#]\S*)?$/i.test(v);
}

/** A scalar `exists` check against a table's ids (arrays need every element to exist). */
function exists(v: InputValue, has: (id: number) => boolean): boolean {
  const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [v];
  if (!items.length) return false;
  return items.every((x) => {
    const id = mysqlId(x);
    return id !== undefined && has(id);
  });
}

class Collector {
  readonly messages: Messages = {};
  add(field: string, message: string): void {
    (this.messages[field] ??= []).push(message);
  }
  has(field: string): boolean {
    return field in this.messages;
  }
  get failed(): boolean {
    return Object.keys(this.messages).length > 0;
  }
}

/**
 * SaveUserRequest's rules for POST, PUT and PATCH, evaluated as Laravel does (a failed `required`
 * stops the field; `exists` is skipped once the field has failed).
 */
export function requestRules(method: 'POST' | 'PUT' | 'PATCH', input: InputObject, model: SnipeModel): Messages | undefined {
  const out = new Collector();
  const nullableIntegerExists = (field: string, table: (id: number) => boolean) => {
    if (!has(input, field) || input[field] === null) return;
    const v = input[field];
    if (!isPhpInteger(v)) out.add(field, `The ${label(field)} field must be an integer.`);
    if (!out.has(field) && !exists(v, table)) out.add(field, `The selected ${label(field)} is invalid.`);
  };
  nullableIntegerExists('department_id', (id) => model.departments.has(id));
  if (has(input, 'manager_id') && input.manager_id !== null && !exists(input.manager_id, (id) => model.users.has(id))) {
    out.add('manager_id', 'The selected manager id is invalid.');
  }
  if (method === 'POST') nullableIntegerExists('company_id', (id) => model.companies.has(id));

  if (method !== 'PATCH') {
    const firstName = get(input, 'first_name');
    if (missing(firstName)) out.add('first_name', 'The first name field is required.');
    else stringMin1('first_name', firstName!, out);

    const username = get(input, 'username');
    const ldap = get(input, 'ldap_import');
    const exempt = ldap === true || ldap === 1 || ldap === '1';
    if (!exempt && missing(username)) out.add('username', 'The username field is required unless ldap import is in 1.');
    else if (has(input, 'username')) stringMin1('username', username ?? null, out);
  }

  const password = get(input, 'password');
  const required = method === 'POST' && looseFalse(get(input, 'ldap_import'));
  const checkPassword = method === 'POST' ? required : true;
  if (checkPassword) {
    if (missing(password)) {
      if (required) out.add('password', 'The password field is required.');
    } else {
      const s = size(password!);
      if (s.n < 8) out.add('password', minMessage('password', 8, s.kind));
      if (method !== 'PATCH' && password !== get(input, 'password_confirmation')) out.add('password', 'The password field confirmation does not match.');
    }
  }
  return out.failed ? out.messages : undefined;
}

function stringMin1(field: string, v: InputValue, out: Collector): void {
  if (typeof v !== 'string') out.add(field, `The ${label(field)} must be a string.`);
  const s = size(v);
  if (s.n < 1) out.add(field, minMessage(field, 1, s.kind));
}

/** The model attributes the User model's own rules look at (values as filled from the request). */
export type Attributes = Record<string, InputValue | undefined>;

/**
 * The User model's `$rules` (Watson validation on save), over the attributes the model would hold:
 * stored values overlaid with what the request filled.
 */
export function modelRules(attrs: Attributes, selfId: number | undefined, model: SnipeModel): Messages | undefined {
  const out = new Collector();
  const present = (f: string) => Object.prototype.hasOwnProperty.call(attrs, f) && attrs[f] !== undefined;
  const v = (f: string) => attrs[f] as InputValue;

  const requiredStringMax = (f: string) => {
    if (!present(f) || missing(v(f))) return out.add(f, `The ${label(f)} field is required.`);
    if (typeof v(f) !== 'string') out.add(f, `The ${label(f)} must be a string.`);
    const s = size(v(f));
    if (s.n < 1) out.add(f, minMessage(f, 1, s.kind));
    if (f === 'username' && !out.has(f) && typeof v(f) === 'string') {
      const other = model.activeByUsername.get(fold(v(f) as string));
      if (other && other.id !== selfId) out.add(f, 'The username must be unique.');
    }
    if (s.n > 191) out.add(f, maxMessage(f, 191, s.kind));
  };
  const nullableMax = (f: string, max: number, min?: number) => {
    if (!present(f) || v(f) === null) return;
    const s = size(v(f));
    if (min !== undefined && s.n < min) out.add(f, minMessage(f, min, s.kind));
    if (s.n > max) out.add(f, maxMessage(f, max, s.kind));
  };
  const boolean = (f: string) => {
    if (present(f) && !isBooleanValue(v(f))) out.add(f, `The ${label(f)} field must be true or false.`);
  };

  requiredStringMax('first_name');
  requiredStringMax('username');
  if (present('email') && v('email') !== null) {
    if (!isEmail(v('email'))) out.add('email', 'The email field must be a valid email address.');
    const s = size(v('email'));
    if (s.n > 191) out.add('email', maxMessage('email', 191, s.kind));
  }
  if (!present('password') || missing(v('password'))) out.add('password', 'The password field is required.');
  else if (size(v('password')).n < 8) out.add('password', minMessage('password', 8, size(v('password')).kind));
  nullableMax('locale', 10);
  if (present('website') && v('website') !== null) {
    if (!isUrl(v('website'))) out.add('website', 'The website field must be a valid URL.');
    nullableMax('website', 191);
  }
  if (present('manager_id') && v('manager_id') !== null && !exists(v('manager_id'), (id) => model.users.has(id))) out.add('manager_id', 'The selected manager id is invalid.');
  if (present('location_id') && v('location_id') !== null && !exists(v('location_id'), (id) => model.locations.has(id))) out.add('location_id', 'The selected location id is invalid.');
  const start = present('start_date') ? v('start_date') : null;
  if (start !== null && !isYmd(start)) out.add('start_date', 'The start date must be a valid date in YYYY-MM-DD format');
  if (present('end_date') && v('end_date') !== null) {
    const end = v('end_date');
    if (!isYmd(end)) out.add('end_date', 'The end date must be a valid date in YYYY-MM-DD format');
    const endOk = isYmd(end);
    const startOk = start === null || isYmd(start);
    if (!endOk || !startOk || (start !== null && (end as string) < (start as string))) out.add('end_date', 'The end date field must be a date after or equal to start date.');
  }
  boolean('autoassign_licenses');
  nullableMax('address', 191);
  nullableMax('city', 191);
  nullableMax('state', 191, 2);
  nullableMax('country', 191, 2);
  nullableMax('zip', 10);
  boolean('vip');
  boolean('remote');
  boolean('activated');
  return out.failed ? out.messages : undefined;
}

/** The update controller's separate `groups.*` check (superusers only). */
export function groupRules(groups: InputValue | undefined, model: SnipeModel): Messages | undefined {
  if (!Array.isArray(groups) && !(groups && typeof groups === 'object')) return undefined;
  const out = new Collector();
  const items = Array.isArray(groups) ? groups.map((g, i) => [String(i), g] as const) : Object.keys(groups).map((k) => [k, (groups as InputObject)[k]] as const);
  for (const [k, g] of items) {
    const field = `groups.${k}`;
    if (g === null) continue;
    if (!isPhpInteger(g)) out.add(field, `The ${field} field must be an integer.`);
    else if (!exists(g, (id) => model.groups.has(id))) out.add(field, `The selected ${field} is invalid.`);
  }
  return out.failed ? out.messages : undefined;
}
