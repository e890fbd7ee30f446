/**
 * What the journal (and any log line) may show of a request: secrets replaced by `[REDACTED]`,
 * everything else as sent, so a developer can still see what their client did.
 */
export const REDACTED = '[REDACTED]';

const SECRET_HEADERS = new Set([
  'authorization',
  'pi-authorization',
  'proxy-authorization',
  'session-token',
  'app-token',
  'authtoken',
  'technician_key',
  'x-api-key',
  'cookie',
  'set-cookie',
]);

/** Parameter and JSON key names that hold secrets in the five products' APIs. */
const SECRET_NAME = /pass|token|secret|authorization|api_?key|technician_key|cookie|jwt|otp/i;

/** Authorization-style values keep their scheme: `Basic [REDACTED]`, `user_token [REDACTED]`. */
export function redactHeaderValue(name: string, value: string): string {
  if (!SECRET_HEADERS.has(name.toLowerCase()) && !SECRET_NAME.test(name)) return value;
  const scheme = /^\s*(basic|bearer|user_token|zoho-oauthtoken|authtoken:?|token)\s+/i.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = redactHeaderValue(name, value);
  return out;
}

/** A value whose key is secret is replaced; objects and arrays (also JSON inside strings) are walked. */
export function redactValue(value: unknown, key = ''): unknown {
  if (key && SECRET_NAME.test(key)) return value === null || value === '' ? value : REDACTED;
  if (typeof value === 'string') {
    const t = value.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return JSON.stringify(redactValue(JSON.parse(t)));
      } catch {
        return value;
      }
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, k);
    return out;
  }
  return value;
}

/** A path with its query string, secret parameters redacted (also in bracketed keys and JSON values). */
export function redactUrl(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return pathAndQuery;
  const params = new URLSearchParams(pathAndQuery.slice(q + 1));
  const out: string[] = [];
  params.forEach((value, name) => {
    const v = redactValue(value, name) as string;
    out.push(`${encodeURIComponent(name)}=${v === REDACTED ? REDACTED : encodeURIComponent(v)}`);
  });
  return `${pathAndQuery.slice(0, q)}?${out.join('&')}`;
}

/** Removes secrets from free text (error messages, log lines): header-style and key=value forms. */
export function redactText(text: string): string {
  return text
    .replace(/\b(Basic|Bearer|user_token|Zoho-oauthtoken)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`)
    .replace(/\b(authtoken|session[-_]token|app[-_]token|password\d?|passwd|jwt|token)(["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi, `$1$2${REDACTED}`)
    .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, REDACTED);
}
