import type { Context } from 'hono';
import type { MockConfig } from '../../config.js';
import { secretEquals } from '../../constant-time.js';
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
  if (authtoken !== undefined) return secretEquals(authtoken.trim(), creds.authtoken);
  const authorization = requestHeader(c, 'authorization');
  if (authorization !== undefined) {
    const onPrem = /^\s*authtoken\s*:?\s*(.*)$/i.exec(authorization);
    if (onPrem) return secretEquals(onPrem[1].trim(), creds.authtoken);
    const cloud = /^\s*(?:zoho-oauthtoken|bearer)\s+(.*)$/i.exec(authorization);
    return secretEquals(cloud ? cloud[1].trim() : null, creds.oauthtoken);
  }
  const legacy = requestHeader(c, 'technician_key') ?? c.req.query('TECHNICIAN_KEY') ?? c.req.query('technician_key');
  return secretEquals(legacy?.trim() ?? null, creds.authtoken);
}
