import type { Context } from 'hono';
import { extraKey, malformedInput, mandatory, typeMismatch } from './errors.js';
import { isJsonObject, JsonSyntaxError, parseLenientJson, type Json, type JsonObject } from './lenient-json.js';

/**
 * Where a request's `input_data` comes from. The product documents it as a form field for POST/PUT and
 * a query parameter for GET; clients also put it in the query string of a POST/PUT (the body wins when
 * both are present). As a convenience a JSON body is taken too: either `{"input_data": …}` or the
 * input document itself.
 */
export async function readInputData(c: Context): Promise<JsonObject | undefined> {
  const fromBody = c.req.method === 'POST' || c.req.method === 'PUT' ? await bodyInput(c) : undefined;
  if (fromBody !== undefined) return toObject(fromBody);
  return readQueryInput(c);
}

/** `input_data` from the query string only. */
export function readQueryInput(c: Context): JsonObject | undefined {
  const q = c.req.query('input_data');
  return q === undefined ? undefined : toObject(q);
}

/** The raw text (or an already parsed document) found in the body, if any. */
async function bodyInput(c: Context): Promise<string | Json | undefined> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await c.req.raw.formData();
    } catch {
      throw malformedInput();
    }
    const v = form.get('input_data');
    return typeof v === 'string' ? v : undefined;
  }
  const text = await c.req.text();
  if (!text.trim()) return undefined;
  if (type.startsWith('application/json') || text.trimStart().startsWith('{')) {
    const doc = parse(text);
    if (isJsonObject(doc) && Object.keys(doc).length === 1 && 'input_data' in doc) return doc.input_data;
    return doc;
  }
  return new URLSearchParams(text).get('input_data') ?? undefined;
}

function parse(text: string): Json {
  try {
    return parseLenientJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw malformedInput();
    throw e;
  }
}

function toObject(v: string | Json): JsonObject {
  const doc = typeof v === 'string' ? parse(v) : v;
  if (!isJsonObject(doc)) throw malformedInput();
  return doc;
}

/**
 * The entity object under its root key (`user`, `technician`); any other top-level key is one the
 * product does not know.
 */
export function rootObject(input: JsonObject | undefined, root: string): JsonObject {
  if (input === undefined) throw mandatory('input_data');
  let found: JsonObject | undefined;
  for (const key of Object.keys(input)) {
    if (key !== root) throw extraKey(key);
    const v = input[key];
    if (!isJsonObject(v)) throw typeMismatch(root);
    found = v;
  }
  if (!found) throw mandatory(root);
  return found;
}
