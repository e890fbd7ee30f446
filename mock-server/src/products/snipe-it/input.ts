import type { Context } from 'hono';
import { newBracketObject, parseBracketParams, type BracketObject } from '../../http/bracket-params.js';
import { requestHeader } from '../../http/request-header.js';

/** A request value as Laravel's `input()` sees it (JSON types, or strings and arrays from forms). */
export type InputValue = string | number | boolean | null | InputValue[] | InputObject;
export interface InputObject {
  [key: string]: InputValue;
}

/** Everything a controller reads from a request. */
export interface RequestInput {
  /** The method routing uses (POST with `_method` or X-HTTP-Method-Override becomes that verb). */
  readonly method: string;
  /** The real method was overridden with something that is not a verb (Symfony refuses it). */
  readonly badOverride: boolean;
  readonly query: InputObject;
  /** `input()`: the body's parameters over the query string's. */
  readonly all: InputObject;
}

/** Fields TrimStrings leaves alone. */
const UNTRIMMED = new Set(['password', 'password_confirmation', 'current_password']);

function nullObject(): InputObject {
  return Object.create(null) as InputObject;
}

/** JSON as PHP's `json_decode($x, true)` gives it, in prototype-free objects. */
function fromJson(value: unknown): InputValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(fromJson);
  const out = nullObject();
  for (const key of Object.keys(value as object)) out[key] = fromJson((value as Record<string, unknown>)[key]);
  return out;
}

/** PHP turns `.` and spaces in a top-level parameter name into `_` (`first.name` → `first_name`). */
function phpKeys(entries: Iterable<[string, string]>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of entries) {
    const open = key.indexOf('[');
    const head = open < 0 ? key : key.slice(0, open);
    out.push([head.replace(/[. ]/g, '_') + (open < 0 ? '' : key.slice(open)), value]);
  }
  return out;
}

function fromBrackets(obj: BracketObject): InputObject {
  return obj as unknown as InputObject;
}

/** TrimStrings then ConvertEmptyStringsToNull, applied to every string in the input. */
function clean(value: InputValue, key: string, top: boolean): InputValue {
  if (typeof value === 'string') {
    const v = top && UNTRIMMED.has(key) ? value : value.trim();
    return v === '' ? null : v;
  }
  if (Array.isArray(value)) return value.map((v) => clean(v, '', false));
  if (value && typeof value === 'object') {
    const out = nullObject();
    for (const k of Object.keys(value)) out[k] = clean(value[k], k, false);
    return out;
  }
  return value;
}

function cleanTop(obj: InputObject): InputObject {
  const out = nullObject();
  for (const k of Object.keys(obj)) out[k] = clean(obj[k], k, true);
  return out;
}

function isJsonType(contentType: string): boolean {
  return contentType.includes('/json') || contentType.includes('+json');
}

/**
 * Parses the query string and body as PHP and Laravel would; malformed bodies read as empty.
 * GET and HEAD carry no input in their body, so they are answered without waiting.
 */
export function readInput(c: Context, rawQuery: string): RequestInput | Promise<RequestInput> {
  const query = cleanTop(fromBrackets(parseBracketParams(phpKeys(new URLSearchParams(rawQuery).entries()))));
  const real = c.req.method.toUpperCase();
  if (real === 'GET' || real === 'HEAD') return combine(c, real, query, nullObject());
  return readBody(c, real).then((body) => combine(c, real, query, cleanTop(body)));
}

async function readBody(c: Context, real: string): Promise<InputObject> {
  let body: InputObject = nullObject();
  const contentType = (requestHeader(c, 'content-type') ?? '').toLowerCase();
  if (isJsonType(contentType)) {
    const text = await c.req.text();
    try {
      const parsed = fromJson(JSON.parse(text));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed;
      else if (Array.isArray(parsed)) parsed.forEach((v, i) => (body[String(i)] = v));
    } catch {
      // Laravel's json() decodes invalid JSON to null: the request simply has no body input
    }
  } else if (contentType.startsWith('application/x-www-form-urlencoded')) {
    body = fromBrackets(parseBracketParams(phpKeys(new URLSearchParams(await c.req.text()).entries())));
  } else if (contentType.startsWith('multipart/form-data') && real === 'POST') {
    try {
      const form = await c.req.formData();
      const fields: Array<[string, string]> = [];
      form.forEach((v, k) => {
        if (typeof v === 'string') fields.push([k, v]);
      });
      body = fromBrackets(parseBracketParams(phpKeys(fields)));
    } catch {
      body = fromBrackets(newBracketObject());
    }
  }
  return body;
}

function combine(c: Context, real: string, query: InputObject, body: InputObject): RequestInput {
  let method = real === 'HEAD' ? 'GET' : real;
  let badOverride = false;
  if (real === 'POST') {
    const override = requestHeader(c, 'x-http-method-override') ?? stringOf(body._method) ?? stringOf(query._method);
    if (override) {
      const upper = override.toUpperCase();
      if (/^[A-Z]+$/.test(upper)) method = upper;
      else badOverride = true;
    }
  }
  const all = nullObject();
  for (const k of Object.keys(query)) all[k] = query[k];
  for (const k of Object.keys(body)) all[k] = body[k];
  return { method, badOverride, query, all };
}

function stringOf(v: InputValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `$request->has($key)`: present, even if null. */
export function has(input: InputObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(input, key);
}

/** `$request->filled($key)`: present and not an empty (or whitespace) string or null. */
export function filled(input: InputObject, key: string): boolean {
  if (!has(input, key)) return false;
  const v = input[key];
  if (v === null) return false;
  if (typeof v === 'boolean' || typeof v === 'object') return true;
  return String(v).trim() !== '';
}

/** The value of `$key`, undefined when absent. */
export function get(input: InputObject, key: string): InputValue | undefined {
  return has(input, key) ? input[key] : undefined;
}

/** A value as the scalar a query builder binds (arrays bind their first element). */
export function scalar(v: InputValue | undefined): string | number | boolean | null | undefined {
  if (v === undefined || v === null) return v;
  if (Array.isArray(v)) return v.length ? scalar(v[0]) : null;
  if (typeof v === 'object') {
    const first = Object.keys(v)[0];
    return first === undefined ? null : scalar(v[first]);
  }
  return v;
}

/** A list parameter (`groups=1`, `groups[]=1&groups[]=2`, `"groups": [1, 2]`) as its items. */
export function listOf(v: InputValue | undefined): InputValue[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') return Object.keys(v).map((k) => v[k]);
  return [v];
}
