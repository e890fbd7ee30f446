import { randomBytes } from 'node:crypto';
import { secretEquals } from '../../constant-time.js';
import { jwtSecret, nowSeconds, type Call, type Role } from './call.js';
import type { Directory } from './directory.js';
import { success } from './envelope.js';
import { authError, ERROR, internalError } from './errors.js';
import { truthy } from './params.js';
import { encodeJwt } from './jwt.js';
import { ADMIN_MENUS, ADMIN_RIGHTS, LOG_LEVEL, USER_MENUS, USER_RIGHTS, webuiSettings } from './setup.js';

/** `jwt_validity` without a policy: one hour. */
const JWT_VALIDITY_SECONDS = 3600;

/**
 * `split_user`: `login@realm` splits at the last `@` only when the tail is an existing realm;
 * otherwise `realm\login` splits at the last backslash.
 */
export function splitUser(dir: Directory, username: string): [string, string] {
  const user = username.trim();
  const at = user.lastIndexOf('@');
  if (at >= 0) return dir.realmIsDefined(user.slice(at + 1)) ? [user.slice(0, at), user.slice(at + 1)] : [user, ''];
  const bs = user.lastIndexOf('\\');
  return bs >= 0 ? [user.slice(bs + 1), user.slice(0, bs)] : [user, ''];
}

function wrongCredentials(): Error {
  return authError(ERROR.WRONG_CREDENTIALS, 'Authentication failure. Wrong credentials', {});
}

/**
 * POST /auth. Local administrators (the configured login) are checked first and get role admin and
 * an empty realm; everyone else is resolved in the realm (explicit, from `login@realm`, or the default)
 * and checked against their user store, getting role admin only in a superuser realm. Every failure
 * is a 401 whose `detail` is `{}`.
 */
export async function postAuth(call: Call): Promise<Response> {
  const { dir, params, env } = call;
  const username = params.get('username') ?? null;
  const password = params.get('password') ?? null;
  const given = params.get('realm');
  // Python would fail on .strip()/.lower()/.encode() of other types
  if ((username !== null && typeof username !== 'string') || (password !== null && typeof password !== 'string')) throw internalError();
  if (truthy(given) && typeof given !== 'string') throw internalError();
  let realmParam = truthy(given) ? (given as string) : '';
  const defaultRealm = dir.defaultRealm()?.name ?? '';
  const admin = env.config.credentials.privacyidea;

  // before_request: resolve the user unless this looks like a local administrator
  let resolved: { login: string; realm: string } | undefined;
  if (username) {
    const [login, fromName] = splitUser(dir, username);
    const realm = realmParam || fromName;
    if (realm || login !== admin.login) {
      realmParam = realm || defaultRealm;
      resolved = { login, realm: realmParam.toLowerCase() };
    }
  }
  if (realmParam && !dir.realmIsDefined(realmParam)) {
    throw authError(ERROR.WRONG_CREDENTIALS, `Authentication failure. Unknown realm: ${realmParam}.`, {});
  }
  if (username === null) throw authError(ERROR.MISSING_USERNAME, 'Authentication failure. Missing Username', {});
  if (!resolved) {
    const [login, fromName] = splitUser(dir, username);
    resolved = { login, realm: (realmParam || fromName || defaultRealm).toLowerCase() };
  }
  const loginName = resolved.login;
  let realm = resolved.realm;

  let role: Role;
  if (username === admin.login && secretEquals(password ?? '', admin.password)) {
    role = 'admin';
    realm = '';
  } else {
    // an empty username resolves to nobody; a local administrator's name may still be a realm user
    if (password === null || !username) throw wrongCredentials();
    const located = dir.locate(loginName, realm);
    if (!located || !(await located.resolver.checkPass(located.uid, password))) throw wrongCredentials();
    role = dir.isSuperuserRealm(realm) ? 'admin' : 'user';
  }

  const rights = role === 'admin' ? [...ADMIN_RIGHTS] : [...USER_RIGHTS];
  const token = encodeJwt(
    {
      username: loginName,
      realm,
      nonce: randomBytes(20).toString('hex'),
      role,
      authtype: 'password',
      exp: nowSeconds(env) + JWT_VALIDITY_SECONDS,
      rights,
    },
    jwtSecret(env),
  );
  const value = {
    token,
    role,
    username: loginName,
    realm,
    log_level: LOG_LEVEL,
    rights,
    menus: role === 'admin' ? [...ADMIN_MENUS] : [...USER_MENUS],
    auth: true,
    ...webuiSettings(),
  };
  return success(call.reply, value, 2, { authentication: 'ACCEPT' });
}
