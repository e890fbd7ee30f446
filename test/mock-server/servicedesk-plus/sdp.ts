import assert from 'node:assert/strict';

/** Test helpers for the ServiceDesk Plus emulation: requests as the product's clients send them. */

export const AUTHTOKEN = 'mock-sdp-authtoken';
export const OAUTHTOKEN = 'mock-sdp-oauthtoken';
export const AUTH: Record<string, string> = { authtoken: AUTHTOKEN, Accept: 'application/vnd.manageengine.sdp.v3+json' };

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export type InputStyle = 'form' | 'query' | 'json' | 'json-wrapped' | 'multipart';

export interface CallOptions {
  /** The `input_data` document (serialised with JSON.stringify unless a string). */
  input?: unknown;
  /** How `input_data` travels; default: query string for GET, form field otherwise. */
  style?: InputStyle;
  /** Request headers; default AUTH. */
  headers?: Record<string, string>;
  /** A raw body (overrides `input`). */
  body?: string;
}

export async function call(base: string, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(opts.headers ?? AUTH) };
  let url = `${base}/servicedesk-plus${path}`;
  let body: BodyInit | undefined = opts.body;
  if (opts.input !== undefined && body === undefined) {
    const text = typeof opts.input === 'string' ? opts.input : JSON.stringify(opts.input);
    const style = opts.style ?? (method === 'GET' ? 'query' : 'form');
    if (style === 'query') url += `${url.includes('?') ? '&' : '?'}${new URLSearchParams({ input_data: text })}`;
    else if (style === 'form') {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ input_data: text }).toString();
    } else if (style === 'json') {
      headers['Content-Type'] = 'application/json';
      body = text;
    } else if (style === 'json-wrapped') {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify({ input_data: text });
    } else {
      const form = new FormData();
      form.set('input_data', text);
      body = form;
    }
  }
  const res = await fetch(url, { method, headers, body });
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
export const post = (base: string, path: string, input: unknown, opts?: CallOptions) => call(base, 'POST', path, { ...opts, input });
export const put = (base: string, path: string, input: unknown, opts?: CallOptions) => call(base, 'PUT', path, { ...opts, input });
export const del = (base: string, path: string, opts?: CallOptions) => call(base, 'DELETE', path, opts);

export function list(base: string, path: string, listInfo?: Record<string, unknown>, fieldsRequired?: string[]): Promise<Reply> {
  const input: Record<string, unknown> = {};
  if (listInfo) input.list_info = listInfo;
  if (fieldsRequired) input.fields_required = fieldsRequired;
  return get(base, path, listInfo || fieldsRequired ? { input } : {});
}

/** The product's JSON content type on every answer. */
export function assertJson(r: Reply): void {
  assert.equal(r.headers.get('content-type'), 'application/json;charset=UTF-8');
}

export function assertSuccess(r: Reply, isList = false): void {
  assert.equal(r.status, 200, r.text);
  assertJson(r);
  const expected = { status_code: 2000, status: 'success' };
  assert.deepEqual(r.body.response_status, isList ? [expected] : expected);
}

/** A failure: HTTP status, the 4000 envelope, and one message item with this code (and field). */
export function assertFailure(r: Reply, httpStatus: number, code: number, field?: string): Record<string, unknown> {
  assert.equal(r.status, httpStatus, r.text);
  assertJson(r);
  assert.deepEqual(Object.keys(r.body), ['response_status']);
  const rs = r.body.response_status;
  assert.deepEqual(Object.keys(rs), ['status_code', 'messages', 'status']);
  assert.equal(rs.status_code, 4000);
  assert.equal(rs.status, 'failed');
  assert.equal(rs.messages.length, 1);
  const m = rs.messages[0];
  assert.equal(m.status_code, code, r.text);
  assert.equal(m.type, 'failed');
  if (field !== undefined) assert.equal(m.field, field, r.text);
  return m;
}

export async function reset(base: string): Promise<void> {
  const r = await fetch(`${base}/_mock/reset`, { method: 'POST' });
  assert.equal(r.status, 200, await r.text());
}
