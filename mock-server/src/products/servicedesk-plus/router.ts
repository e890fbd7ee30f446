import type { Context } from 'hono';
import type { MockConfig } from '../../config.js';
import { authenticated } from './auth.js';
import { errorOf, internalError, invalidApiKey, methodNotAllowed, notFound, SdpError } from './errors.js';
import { readInputData, readQueryInput } from './input.js';
import type { JsonObject } from './lenient-json.js';

/**
 * The product's own paths, matched here rather than by Hono's router so that the documentation's URL
 * template `/app/<portal>//api/v3/users` (note the double slash) and a trailing slash both work. Paths
 * are `/api/v3/…` or `/app/<portal>/api/v3/…` below the mount prefix; anything else is the product's
 * 404 "Invalid URL". A known path with another method is a 405.
 */
export interface RouteContext {
  readonly c: Context;
  /** The numeric `:id` segments of the path, in order. */
  readonly ids: readonly number[];
  /** `input_data`, parsed (undefined when the request has none). */
  input(): Promise<JsonObject | undefined>;
  /** `input_data` of the query string, parsed (what `input()` gives for a GET). */
  queryInput(): JsonObject | undefined;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path segments after `api/v3`; `:id` matches a numeric id. */
  readonly path: readonly string[];
  handle(ctx: RouteContext): Promise<Response> | Response;
}

const API_PATH = /^(?:\/app\/[^/]+)?\/api\/v3(?:\/(.*))?$/;

function match(pattern: readonly string[], segments: readonly string[]): number[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const ids: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === ':id') {
      if (!/^\d{1,16}$/.test(segments[i])) return undefined;
      ids.push(Number(segments[i]));
    } else if (pattern[i] !== segments[i]) return undefined;
  }
  return ids;
}

/** Answers synchronously when the handler does (reads): a promise costs the hot path measurably. */
export function dispatch(c: Context, prefix: string, routes: readonly Route[], config: MockConfig): Response | Promise<Response> {
  try {
    let path = c.req.path.slice(prefix.length);
    if (path.includes('//')) path = path.replace(/\/{2,}/g, '/');
    if (path.endsWith('/')) path = path.slice(0, -1);
    const api = API_PATH.exec(path);
    if (!api) throw notFound();
    if (!authenticated(c, config)) throw invalidApiKey();
    const segments = (api[1] ?? '').split('/').filter(Boolean);
    const allowed: string[] = [];
    for (const route of routes) {
      const ids = match(route.path, segments);
      if (!ids) continue;
      if (route.method === c.req.method) {
        const answer = route.handle({ c, ids, input: () => readInputData(c), queryInput: () => readQueryInput(c) });
        return answer instanceof Promise ? answer.catch(failure) : answer;
      }
      allowed.push(route.method);
    }
    if (allowed.length) return errorOf(methodNotAllowed(), { Allow: allowed.join(', ') });
    throw notFound();
  } catch (e) {
    return failure(e);
  }
}

function failure(e: unknown): Response {
  if (e instanceof SdpError) return errorOf(e);
  console.error(`servicedesk-plus: ${(e as Error).stack ?? e}`);
  return errorOf(internalError());
}
