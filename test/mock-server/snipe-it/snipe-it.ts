import assert from 'node:assert/strict';

/** Test helpers for the Snipe-IT emulation: requests as Snipe-IT's API clients send them. */

export const TOKEN = 'mock-snipe-it-token';
export const SEEDED_PASSWORD = 'Passw0rd!';
export const API = '/snipe-it/api/v1';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  /** Bearer token; null sends no Authorization header. Default: the superuser's token. */
  token?: string | null;
  /** A JSON body (serialised here, with Content-Type: application/json). */
  json?: unknown;
  /** A raw body, sent with `type` as its Content-Type. */
  body?: string | FormData;
  type?: string;
  /** Accept header; null sends none. Default: application/json (what every real client sends). */
  accept?: string | null;
  headers?: Record<string, string>;
}

export async function call(base: string, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const accept = opts.accept === undefined ? 'application/json' : opts.accept;
  if (accept !== null) headers.Accept = accept;
  const token = opts.token === undefined ? TOKEN : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | FormData | undefined = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] = 'application/json';
  } else if (typeof body === 'string' && opts.type) headers['Content-Type'] = opts.type;
  const url = path.startsWith('/snipe-it') ? `${base}${path}` : `${base}${API}${path}`;
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export const get = (base: string, path: string, opts?: CallOptions) => call(base, 'GET', path, opts);
export const post = (base: string, path: string, json?: unknown, opts?: CallOptions) => call(base, 'POST', path, { ...opts, json });
export const patch = (base: string, path: string, json?: unknown, opts?: CallOptions) => call(base, 'PATCH', path, { ...opts, json });
export const put = (base: string, path: string, json?: unknown, opts?: CallOptions) => call(base, 'PUT', path, { ...opts, json });
export const del = (base: string, path: string, opts?: CallOptions) => call(base, 'DELETE', path, opts);

export async function reset(base: string): Promise<void> {
  const res = await fetch(`${base}/_mock/reset`, { method: 'POST' });
  assert.equal(res.status, 200);
  await res.text();
}

/** Every JSON answer: the content type and the headers Snipe-IT's middleware adds. */
export function assertJson(r: Reply): void {
  assert.equal(r.headers.get('content-type'), 'application/json');
  assert.equal(r.headers.get('cache-control'), 'max-age=0, must-revalidate, no-cache, no-store, private');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
}

/** `{"status":"error","messages":…,"payload":null}` with HTTP 200 (or `http`). */
export function assertError(r: Reply, messages: unknown, http = 200): void {
  assert.equal(r.status, http, r.text);
  assertJson(r);
  assert.deepEqual(Object.keys(r.body), ['status', 'messages', 'payload']);
  assert.deepEqual(r.body, { status: 'error', messages, payload: null });
}

export function assertSuccess(r: Reply, messages: string): void {
  assert.equal(r.status, 200, r.text);
  assertJson(r);
  assert.deepEqual(Object.keys(r.body), ['status', 'messages', 'payload']);
  assert.equal(r.body.status, 'success', r.text);
  assert.equal(r.body.messages, messages);
}

export function assertForbidden(r: Reply): void {
  assert.equal(r.status, 403, r.text);
  assertJson(r);
  assert.equal(r.text, '{\n    "message": "This action is unauthorized."\n}');
}

/** The user object's keys, in UsersTransformer order. */
export const USER_KEYS = [
  'id', 'avatar', 'name', 'first_name', 'last_name', 'display_name', 'username', 'remote', 'locale', 'employee_num', 'manager', 'jobtitle', 'vip',
  'phone', 'mobile', 'website', 'address', 'city', 'state', 'country', 'zip', 'email', 'department', 'location', 'notes', 'permissions', 'activated',
  'autoassign_licenses', 'ldap_import', 'two_factor_enrolled', 'two_factor_optin', 'assets_count', 'licenses_count', 'accessories_count',
  'consumables_count', 'manages_users_count', 'manages_locations_count', 'company', 'created_by', 'created_at', 'updated_at', 'start_date', 'end_date',
  'last_login', 'deleted_at', 'available_actions', 'groups',
];

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const FORMATTED = /^\d{4}-\d{2}-\d{2} (0[1-9]|1[0-2]):\d{2} (AM|PM)$/;

export function assertDateTime(v: unknown, nullable = true): void {
  if (v === null && nullable) return;
  const d = v as { datetime: string; formatted: string };
  assert.deepEqual(Object.keys(d), ['datetime', 'formatted']);
  assert.match(d.datetime, DATETIME);
  assert.match(d.formatted, FORMATTED);
  assert.equal(d.formatted.slice(0, 10), d.datetime.slice(0, 10));
}

function assertIdName(v: unknown): void {
  if (v === null) return;
  const o = v as { id: number; name: string };
  assert.deepEqual(Object.keys(o), ['id', 'name']);
  assert.equal(typeof o.id, 'number');
  assert.equal(typeof o.name, 'string');
}

/** Field names, order and JSON types of a user object. */
export function assertUser(u: Record<string, unknown>): void {
  assert.deepEqual(Object.keys(u), USER_KEYS);
  assert.equal(typeof u.id, 'number');
  for (const k of ['avatar', 'name', 'first_name', 'last_name', 'username']) assert.equal(typeof u[k], 'string', k);
  for (const k of ['display_name', 'locale', 'employee_num', 'jobtitle', 'phone', 'mobile', 'website', 'address', 'city', 'state', 'country', 'zip', 'email', 'notes']) {
    assert.ok(u[k] === null || typeof u[k] === 'string', k);
  }
  for (const k of ['remote', 'vip', 'activated', 'autoassign_licenses', 'ldap_import', 'two_factor_enrolled', 'two_factor_optin']) assert.equal(typeof u[k], 'boolean', k);
  for (const k of ['assets_count', 'licenses_count', 'accessories_count', 'consumables_count', 'manages_users_count', 'manages_locations_count']) {
    assert.ok(Number.isInteger(u[k]), k);
  }
  for (const k of ['manager', 'department', 'location', 'company', 'created_by']) assertIdName(u[k]);
  assert.ok(u.permissions !== null && typeof u.permissions === 'object' && !Array.isArray(u.permissions));
  for (const k of ['created_at', 'updated_at', 'last_login', 'deleted_at']) assertDateTime(u[k]);
  for (const k of ['start_date', 'end_date']) {
    if (u[k] !== null) assert.deepEqual(Object.keys(u[k] as object), ['date', 'formatted']);
  }
  assert.deepEqual(Object.keys(u.available_actions as object), ['update', 'delete', 'clone', 'restore']);
  if (u.groups !== null) {
    const g = u.groups as { total: number; rows: unknown[] };
    assert.deepEqual(Object.keys(g), ['total', 'rows']);
    assert.equal(g.total, g.rows.length);
    assert.ok(g.total > 0);
    g.rows.forEach(assertIdName);
  }
}

let counter = 0;

/** A fresh username (unique within a test run). */
export function uniqueName(prefix = 'user'): string {
  counter++;
  return `${prefix}.${process.pid}.${counter}`;
}

/**
 * Creates a user with these permissions (and a password) through the API, and returns its id and
 * the mock's `<username>:<password>` token for it.
 */
export async function makeCaller(base: string, permissions: Record<string, string | number>, extra: Record<string, unknown> = {}): Promise<{ id: number; token: string; username: string }> {
  const username = uniqueName('caller');
  const r = await post(base, '/users', {
    first_name: 'Caller',
    last_name: username,
    username,
    password: 'caller-secret',
    password_confirmation: 'caller-secret',
    activated: true,
    permissions: JSON.stringify(permissions),
    ...extra,
  });
  assert.equal(r.body?.status, 'success', r.text);
  return { id: r.body.payload.id, token: `${username}:caller-secret`, username };
}

/** Every row of a users query (pages of 500). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function listAll(base: string, query = ''): Promise<any[]> {
  const rows: unknown[] = [];
  for (let offset = 0; ; offset += 500) {
    const r = await get(base, `/users?limit=500&offset=${offset}${query ? `&${query}` : ''}`);
    assert.equal(r.status, 200, r.text);
    rows.push(...r.body.rows);
    if (r.body.rows.length < 500) return rows;
  }
}

/** MySQL's case- and accent-insensitive collation key of a string. */
export function collate(s: string | null): string | null {
  return s === null ? null : s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
