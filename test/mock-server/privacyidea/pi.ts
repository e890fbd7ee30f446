import assert from 'node:assert/strict';
import { request } from 'node:http';
import { SEEDED_USER_PASSWORD } from '../../../mock-server/src/config';
import { createRoster, type Person } from '../../../mock-server/src/seed/roster';

/** Helpers for the privacyIDEA black-box tests: HTTP calls, envelope checks, and who is in the seed. */
export const ADMIN = { username: 'admin', password: 'admin' };
export const PASSWORD = SEEDED_USER_PASSWORD;
export const VERSION = 'privacyIDEA 3.13.3';
export const SIGNATURE = /^rsa_sha256_pss:[0-9a-f]{512}$/;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface Req {
  method?: string;
  token?: string;
  /** Send the token in PI-Authorization instead of Authorization. */
  piHeader?: boolean;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  /** Raw body (with headers['content-type'] as given). */
  raw?: string;
  redirect?: 'manual' | 'follow';
}

export async function call(base: string, path: string, req: Req = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.token !== undefined) headers[req.piHeader ? 'PI-Authorization' : 'Authorization'] = req.token;
  let body: string | undefined;
  if (req.form) {
    body = new URLSearchParams(req.form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (req.json !== undefined) {
    body = typeof req.json === 'string' ? req.json : JSON.stringify(req.json);
    headers['content-type'] ??= 'application/json';
  } else if (req.raw !== undefined) body = req.raw;
  const method = req.method ?? 'GET';
  const url = `${base}/privacyidea${path}`;
  // fetch() refuses a body on GET, which privacyIDEA reads (JSON): send those with node:http
  const res = body !== undefined && (method === 'GET' || method === 'HEAD') ? await rawRequest(url, method, headers, body) : await fetch(url, { method, headers, body, redirect: req.redirect ?? 'manual' });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

function rawRequest(url: string, method: string, headers: Record<string, string>, body: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: h }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The success envelope, exactly: keys, types, signature, Python's spacing and key order. */
export function assertSuccess(r: Reply, id = 1): unknown {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'application/json');
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  const keys = Object.keys(r.body).filter((k) => k !== 'nonce');
  assert.deepEqual(keys.sort(), ['id', 'jsonrpc', 'result', 'signature', 'time', 'version', 'versionnumber']);
  assert.equal(r.body.id, id);
  assert.equal(r.body.jsonrpc, '2.0');
  assert.equal(r.body.result.status, true);
  assert.equal(r.body.version, VERSION);
  assert.equal(r.body.versionnumber, '3.13.3');
  assert.equal(typeof r.body.time, 'number');
  assert.match(r.body.signature, SIGNATURE);
  assert.match(r.text, /^\{"id": \d, "jsonrpc": "2\.0", /, 'sorted keys, Python separators');
  assert.ok(/^[\x20-\x7e]*$/.test(r.text), 'ASCII only (non-ASCII escaped)');
  return r.body.result.value;
}

/** The signed error envelope; returns result.error. */
export function assertFailure(r: Reply, status: number, code: number, detail: null | object = null): { code: number; message: string } {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers.get('content-type'), 'application/json');
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  const keys = Object.keys(r.body).filter((k) => k !== 'nonce');
  assert.deepEqual(keys.sort(), ['detail', 'id', 'jsonrpc', 'result', 'signature', 'time', 'version']);
  assert.deepEqual(r.body.detail, detail);
  assert.equal(r.body.id, 1);
  assert.equal(r.body.result.status, false);
  assert.deepEqual(Object.keys(r.body.result.error).sort(), ['code', 'message']);
  assert.equal(r.body.result.error.code, code);
  assert.equal(typeof r.body.result.error.message, 'string');
  assert.match(r.body.signature, SIGNATURE);
  assert.match(r.text, /^\{"detail": /);
  return r.body.result.error;
}

export const INTERNAL_ERROR =
  '500 Internal Server Error: The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.';

/** The unsigned compact 500 a body that cannot be read produces. */
export function assertBodyFailure(r: Reply): void {
  assert.equal(r.status, 500, r.text);
  assert.equal(r.headers.get('content-type'), 'application/json');
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  assert.match(r.text, /^\{"detail":null,"id":1,"jsonrpc":"2\.0","result":\{"error":\{"code":-500,"message":"500 Internal Server Error: [^"]+"\},"status":false\},"time":[0-9.]+,"version":"privacyIDEA 3\.13\.3"\}\n$/);
  assert.equal(r.body.signature, undefined);
}

export async function login(base: string, username: string, password: string, extra: Record<string, string> = {}): Promise<string> {
  const r = await call(base, '/auth', { method: 'POST', form: { username, password, ...extra } });
  assert.equal(r.status, 200, r.text);
  return r.body.result.value.token;
}

export const adminToken = (base: string) => login(base, ADMIN.username, ADMIN.password);

export function decodeJwtPart(token: string, part: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[part], 'base64url').toString('utf8'));
}

/** Who is where in the seed for `--seed 1 --users <n>`. */
export function seeded(users = 50) {
  const roster = createRoster(1, users).filter((p) => !p.deleted);
  const inLdap = (p: Person) => p.admin || p.technician;
  const sql = roster.filter((p) => !inLdap(p));
  const ldap = roster.filter(inLdap);
  return {
    roster,
    sql,
    ldap,
    /** An active SQL user (can log in to the default realm). */
    sqlUser: sql.find((p) => p.active)!,
    /** An active LDAP user (can log in to defrealm as user and to helpdesk as admin). */
    ldapUser: ldap.find((p) => p.active)!,
    inactiveSqlUser: sql.find((p) => !p.active)!,
  };
}

export async function reset(base: string): Promise<void> {
  const r = await fetch(`${base}/_mock/reset`, { method: 'POST' });
  assert.equal(r.status, 200);
}
