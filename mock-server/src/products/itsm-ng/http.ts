import type { Context } from 'hono';
import { parseBracketQuery } from '../../http/bracket-params.js';
import { ApiError, err, errorBody } from './errors.js';
import { detachPrototypes, isDict, phpJson, type Dict } from './php.js';
import type { Session } from './sessions.js';

/**
 * The transport layer of `apirest.php`: where parameters come from (query string, then body, then
 * headers), how bodies are decoded per Content-Type, and the headers every answer carries.
 */

export const API_PATH = '/itsm-ng/apirest.php';

export interface ApiRequest {
  /** The HTTP verb, upper-case. */
  verb: string;
  /** PATH_INFO after `apirest.php/`, slashes trimmed, as the product splits it. */
  pathInfo: string;
  elements: string[];
  /** Query, body and header parameters merged (later sources win). */
  params: Dict;
  /** Absolute URL of the API, for `links`, `Location` and documentation pointers. */
  apiUrl: string;
  header(name: string): string | undefined;
  /** Set by a read answered through the answer cache: what a repeat of this request may reuse. */
  cached?: { version: number; session: Session; second?: number };
}

/** JSON nesting PHP's json_decode accepts (deeper documents decode to null). */
const MAX_JSON_DEPTH = 512;

export interface RequestPath {
  pathInfo: string;
  elements: string[];
  apiUrl: string;
  /** The query string, `?` included (empty when none). */
  search: string;
}

export function requestPath(c: Context): RequestPath {
  const url = new URL(c.req.url);
  let raw = url.pathname;
  const at = raw.indexOf('/apirest.php');
  raw = at >= 0 ? raw.slice(at + '/apirest.php'.length) : '';
  let decoded = raw;
  if (raw.includes('%')) {
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // a malformed escape is kept as sent, as a web server passes it through
    }
  }
  const pathInfo = decoded.replace(/^\/+|\/+$/g, '').split('api/').join('');
  return { pathInfo, elements: pathInfo.split('/'), apiUrl: `${url.origin}${API_PATH}`, search: url.search };
}

/**
 * A request header as the Fetch API would give it (every value of a repeated header, joined by
 * `, `), read from Node's raw header list: building the request's `Headers` copy costs more than
 * the few look-ups a request needs. `name` must be lower-case.
 */
export function header(c: Context, name: string): string | undefined {
  const raw = (c.env as { incoming?: { rawHeaders?: string[] } } | undefined)?.incoming?.rawHeaders;
  if (!raw) return c.req.header(name);
  let out: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i];
    if (k.length === name.length && k.toLowerCase() === name) out = out === undefined ? raw[i + 1] : `${out}, ${raw[i + 1]}`;
  }
  return out;
}

function jsonDepthOk(value: unknown, depth: number): boolean {
  if (depth > MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) return value.every((v) => jsonDepthOk(v, depth + 1));
  if (value !== null && typeof value === 'object') return Object.values(value).every((v) => jsonDepthOk(v, depth + 1));
  return true;
}

/** PHP truthiness of a decoded JSON document (`[]`, `null`, `0`, `false`, `""`, `"0"` are falsy). */
function phpTruthy(value: unknown): boolean {
  if (value === null || value === false || value === 0 || value === '' || value === '0') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * PHP turns `a[0]=x&a[1]=y` into a list: bracket objects whose keys are all indexes become arrays
 * (in the order given), so `input[0][name]=…` is a bulk input and `criteria[0]…` a list.
 */
function phpArrays(value: unknown): unknown {
  if (!isDict(value)) return value;
  const keys = Object.keys(value);
  for (const k of keys) value[k] = phpArrays(value[k]);
  return keys.length > 0 && keys.every((k) => /^\d+$/.test(k)) ? keys.map((k) => value[k]) : value;
}

function mergeInto(params: Dict, source: unknown): void {
  if (Array.isArray(source)) source.forEach((v, i) => (params[String(i)] = v));
  else if (isDict(source)) for (const key of Object.keys(source)) params[key] = source[key];
}

/** Reads every parameter of a request the way the product does; body errors win over auth errors. */
export async function readRequest(c: Context, isInlineDoc: boolean, path: RequestPath = requestPath(c)): Promise<ApiRequest> {
  const { pathInfo, elements, apiUrl } = path;
  const verb = c.req.method.toUpperCase();
  const params = Object.create(null) as Dict;
  if (path.search.length > 1) mergeInto(params, phpArrays(parseBracketQuery(path.search.slice(1))));

  const contentType = header(c, 'content-type') ?? (isInlineDoc ? '' : 'application/json');
  const multipart = contentType.includes('multipart/form-data') && !contentType.includes('application/json');
  const body = multipart ? '' : (verb === 'GET' ? (hasBody(c) ? await rawGetBody(c) : '') : await c.req.text()).trim();
  if (body.length > 0 && verb === 'GET') throw err.jsonForbidden();

  if (contentType.includes('application/json')) {
    if (body.length > 0) {
      let decoded: unknown;
      try {
        decoded = JSON.parse(body);
      } catch {
        throw err.jsonInvalid();
      }
      if (!phpTruthy(decoded) || !jsonDepthOk(decoded, 1)) throw err.jsonInvalid();
      mergeInto(params, detachPrototypes(decoded));
    }
  } else if (multipart) {
    await readMultipart(c, params);
  } else if (contentType.includes('application/x-www-form-urlencoded')) {
    mergeInto(params, phpArrays(parseBracketQuery(body)));
  }

  const authorization = header(c, 'authorization');
  if (authorization) {
    const basic = /^basic\s+(\S+)\s*$/i.exec(authorization);
    if (basic) {
      const text = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = text.indexOf(':');
      if (colon >= 0) {
        params.login = text.slice(0, colon);
        params.password = text.slice(colon + 1);
      }
    }
    if (authorization.includes('user_token')) {
      const parts = authorization.split(' ');
      if (parts.length > 1) params.user_token = parts[1];
    }
  }
  const sessionToken = header(c, 'session-token');
  if (sessionToken !== undefined) params.session_token = sessionToken;
  const appToken = header(c, 'app-token');
  if (appToken !== undefined) params.app_token = appToken;

  for (const key of Object.keys(params)) {
    if (params[key] === 'true') params[key] = true;
    else if (params[key] === 'false') params[key] = false;
  }
  return { verb, pathInfo, elements, params, apiUrl, header: (name) => header(c, name.toLowerCase()) };
}

/** HTTP/1.1 framing: a request without Content-Length or Transfer-Encoding has no body. */
function hasBody(c: Context): boolean {
  if (!(c.env as { incoming?: unknown } | undefined)?.incoming) return true;
  const length = header(c, 'content-length');
  return (length !== undefined && length.trim() !== '0') || header(c, 'transfer-encoding') !== undefined;
}

/**
 * A GET request's body. The Fetch API has no bodies on GET, so the node adapter drops it; the
 * product refuses one, so it is read from the underlying Node request (a bounded amount: only its
 * emptiness matters).
 */
async function rawGetBody(c: Context): Promise<string> {
  const incoming = (c.env as { incoming?: NodeJS.ReadableStream & { readableEnded?: boolean } } | undefined)?.incoming;
  if (!incoming || incoming.readableEnded) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(b);
    size += b.length;
    if (size > 65536) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** File-upload mode: the JSON parameters travel in the `uploadManifest` part. */
async function readMultipart(c: Context, params: Dict): Promise<void> {
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw err.fileTooBig();
  }
  let files = 0;
  form.forEach((v) => {
    if (typeof v !== 'string') files++;
  });
  if (files === 0) throw err.fileTooBig();
  const manifest = form.get('uploadManifest');
  let decoded: unknown;
  try {
    decoded = typeof manifest === 'string' ? JSON.parse(manifest) : null;
  } catch {
    decoded = null;
  }
  if (!phpTruthy(decoded) || !jsonDepthOk(decoded, 1)) throw err.jsonInvalid();
  mergeInto(params, detachPrototypes(decoded));
}

/** CORS headers as the product sends them, before anything else. */
export function corsHeaders(c: Context, verb: string): Record<string, string> {
  const h: Record<string, string> = {};
  if (header(c, 'origin') !== undefined) h['Access-Control-Allow-Origin'] = '*';
  if (verb === 'GET' || verb === 'OPTIONS') h['Access-Control-Expose-Headers'] = 'content-type, content-range, accept-range';
  if (verb === 'OPTIONS') {
    if (header(c, 'access-control-request-method') !== undefined) h['Access-Control-Allow-Methods'] = 'PUT, GET, POST, DELETE, OPTIONS';
    if (header(c, 'access-control-request-headers') !== undefined)
      h['Access-Control-Allow-Headers'] = 'origin, content-type, accept, session-token, authorization';
  }
  return h;
}

/** The JSON content type and no-cache headers of every API answer (set last: they win). */
const STANDARD_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['content-type', 'application/json; charset=UTF-8'],
  ['expires', 'Mon, 26 Jul 1997 05:00:00 GMT'],
  ['cache-control', 'no-store, no-cache, must-revalidate, post-check=0, pre-check=0'],
  ['pragma', 'no-cache'],
];

/**
 * Response headers as a plain object with the names a `Headers` object would send (lower case, in
 * sorted order, a later value replacing an earlier one): the same bytes on the wire, without
 * building a `Headers` per answer.
 */
export function wireHeaders(...sources: Array<Record<string, string> | undefined>): Record<string, string> {
  const merged = new Map<string, string>();
  for (const source of sources) if (source) for (const k of Object.keys(source)) merged.set(k.toLowerCase(), source[k]);
  for (const [k, v] of STANDARD_HEADERS) merged.set(k, v);
  const out: Record<string, string> = {};
  for (const k of [...merged.keys()].sort()) out[k] = merged.get(k)!;
  return out;
}

export interface Reply {
  /** `undefined` → empty body (PHP `null` result). */
  body: unknown;
  status?: number;
  headers?: Record<string, string>;
  /** The body already encoded (a cached answer); wins over `body`. */
  text?: string;
}

export function jsonResponse(c: Context, verb: string, reply: Reply): Response {
  const text = reply.text ?? (reply.body === undefined ? '' : phpJson(reply.body));
  return new Response(text, { status: reply.status ?? 200, headers: wireHeaders(corsHeaders(c, verb), reply.headers) });
}

export function errorResponse(c: Context, verb: string, e: ApiError, apiUrl: string): Response {
  return jsonResponse(c, verb, { body: errorBody(e, apiUrl), status: e.status });
}

/** The API's absolute URL for a request that never got parsed (fault injection, oversize bodies). */
export function apiUrlOf(c: Context): string {
  return `${new URL(c.req.url).origin}${API_PATH}`;
}
