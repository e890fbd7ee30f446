import type { Context } from 'hono';
import type { MockConfig } from '../../config.js';
import { requestHeader } from '../../http/request-header.js';

/**
 * Every API call carries a key. On-premises servers take the technician's API key in an `authtoken`
 * header (any capitalisation; older clients name it `TECHNICIAN_KEY`, as a header or query parameter,
 * and the documentation's own samples send `Authorization: authtoken: <key>`). Cloud servers take a Zoho
 * OAuth access token as `Authorization: Zoho-oauthtoken <token>` (clients also send `Bearer <token>`).
 * The first credential present decides; a wrong one is not rescued by another.
 *
 * Both keys belong to the built-in administrator, and are compared with the configured values (so
 * command-line overrides apply to an existing data directory).
 */
export function authenticated(c: Context, config: MockConfig): boolean {
  const creds = config.credentials['servicedesk-plus'];
  const authtoken = requestHeader(c, 'authtoken');
  if (authtoken !== undefined) return secretMatches(authtoken.trim(), creds.authtoken);
  const authorization = requestHeader(c, 'authorization');
  if (authorization !== undefined) {
    const onPrem = /^\s*authtoken\s*:?\s*(.*)$/i.exec(authorization);
    if (onPrem) return secretMatches(onPrem[1].trim(), creds.authtoken);
    const cloud = /^\s*(?:zoho-oauthtoken|bearer)\s+(.*)$/i.exec(authorization);
    return secretMatches(cloud ? cloud[1].trim() : null, creds.oauthtoken);
  }
  const legacy = requestHeader(c, 'technician_key') ?? c.req.query('TECHNICIAN_KEY') ?? c.req.query('technician_key');
  return secretMatches(legacy?.trim() ?? null, creds.authtoken);
}

/**
 * Equality of a presented key with the configured one in time that depends only on the presented
 * key's length (never on the secret's contents or length), without allocating: hashing both sides
 * per request, as the core's secretEquals does, costs the hot path about a quarter of its throughput.
 */
function secretMatches(presented: string | null | undefined, expected: string): boolean {
  if (presented === null || presented === undefined) return false;
  const n = expected.length;
  if (n === 0) return presented.length === 0;
  let diff = presented.length ^ n;
  for (let i = 0; i < presented.length; i++) diff |= presented.charCodeAt(i) ^ expected.charCodeAt(i % n);
  return diff === 0;
}
