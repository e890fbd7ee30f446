/**
 * The battery of bad inputs (issue: reliability and security), as requests derived from one valid route
 * call: hostile ids, unknown / duplicated / prototype-named / very long query parameters, malformed,
 * truncated and mistyped bodies, wrong content types, bodies over the limit, and no credentials.
 */
import type { CaseKind, Route } from './products';
import type { RawRequest } from './raw-http';

export interface FuzzCase {
  name: string;
  kind: CaseKind;
  request: RawRequest;
}

export const HOSTILE_IDS = [
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '0',
  '-1',
  '1e309',
  '9007199254740993',
  '1.5',
  '%00',
  '%C3%BC%E2%82%AC%F0%9F%98%80',
  '%FF%FE',
  '__proto__',
  'constructor',
  'x'.repeat(4000),
];

/** Wrong JSON types, put in place of every field of the route's valid body. */
const WRONG_TYPES: unknown[] = [12345, -1, 1e308, 'text', '', true, null, [], ['a', 1], {}, { nested: { deeper: 1 } }];

/** Raw prototype-named keys (JSON.stringify would drop a real `__proto__` key, so they are written out). */
const PROTOTYPE_KEYS = ['"__proto__":{"polluted":"yes"}', '"constructor":{"prototype":{"polluted":"yes"}}', '"prototype":{"polluted":"yes"}'];

export const BODY_LIMIT = 4096;

/** The route called as it should be (with `over` changed): the valid call every case is derived from. */
export function routeRequest(route: Route, id: string, auth: Record<string, string>, over: Partial<RawRequest> = {}): RawRequest {
  const { path, query, bodyJson, encode, bodyType, authNoType } = routeParts(route, id, auth);
  return {
    method: route.method,
    path: `${path}${query}`,
    headers: bodyJson !== undefined ? { ...auth, 'Content-Type': bodyType } : authNoType,
    body: bodyJson === undefined ? undefined : encode(bodyJson),
    ...over,
  };
}

function routeParts(route: Route, id: string, auth: Record<string, string>) {
  const fill = (s: string, value = id) => s.replaceAll('{id}', value);
  const query = route.query ? `?${fill(route.query)}` : '';
  const path = fill(route.path);
  const bodyJson = route.body === undefined ? undefined : fill(JSON.stringify(route.body));
  const encode = (text: string) => (route.bodyKind === 'sdp-form' ? `input_data=${encodeURIComponent(text)}` : text);
  const bodyType = route.bodyKind === 'sdp-form' ? 'application/x-www-form-urlencoded' : 'application/json';
  // a body-less request declares no content type (privacyIDEA fails an empty body declared as JSON)
  const { 'Content-Type': _ct, ...authNoType } = auth;
  return { fill, query, path, bodyJson, encode, bodyType, authNoType };
}

export function fuzzCases(route: Route, id: string, auth: Record<string, string>): FuzzCase[] {
  const { fill, query, path, bodyJson, encode, bodyType, authNoType } = routeParts(route, id, auth);
  const req = (over: Partial<RawRequest>): RawRequest => routeRequest(route, id, auth, over);
  const cases: FuzzCase[] = [];

  if (route.path.includes('{id}') || route.query?.includes('{id}')) {
    for (const bad of HOSTILE_IDS) {
      cases.push({ name: `id ${bad.slice(0, 40)}`, kind: 'id', request: req({ path: `${fill(route.path, bad)}${route.query ? `?${fill(route.query, bad)}` : ''}`, body: bodyJson === undefined ? undefined : encode(fill(JSON.stringify(route.body), bad)) }) });
    }
  }

  if (route.method !== 'DELETE') {
    const sep = query ? '&' : '?';
    cases.push({ name: 'unknown parameters', kind: 'query', request: req({ path: `${path}${query}${sep}zzz_unknown=1&x[y][z]=2` }) });
    cases.push({ name: 'prototype-named parameters', kind: 'query', request: req({ path: `${path}${query}${sep}__proto__[polluted]=yes&constructor[prototype][polluted]=yes&prototype=1` }) });
    if (route.query) {
      const dup = route.query.split('&').map((p) => `${fill(p)}&${p.split('=')[0]}=%22%3E%3Cbad%3E`).join('&');
      cases.push({ name: 'duplicated parameters with garbage', kind: 'query', request: req({ path: `${path}?${dup}` }) });
    }
    cases.push({ name: 'an 8 KB parameter', kind: 'query', request: req({ path: `${path}${query}${sep}zzz=${'a'.repeat(8 * 1024)}` }) });
  }

  if (bodyJson !== undefined) {
    const inner = innerObject(route.body);
    const raw = (name: string, body: string | Buffer, contentType = bodyType, kind: CaseKind = 'body', chunked = false) =>
      cases.push({ name, kind, request: req({ body, headers: { ...auth, 'Content-Type': contentType }, chunked }) });
    raw('malformed JSON', encode('{"a":'));
    raw('truncated JSON', encode(bodyJson.slice(0, Math.floor(bodyJson.length / 2))));
    raw('invalid UTF-8', Buffer.concat([Buffer.from(encode('{"x":"')), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]));
    raw('empty body', '');
    for (const top of ['[]', '"text"', '42', 'null', 'true', '[{"a":1}]']) raw(`top-level ${top}`, encode(top));
    raw('form body where JSON is expected', 'a=1&b=2&input[name]=x', 'application/x-www-form-urlencoded');
    raw('text/plain body', 'just some text', 'text/plain');
    raw('JSON under a wrong content type', bodyJson, 'application/octet-stream');
    for (const key of PROTOTYPE_KEYS) {
      raw(`top-level ${key.slice(0, 20)}`, encode(`{${key},${bodyJson.slice(1)}`));
      if (inner) raw(`nested ${key.slice(0, 20)}`, encode(bodyJson.replace(`"${inner.key}":{`, `"${inner.key}":{${key},`)));
    }
    const fields = inner ? Object.keys(inner.value) : Object.keys(route.body as object);
    for (const field of fields) {
      for (const wrong of WRONG_TYPES) {
        const body = structuredClone(route.body) as Record<string, Record<string, unknown>>;
        if (inner) body[inner.key][field] = wrong;
        else (body as Record<string, unknown>)[field] = wrong;
        raw(`${field} = ${JSON.stringify(wrong)}`, encode(fill(JSON.stringify(body))));
      }
    }
    const padding = 'p'.repeat(BODY_LIMIT + 1);
    raw('body one byte over the limit', encode(`{"padding":"${padding}"}`), bodyType, 'size');
    raw('huge body (1 MB)', encode(`{"padding":"${'p'.repeat(1024 * 1024)}"}`), bodyType, 'size');
    // without a Content-Length the size is only known by counting the bytes as they come
    raw('body one byte over the limit, chunked', encode(`{"padding":"${padding}"}`), bodyType, 'size', true);
    raw('huge body (1 MB), chunked', encode(`{"padding":"${'p'.repeat(1024 * 1024)}"}`), bodyType, 'size', true);
    raw('malformed JSON, chunked', encode('{"a":'), bodyType, 'body', true);
  }

  const { Authorization: _a, 'Session-Token': _s, authtoken: _t, ...anonymous } = authNoType;
  cases.push({ name: 'no credentials', kind: 'auth', request: req({ headers: { ...anonymous, ...(bodyJson !== undefined ? { 'Content-Type': bodyType } : {}) } }) });
  cases.push({ name: 'garbage credentials', kind: 'auth', request: req({ headers: { ...authNoType, ...(bodyJson !== undefined ? { 'Content-Type': bodyType } : {}), ...(auth.Authorization ? { Authorization: 'Bearer ../../etc/passwd' } : {}), ...(auth['Session-Token'] ? { 'Session-Token': '__proto__' } : {}), ...(auth.authtoken ? { authtoken: '0' } : {}) } }) });
  return cases;
}

/** The `{"user": {...}}` wrapper most products use, if the body has one. */
function innerObject(body: unknown): { key: string; value: Record<string, unknown> } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const entries = Object.entries(body);
  if (entries.length === 1 && typeof entries[0][1] === 'object' && entries[0][1] !== null) return { key: entries[0][0], value: entries[0][1] as Record<string, unknown> };
  return undefined;
}
