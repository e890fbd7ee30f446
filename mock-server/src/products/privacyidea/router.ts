import { werkzeugReason } from './errors.js';

/**
 * URL routing as Werkzeug does it for privacyIDEA's rules: strict slashes (a rule written with a
 * trailing slash redirects the slash-less path with 308, query kept, but only for a method the rule
 * accepts), 405 with `Allow` when the path matches but the method does not, and privacyIDEA's own
 * JSON 404 for anything else. Every rule also answers OPTIONS, and HEAD where it answers GET.
 */
export type Blueprint = 'auth' | 'user' | 'admin';

export interface Rule<H> {
  /** e.g. `/user/<resolvername>/<username>`; `<x>` matches one non-empty path segment. */
  readonly path: string;
  readonly methods: readonly string[];
  /** Which before-request check the rule's blueprint runs: none, any token, or an admin token. */
  readonly blueprint: Blueprint;
  readonly handler: H;
}

export type Match<H> =
  | { kind: 'rule'; rule: Rule<H>; args: Array<[string, string]>; allow: string[] }
  | { kind: 'redirect' }
  | { kind: 'method'; allow: string[] }
  | { kind: 'none' };

function segmentsOf(path: string): string[] {
  return path.split('/').slice(1);
}

function bind(pattern: readonly string[], segments: readonly string[]): Array<[string, string]> | null {
  if (pattern.length !== segments.length) return null;
  const args: Array<[string, string]> = [];
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith('<') && p.endsWith('>')) {
      if (!segments[i]) return null;
      args.push([p.slice(1, -1), segments[i]]);
    } else if (p !== segments[i]) return null;
  }
  return args;
}

function accepts(rule: Rule<unknown>, method: string): boolean {
  return method === 'OPTIONS' || rule.methods.includes(method) || (method === 'HEAD' && rule.methods.includes('GET'));
}

function allowOf(rules: ReadonlyArray<Rule<unknown>>): string[] {
  const all = new Set<string>(['OPTIONS']);
  for (const r of rules) {
    for (const m of r.methods) all.add(m);
    if (r.methods.includes('GET')) all.add('HEAD');
  }
  return [...all].sort();
}

export class Router<H> {
  private readonly rules: Array<{ rule: Rule<H>; pattern: string[] }>;

  constructor(rules: ReadonlyArray<Rule<H>>) {
    this.rules = rules.map((rule) => ({ rule, pattern: segmentsOf(rule.path) }));
  }

  /** `path` is the decoded path below the product prefix, starting with `/`. */
  match(path: string, method: string): Match<H> {
    const segments = segmentsOf(path);
    const onPath = this.rules
      .map(({ rule, pattern }) => ({ rule, args: bind(pattern, segments) }))
      .filter((m): m is { rule: Rule<H>; args: Array<[string, string]> } => m.args !== null);
    const allow = allowOf(onPath.map((m) => m.rule));
    const hit = onPath.find((m) => accepts(m.rule, method));
    if (hit) return { kind: 'rule', rule: hit.rule, args: hit.args, allow };
    const withSlash = [...segments, ''];
    if (this.rules.some(({ rule, pattern }) => bind(pattern, withSlash) && accepts(rule, method))) return { kind: 'redirect' };
    return onPath.length ? { kind: 'method', allow } : { kind: 'none' };
  }
}

const HTML = 'text/html; charset=utf-8';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

/** Werkzeug's HTML page for an HTTP exception. */
export function werkzeugPage(status: number, headers: Record<string, string> = {}): Response {
  const [name, description] = werkzeugReason(status);
  const body = `<!doctype html>\n<html lang=en>\n<title>${status} ${name}</title>\n<h1>${name}</h1>\n<p>${description}</p>\n`;
  return new Response(body, { status, headers: { 'Content-Type': HTML, ...headers } });
}

/** Werkzeug's `redirect()` page, as a strict-slash redirect sends it. */
export function redirectPage(location: string): Response {
  const href = escapeHtml(location);
  const body =
    '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n' +
    `<p>You should be redirected automatically to the target URL: <a href="${href}">${href}</a>. If not, click the link.\n`;
  return new Response(body, { status: 308, headers: { 'Content-Type': HTML, Location: location } });
}

/** privacyIDEA's application-level 404 handler (Flask's compact jsonify, no blueprint headers). */
export function notFound(): Response {
  return new Response('{"error":"Not found"}\n', { status: 404, headers: { 'Content-Type': 'application/json' } });
}

/** Flask's automatic OPTIONS answer (after the blueprint's before-request checks passed). */
export function optionsResponse(allow: readonly string[]): Response {
  return new Response('', { status: 200, headers: { 'Content-Type': HTML, Allow: allow.join(', '), 'Cache-Control': 'no-cache' } });
}
