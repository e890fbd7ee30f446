import assert from 'node:assert/strict';

/** Test helpers for the Foreman emulation: requests as Foreman's API clients (apypie, hammer) send them. */

export const ADMIN: [string, string] = ['admin', 'changeme'];
export const SEEDED_PASSWORD = 'Passw0rd!';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  /** Basic credentials; null sends none. Default: the admin. */
  auth?: [string, string] | null;
  /** A JSON body (serialised here); sets Content-Type: application/json unless `type` is given. */
  json?: unknown;
  /** A raw body. */
  body?: string;
  /** Content-Type for `body`/`json`. */
  type?: string;
  headers?: Record<string, string>;
}

export function basic(login: string, password: string): string {
  return `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
}

export async function call(base: string, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json;version=2', ...(opts.headers ?? {}) };
  const auth = opts.auth === undefined ? ADMIN : opts.auth;
  if (auth) headers.Authorization = basic(auth[0], auth[1]);
  let body: string | undefined = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] = opts.type ?? 'application/json';
  } else if (body !== undefined && opts.type) headers['Content-Type'] = opts.type;
  const res = await fetch(`${base}/foreman/api${path}`, { method, headers, body });
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
export const post = (base: string, path: string, json: unknown, opts?: CallOptions) => call(base, 'POST', path, { ...opts, json });
export const put = (base: string, path: string, json: unknown, opts?: CallOptions) => call(base, 'PUT', path, { ...opts, json });
export const del = (base: string, path: string, opts?: CallOptions) => call(base, 'DELETE', path, opts);

export async function reset(base: string): Promise<void> {
  const res = await fetch(`${base}/_mock/reset`, { method: 'POST' });
  assert.equal(res.status, 200);
}

/** Every answer of the product is JSON with this content type. */
export function assertJson(r: Reply): void {
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
}

/** The index envelope: keys in order, types, and the pretty-printed layout. */
export function assertEnvelope(r: Reply): void {
  assert.equal(r.status, 200, r.text);
  assertJson(r);
  const keys = Object.keys(r.body);
  assert.deepEqual(keys, ['total', 'subtotal', 'page', 'per_page', 'search', 'sort', 'results']);
  assert.equal(typeof r.body.total, 'number');
  assert.equal(typeof r.body.subtotal, 'number');
  assert.equal(typeof r.body.page, 'number');
  assert.equal(typeof r.body.per_page, 'number');
  assert.deepEqual(Object.keys(r.body.sort), ['by', 'order']);
  assert.ok(Array.isArray(r.body.results));
  assert.match(r.text, /^\{\n {2}"total": \d+,\n {2}"subtotal": \d+,\n/);
  assert.ok(r.text.endsWith('\n}\n'));
}

/** The keys of a list item, in Foreman's order. */
export const USER_LIST_KEYS = [
  'firstname', 'lastname', 'mail', 'mail_enabled', 'admin', 'auth_source_id', 'disabled', 'auth_source_name', 'timezone', 'locale',
  'last_login_on', 'created_at', 'updated_at', 'id', 'login', 'description', 'ssh_keys', 'default_location', 'locations',
  'default_organization', 'organizations', 'effective_admin',
];

/** A single user's keys (show, create, update), the auth-source key depending on its type. */
export function userShowKeys(authSourceKey: string): string[] {
  return [...USER_LIST_KEYS, 'cached_usergroups', authSourceKey, 'mail_notifications', 'roles', 'usergroups'];
}

export const VIEW_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/;

/** All results of a list, page by page (as hammer does). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function listAll(base: string, path: string, opts?: CallOptions): Promise<any[]> {
  const sep = path.includes('?') ? '&' : '?';
  const r = await get(base, `${path}${sep}per_page=all`, opts);
  assert.equal(r.status, 200, r.text);
  return r.body.results;
}

/** A distinct client address per test, so failed logins in one test never trip the brute-force guard of another. */
let nextAddress = 1;
export function clientAddress(): Record<string, string> {
  return { 'X-Forwarded-For': `203.0.113.${nextAddress++}` };
}
