import { phpJson } from './php.js';

/** An answer before the headers every Snipe-IT response carries are added. */
export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly type: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const JSON_TYPE = 'application/json';
const HTML_TYPE = 'text/html; charset=utf-8';

/** A Laravel JsonResponse (default encoding flags). */
export function json(value: unknown, status = 200, headers?: Record<string, string>): Reply {
  return { status, body: phpJson(value), type: JSON_TYPE, headers };
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

/**
 * The Response, with what Snipe-IT's global middleware adds to every answer (SecurityHeaders,
 * PreventBackHistory; Symfony sorts the Cache-Control directives and adds `private`).
 */
export function toResponse(reply: Reply, appUrl: string, extra?: Readonly<Record<string, string>>): Response {
  const headers = new Headers({
    'content-type': reply.type,
    'cache-control': 'max-age=0, must-revalidate, no-cache, no-store, private',
    pragma: 'no-cache',
    expires: 'Sun, 02 Jan 1990 00:00:00 GMT',
    'x-content-type-options': 'nosniff',
    'x-xss-protection': '1; mode=block',
    'feature-policy': FEATURE_POLICY,
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'content-security-policy': contentSecurityPolicy(appUrl),
  });
  if (extra) for (const [k, v] of Object.entries(extra)) headers.set(k, v);
  if (reply.headers) for (const [k, v] of Object.entries(reply.headers)) headers.set(k, v);
  return new Response(reply.body, { status: reply.status, headers });
}
