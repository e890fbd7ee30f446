import type { Context } from 'hono';

/**
 * A request header, read from Node's already-parsed headers when the server is @hono/node-server
 * (asking `c.req.header()` first builds a whole `Headers` copy — measurable on a hot path).
 * `name` must be lower-case. Falls back to the Fetch API headers elsewhere (`app.request()` in tests).
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: { headers: Record<string, string | string[] | undefined> } } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
