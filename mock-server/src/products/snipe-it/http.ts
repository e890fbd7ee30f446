import { phpJson } from './php.js';
import { answerBytes } from '../../http/answer-bytes.js';
import { leaseAnswer } from '../../http/answer-leases.js';

/** An answer before the headers every Snipe-IT response carries are added. */
export interface Reply {
  readonly status: number;
  readonly body: string | Uint8Array;
  readonly type: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const JSON_TYPE = 'application/json';
const HTML_TYPE = 'text/html; charset=utf-8';

/** A Laravel JsonResponse (default encoding flags). */
export function json(value: unknown, status = 200, headers?: Record<string, string>): Reply {
  return { status, body: phpJson(value), type: JSON_TYPE, headers };
}

/** Bodies up to this size go out as (one-byte) strings: Node then sends headers and body in one write. */
const STRING_BODY_LIMIT = 16 * 1024;

/**
 * A JsonResponse whose JSON text is already encoded. `json_encode` output is ASCII, so latin1 gives
 * its UTF-8 bytes with a plain copy; a string built from two-byte parts would otherwise be transcoded
 * on every write. Large bodies are kept as bytes, small ones as a one-byte string.
 */
export function jsonText(body: string, status = 200): Reply {
  const bytes = answerBytes(body, 'latin1');
  return encodedJson(bytes.length <= STRING_BODY_LIMIT ? bytes.toString('latin1') : bytes, status);
}

/** A body `jsonText` has already encoded (a cached answer): sent as it is. */
export function encodedJson(body: string | Uint8Array, status = 200): Reply {
  return { status, body, type: JSON_TYPE };
}

/**
 * Laravel's rendering of an exception it converts itself (403, 500): JSON_PRETTY_PRINT with
 * unescaped slashes.
 */
export function prettyJson(value: unknown, status: number): Reply {
  const body = JSON.stringify(value, null, 4).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return { status, body, type: JSON_TYPE };
}

/** `Helper::formatStandardApiResponse`: `{status, messages, payload}`, a falsy payload as null. */
export function envelope(status: 'success' | 'error', payload: unknown, messages: unknown, http = 200): Reply {
  const empty = payload === undefined || payload === null || payload === '' || payload === false || (Array.isArray(payload) && payload.length === 0);
  return json({ status, messages: messages ?? null, payload: empty ? null : payload }, http);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}

/** Symfony's RedirectResponse, as Laravel sends it for `redirect()`. */
export function redirect(url: string): Reply {
  const u = escapeHtml(url);
  const body = `<!DOCTYPE html>
<html>
    <head>
        <meta charset="UTF-8" />
        <meta http-equiv="refresh" content="0;url='${u}'" />

        <title>Redirecting to ${u}</title>
    </head>
    <body>
        Redirecting to <a href="${u}">${u}</a>.
    </body>
</html>`;
  return { status: 302, body, type: HTML_TYPE, headers: { location: url } };
}

/** An HTML page, for callers that did not ask for JSON. */
export function htmlPage(status: number, title: string, text: string): Reply {
  const body = `<!DOCTYPE html>
<html lang="en-US">
<head>
    <meta charset="utf-8">
    <title>${escapeHtml(title)} :: Snipe-IT</title>
</head>
<body>
    <h1>${escapeHtml(title)}</h1>
    <p>${escapeHtml(text)}</p>
</body>
</html>
`;
  return { status, body, type: HTML_TYPE };
}

const FEATURE_POLICY = [
  "accelerometer 'none'",
  "autoplay 'none'",
  "camera 'none'",
  "display-capture 'none'",
  "document-domain 'none'",
  "encrypted-media 'none'",
  "fullscreen 'none'",
  "geolocation 'none'",
  "sync-xhr 'none'",
  "usb 'none'",
  "xr-spatial-tracking 'none'",
].join(';');

function contentSecurityPolicy(appUrl: string): string {
  return [
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "connect-src 'self'",
    "object-src 'none'",
    "font-src 'self' data:",
    `img-src 'self' data: ${appUrl}   https://secure.gravatar.com http://gravatar.com maps.google.com maps.gstatic.com *.googleapis.com`,
  ].join(';');
}

/** The headers every answer carries, per APP_URL (the CSP names it). */
const baseHeaders = new Map<string, Readonly<Record<string, string>>>();

function securityHeaders(appUrl: string): Readonly<Record<string, string>> {
  let h = baseHeaders.get(appUrl);
  if (!h) {
    h = {
      'cache-control': 'max-age=0, must-revalidate, no-cache, no-store, private',
      'content-security-policy': contentSecurityPolicy(appUrl),
      'feature-policy': FEATURE_POLICY,
      expires: 'Sun, 02 Jan 1990 00:00:00 GMT',
      pragma: 'no-cache',
      'referrer-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'x-xss-protection': '1; mode=block',
    };
    if (baseHeaders.size > 64) baseHeaders.clear();
    baseHeaders.set(appUrl, h);
  }
  return h;
}

/**
 * The Response, with what Snipe-IT's global middleware adds to every answer (SecurityHeaders,
 * PreventBackHistory; Symfony sorts the Cache-Control directives and adds `private`).
 * Headers go out as a plain object in name order (what a `Headers` object would send, without
 * building one per request).
 */
export function toResponse(reply: Reply, appUrl: string, extra?: Readonly<Record<string, string>>): Response {
  // the response's own lease on a large body (a cached page's, or one made for it), given back once written
  if (typeof reply.body !== 'string') leaseAnswer(reply.body);
  const base = securityHeaders(appUrl);
  const headers = reply.headers === undefined && extra !== undefined && isRateLimit(extra) ? withRateLimit(base, reply.type, extra) : sortedHeaders(base, reply, extra);
  return new Response(reply.body as BodyInit, { status: reply.status, headers });
}

function isRateLimit(extra: Readonly<Record<string, string>>): boolean {
  let n = 0;
  for (const k in extra) {
    if (k !== 'x-ratelimit-limit' && k !== 'x-ratelimit-remaining') return false;
    n++;
  }
  return n === 2;
}

/** The usual answer's headers, written in name order directly. */
function withRateLimit(h: Readonly<Record<string, string>>, type: string, extra: Readonly<Record<string, string>>): Record<string, string> {
  return {
    'cache-control': h['cache-control'],
    'content-security-policy': h['content-security-policy'],
    'content-type': type,
    expires: h.expires,
    'feature-policy': h['feature-policy'],
    pragma: h.pragma,
    'referrer-policy': h['referrer-policy'],
    'x-content-type-options': h['x-content-type-options'],
    'x-frame-options': h['x-frame-options'],
    'x-ratelimit-limit': extra['x-ratelimit-limit'],
    'x-ratelimit-remaining': extra['x-ratelimit-remaining'],
    'x-xss-protection': h['x-xss-protection'],
  };
}

function sortedHeaders(base: Readonly<Record<string, string>>, reply: Reply, extra?: Readonly<Record<string, string>>): Record<string, string> {
  const merged: Record<string, string> = { 'content-type': reply.type, ...base };
  if (extra) for (const k in extra) merged[k.toLowerCase()] = extra[k];
  if (reply.headers) for (const k in reply.headers) merged[k.toLowerCase()] = reply.headers[k];
  const headers: Record<string, string> = {};
  for (const k of Object.keys(merged).sort()) headers[k] = merged[k];
  return headers;
}
