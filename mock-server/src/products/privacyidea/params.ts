import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';

/**
 * Request parameters as privacyIDEA's `get_all_params` gathers them: query string and form fields
 * (the query wins for a key sent in both; forms are ignored on GET), then a JSON body (over both), then
 * the path variables (over everything). Query, form and path values are percent-decoded a second time
 * unless the client's user agent is one of the plug-ins that already send them unquoted. A body that is
 * not JSON-typed but parses as a JSON object is merged too.
 *
 * Values keep their JSON types (a JSON body can send numbers, booleans, null, lists, objects). Keys
 * live in a Map, so `__proto__` and friends are ordinary names.
 */
export type Params = ReadonlyMap<string, unknown>;

/** The body could not be read as parameters (malformed JSON, a JSON body that is not an object…). */
export class BodyError extends Error {}

const NO_UNQUOTE_AGENTS = new Set(['privacyidea-cp', 'privacyidea-ldap-proxy', 'simplesamlphp']);
const USER_AGENT = /^([a-zA-Z0-9_-]+)(\/\d+[\d.]*)?(\s.*)?/;
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** Python's truthiness of a parameter value. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

const utf8 = new TextDecoder('utf-8');

/** Python's `urllib.parse.unquote`: `%XX` runs become UTF-8 (bad bytes → U+FFFD), bad escapes stay. */
export function pyUnquote(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return utf8.decode(bytes);
  });
}

const isHttpWhitespace = (code: number) => code === 9 || code === 10 || code === 13 || code === 32;

function trimHttpWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/**
 * `c.req.header(name)` (`name` lower-case): every field of that name, trimmed, joined with ", ". Read
 * from Node's raw header list, which is what the adapter's Headers do, without their scan of each
 * value for NUL/CR/LF (Node's parser refuses those) — a token is kilobytes long.
 */
export function header(c: Context, name: string): string | undefined {
  const raw = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.rawHeaders;
  if (!raw) return c.req.header(name);
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const field = raw[i];
    if (field.length === name.length && field.toLowerCase() === name) {
      const v = trimHttpWhitespace(raw[i + 1]);
      value = value === undefined ? v : `${value}, ${v}`;
    }
  }
  return value;
}

/**
 * Makes the request's header fields whose value is `text` hold `same` instead: the same characters,
 * as one long-lived string. The mock's request journal keeps the headers of the last thousand
 * requests, and a token is a few kilobytes: kept once per request, they make every minor garbage
 * collection copy megabytes (and pause the server for milliseconds).
 */
export function shareHeaderText(c: Context, text: string, same: string): void {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return;
  const raw = incoming.rawHeaders;
  for (let i = 1; i < raw.length; i += 2) if (raw[i] === text) raw[i] = same;
  const parsed = incoming.headers;
  for (const name of TOKEN_HEADERS) if (parsed[name] === text) parsed[name] = same;
}

const TOKEN_HEADERS = ['authorization', 'pi-authorization'] as const;

function mimeType(c: Context): string {
  return (header(c, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

function isJsonType(mime: string): boolean {
  return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

function wantsUnquote(c: Context): boolean {
  const m = USER_AGENT.exec(header(c, 'user-agent') ?? '');
  return !m || !NO_UNQUOTE_AGENTS.has(m[1].toLowerCase());
}

/** JSON as Python's `json.loads` reads bytes: UTF-8 (a BOM allowed), strict. */
function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new BodyError('body is not UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError('body is not JSON');
  }
}

/** The (key, value) pairs `dict.update()` takes from a JSON value, or a BodyError where Python fails. */
function updatePairs(parsed: unknown): Array<[string, unknown]> {
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const obj = parsed as Record<string, unknown>;
    return Object.keys(obj).map((k) => [k, obj[k]]);
  }
  if (Array.isArray(parsed)) {
    // dict.update() also takes a sequence of two-element sequences (lists, or two-character strings)
    return parsed.map((item) => {
      if (typeof item === 'string' && [...item].length === 2) return [[...item][0], [...item][1]];
      if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string') return [item[0], item[1]];
      throw new BodyError('JSON body is not an object');
    });
  }
  throw new BodyError('JSON body is not an object');
}

async function formEntries(c: Context, bytes: Uint8Array, mime: string): Promise<Array<[string, string]>> {
  if (mime === 'application/x-www-form-urlencoded') return [...new URLSearchParams(utf8.decode(bytes))];
  try {
    const form = await new Response(Buffer.from(bytes), { headers: { 'content-type': header(c, 'content-type') ?? '' } }).formData();
    const out: Array<[string, string]> = [];
    form.forEach((value, key) => {
      if (typeof value === 'string') out.push([key, value]);
    });
    return out;
  } catch {
    // Werkzeug parses forms silently: a broken multipart body is an empty form
    return [];
  }
}

/**
 * The request body. A GET (or HEAD) body never reaches the fetch Request the node adapter builds, yet
 * privacyIDEA reads JSON from it, so it is read from the socket, within the same size limit.
 */
const NO_BYTES = new Uint8Array(0);

/** The body's bytes; synchronously when there is none (the usual GET). */
function bodyBytes(c: Context, limit: number): Uint8Array | Promise<Uint8Array> {
  // (asking a GET or HEAD request for its body would build a whole Fetch Request: they have none)
  const method = c.req.method;
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  // (Node's adapter gives every other request a body, and reads it without building a Fetch Request)
  if (method !== 'GET' && method !== 'HEAD' && (incoming || c.req.raw.body)) return c.req.raw.arrayBuffer().then((b) => new Uint8Array(b));
  if (!incoming || incoming.readableEnded) return NO_BYTES;
  if (!incoming.headers['content-length'] && !incoming.headers['transfer-encoding']) return NO_BYTES;
  return socketBody(incoming, limit);
}

async function socketBody(incoming: IncomingMessage, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError('body too large');
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Parameters of requests without a body, by query string: nothing but the query goes into them, and
 * clients repeat the same queries, so a repeated one skips the parsing and is the same object (which
 * lets later steps look up what they derive from it: see UserListQueries). Shared, so never changed
 * (Params is read-only). Bounded: emptied when full.
 */
export class ParamsByQuery {
  /** By whether values are unquoted a second time, then by query string. */
  private readonly known = [new Map<string, Params>(), new Map<string, Params>()];

  constructor(private readonly max: number) {}

  of(query: string, unquote: boolean): Params {
    const known = this.known[unquote ? 1 : 0];
    let params = known.get(query);
    if (params === undefined) {
      params = collectParams(query, [], NO_BYTES, '', [], unquote);
      if (known.size >= this.max) known.clear();
      known.set(query, params);
    }
    return params;
  }
}

/**
 * `query` is the request URL's query string, without the `?`. Synchronous when there is no body to
 * wait for (reads): a Promise per request would cost the HTTP adapter its fast path. `byQuery` keeps
 * the parameters of requests that have neither a body nor path variables.
 */
export function readParams(
  c: Context,
  query: string,
  viewArgs: ReadonlyArray<[string, string]>,
  bodyLimit: number,
  byQuery: ParamsByQuery,
): Params | Promise<Params> {
  const read = bodyBytes(c, bodyLimit);
  return read instanceof Uint8Array ? paramsOf(c, query, viewArgs, read, byQuery) : read.then((bytes) => paramsOf(c, query, viewArgs, bytes, byQuery));
}

function paramsOf(c: Context, query: string, viewArgs: ReadonlyArray<[string, string]>, bytes: Uint8Array, byQuery: ParamsByQuery): Params | Promise<Params> {
  const mime = mimeType(c);
  const unquote = wantsUnquote(c);
  if (FORM_TYPES.has(mime) && c.req.method !== 'GET') return formEntries(c, bytes, mime).then((form) => collectParams(query, viewArgs, bytes, mime, form, unquote));
  // (an empty body declared as JSON fails to parse, so it is not the query's alone)
  if (!bytes.length && !viewArgs.length && !isJsonType(mime)) return byQuery.of(query, unquote);
  return collectParams(query, viewArgs, bytes, mime, [], unquote);
}

function collectParams(query: string, viewArgs: ReadonlyArray<[string, string]>, bytes: Uint8Array, mime: string, form: Array<[string, string]>, unquote: boolean): Params {
  const params = new Map<string, unknown>();
  const isForm = FORM_TYPES.has(mime);

  const values: Array<[string, string]> = query ? [...new URLSearchParams(query)] : [];
  values.push(...form);
  for (const [k, v] of values) if (!params.has(k)) params.set(k, unquote ? pyUnquote(v) : v);

  if (isJsonType(mime)) {
    for (const [k, v] of updatePairs(parseJsonBytes(bytes))) params.set(k, v);
  } else if (bytes.length && !isForm) {
    // A JSON object sent with another content type is merged too; anything else is ignored.
    try {
      const parsed = parseJsonBytes(bytes);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [k, v] of updatePairs(parsed)) params.set(k, v);
      }
    } catch {
      // not JSON: privacyIDEA only logs this
    }
  }
  for (const [k, v] of viewArgs) params.set(k, unquote ? pyUnquote(v) : v);
  return params;
}
