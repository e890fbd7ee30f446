import type { Context } from 'hono';
import type { ProductEnv } from '../product.js';
import type { Directory } from './directory.js';
import type { ReplyContext } from './envelope.js';
import { authError, ERROR, missingRole, type Detail } from './errors.js';
import { decodeJwt } from './jwt.js';
import { header, shareHeaderText, type Params } from './params.js';

export const JWT_SECRET_META = 'jwtSecret';

export type Role = 'admin' | 'user';

/** `g.logged_in_user`: who the auth token says is calling. */
export interface Caller {
  username: string;
  realm: string;
  role: Role;
}

/** One API request, after routing and parameter parsing. */
export interface Call {
  c: Context;
  env: ProductEnv;
  dir: Directory;
  params: Params;
  reply: ReplyContext;
}

export function nowSeconds(env: ProductEnv): number {
  return Math.floor(env.clock().getTime() / 1000);
}

export function jwtSecret(env: ProductEnv): string {
  return env.db.getMeta<string>(JWT_SECRET_META) ?? '';
}

/**
 * `check_auth_token`: the token comes raw (no scheme) from `PI-Authorization`, or from `Authorization`
 * when the former is absent or empty. `detail` is what the failing step's envelope carries.
 */
export function checkAuthToken(call: Call, roles: readonly Role[], detail: Detail): Caller {
  const token = header(call.c, 'pi-authorization') || header(call.c, 'authorization');
  if (token === undefined) throw authError(ERROR.AUTH_HEADER, 'Authentication failure. Missing Authorization header.', detail);
  const checked = decodeJwt(token, jwtSecret(call.env), nowSeconds(call.env));
  if (!checked.ok) {
    throw checked.expired
      ? authError(ERROR.TOKEN_EXPIRED, `Authentication failure. Your token has expired: ${checked.reason}`, detail)
      : authError(ERROR.DECODING_ERROR, `Authentication failure. Error decoding the Authorization token: ${checked.reason}`, detail);
  }
  if (checked.token !== token) shareHeaderText(call.c, token, checked.token);
  const { username, realm, role } = checked.claims;
  if (!roles.includes(role as Role)) throw missingRole(roles, detail);
  return { username: String(username ?? ''), realm: String(realm ?? ''), role: role as Role };
}
