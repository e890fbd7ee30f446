import type { Context } from 'hono';

interface Incoming {
  readonly rawHeaders?: readonly string[];
}

/**
 * `c.req.header(name)` without building anything: on @hono/node-server it is read from Node's raw header
 * list the way the lightweight request headers read it (repeated headers joined with ", ", or "; " for
 * cookies; surrounding whitespace trimmed). `name` must be lower-case letters and "-". Anything unusual (a value
 * Hono would refuse, or no Node request, as with `app.request()` in tests) asks Hono itself.
 */
export function header(c: Context, name: string): string | undefined {
  const raw = (c.env as { incoming?: Incoming } | undefined)?.incoming?.rawHeaders;
  if (!raw) return c.req.header(name);
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (!sameName(raw[i], name)) continue;
    const v = raw[i + 1];
    if (v.length && (isSpace(v.charCodeAt(0)) || isSpace(v.charCodeAt(v.length - 1)))) return c.req.header(name);
    if (/[\0\r\n]/.test(v)) return c.req.header(name);
    value = value === undefined ? v : value + (name === 'cookie' ? '; ' : ', ') + v;
  }
  return value;
}

/** `raw.toLowerCase() === name` for a lower-case name made of letters and "-", without a new string. */
function sameName(raw: string, name: string): boolean {
  if (raw.length !== name.length) return false;
  for (let i = 0; i < raw.length; i++) if ((raw.charCodeAt(i) | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

function isSpace(code: number): boolean {
  return code === 9 || code === 10 || code === 13 || code === 32;
}
