/**
 * Removes secrets from any text before it is logged or shown: the exact secret values a connection
 * holds (passwords, tokens, session tokens, JWTs — registered as they become known), and anything
 * that looks like a credential in a header or a query string.
 */
export const MASK = '***';

const SECRET_PARAM = /^(.*pass.*|.*token.*|.*secret.*|authtoken|technician_key|api_?key|jwt)$/i;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret value (and its URL-encoded form) to be masked wherever it appears. */
  add(secret: string | undefined | null): void {
    if (!secret || secret.length < 3) return;
    this.secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.secrets.add(encoded);
  }

  redact(text: string): string {
    let out = text;
    // longest first, so a secret containing another is masked whole
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
    return out
      .replace(/\b(Basic|Bearer|user_token|Zoho-oauthtoken)\s+(?!\*\*\*)[^\s"',;]+/gi, `$1 ${MASK}`)
      .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, MASK);
  }

  /** A URL for the log: secret query parameters masked by name, and known secrets by value. */
  redactUrl(url: string): string {
    const q = url.indexOf('?');
    if (q < 0) return this.redact(url);
    const params = new URLSearchParams(url.slice(q + 1));
    const parts: string[] = [];
    params.forEach((value, name) => {
      const bare = name.replace(/\[.*$/, '');
      parts.push(`${name}=${SECRET_PARAM.test(bare) ? MASK : value}`);
    });
    return this.redact(`${url.slice(0, q)}?${parts.join('&')}`);
  }
}
