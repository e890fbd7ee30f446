import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { SEEDED_USER_PASSWORD } from '../../config.js';
import { secretEquals } from '../../constant-time.js';
import { verifyPassword } from '../../passwords.js';
import type { ProductEnv } from '../product.js';
import {
  ADMIN_USER_ID,
  AUTH_HIDDEN,
  AUTH_INTERNAL,
  AUTH_LDAP,
  BRUTE_FORCE_LIMIT,
  BRUTE_FORCE_WINDOW_MS,
  IDLE_TIMEOUT_MS,
  LAST_LOGIN_RESOLUTION_MS,
  MAX_SESSIONS,
} from './constants.js';
import type { ForemanModel, UserRow } from './model.js';

export const SESSION_COOKIE = '_session_id';

interface Session {
  readonly userId: number;
  expiresAt: number;
}

/** What authentication established for a request. */
export type Authentication =
  | { readonly ok: true; readonly user: UserRow; readonly session: string; readonly fresh: boolean; readonly expired: boolean }
  | { readonly ok: false; readonly login: string; readonly blocked: boolean };

const VERIFY_CACHE_LIMIT = 2_000;

/**
 * HTTP Basic authentication as Foreman's API does it, with what it keeps beside the user table in
 * memory: `_session_id` cookie sessions (a Basic login opens one; a request carrying only the cookie
 * is authenticated by it, and idles out after the `idle_timeout`), the per-IP brute-force counter,
 * and the `last_login_on` stamp. All of it is dropped by a reset.
 */
export class ForemanAuth {
  private sessions = new Map<string, Session>();
  private failures = new Map<string, { count: number; expiresAt: number }>();
  /** Password checks already made (scrypt is slow): hash + digest of the password → outcome. */
  private verified = new Map<string, boolean>();
  private stamped = new Map<number, number>();

  constructor(
    private readonly model: ForemanModel,
    private readonly env: ProductEnv,
  ) {
    env.db.onReset(() => {
      this.sessions.clear();
      this.failures.clear();
      this.verified.clear();
      this.stamped.clear();
    });
  }

  /** The client address as Rails' `remote_ip` sees it (X-Forwarded-For is believed from trusted proxies). */
  clientIp(c: Context): string {
    const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
    const peer = socket?.remoteAddress ?? '127.0.0.1';
    const forwarded = c.req.header('x-forwarded-for');
    if (!forwarded || !trusted(peer)) return peer;
    const hops = forwarded.split(',').map((s) => s.trim()).filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) if (!trusted(hops[i])) return hops[i];
    return hops[0] ?? peer;
  }

  async authenticate(c: Context, now: number): Promise<Authentication> {
    const cookie = getCookie(c, SESSION_COOKIE);
    const session = cookie ? this.sessions.get(cookie) : undefined;
    if (session) {
      const user = this.model.user(session.userId);
      if (user) return { ok: true, user, session: cookie!, fresh: false, expired: session.expiresAt < now };
    }
    const ip = this.clientIp(c);
    if (!session && this.blocked(ip, now)) return { ok: false, login: '', blocked: true };

    const header = c.req.header('authorization') ?? '';
    if (!header.startsWith('Basic')) {
      this.countFailure(ip, now);
      return { ok: false, login: '', blocked: false };
    }
    const decoded = Buffer.from(header.split(' ', 2)[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const login = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    const user = await this.tryLogin(login, password);
    if (!user) {
      this.countFailure(ip, now);
      return { ok: false, login, blocked: false };
    }
    this.stampLogin(user, now);
    return { ok: true, user: this.model.user(user.id) ?? user, session: this.openSession(user.id, now), fresh: true, expired: false };
  }

  /** `update_activity_time`: an API session stays alive while it is used. */
  touch(session: string, now: number): void {
    const s = this.sessions.get(session);
    if (s) s.expiresAt = now + IDLE_TIMEOUT_MS;
  }

  endSession(session: string): void {
    this.sessions.delete(session);
  }

  /** The permissions a user holds through its roles, its user groups' roles and "Default role". */
  permissionsOf(u: UserRow): Set<string> {
    const roleIds = new Set<number>(this.model.roleIdsOf(u));
    for (const g of this.model.cachedGroupsOf(u)) for (const r of g.roles) roleIds.add(r);
    const out = new Set<string>();
    for (const id of roleIds) for (const p of this.model.roles.get(id)?.permissions ?? []) out.add(p);
    return out;
  }

  private async tryLogin(login: string, password: string): Promise<UserRow | undefined> {
    if (!password) return undefined;
    const admin = this.env.config.credentials.foreman;
    // The built-in admin answers to the configured credentials, so flags work on an existing data dir.
    if (login.toLowerCase() === admin.login.toLowerCase() && secretEquals(password, admin.password)) {
      const row = this.model.user(ADMIN_USER_ID);
      if (row && row.authSource === AUTH_INTERNAL) return row;
    }
    const user = this.model.userByLogin.get(login.toLowerCase());
    if (!user || user.authSource === AUTH_HIDDEN) return undefined;
    if (user.authSource === AUTH_LDAP) return secretEquals(password, SEEDED_USER_PASSWORD) ? user : undefined;
    if (user.authSource !== AUTH_INTERNAL) return undefined;
    const hash = this.hashOf(user);
    if (!hash) return undefined;
    return (await this.passwordMatches(password, hash)) ? user : undefined;
  }

  async passwordMatches(password: string, hash: string): Promise<boolean> {
    const key = `${hash}\u0000${createHash('sha256').update(password).digest('hex')}`;
    const known = this.verified.get(key);
    if (known !== undefined) return known;
    const ok = await verifyPassword(password, hash);
    if (this.verified.size >= VERIFY_CACHE_LIMIT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(key, ok);
    return ok;
  }

  /** The stored hash a user's password is checked against (undefined: none). */
  hashOf(u: UserRow): string | undefined {
    const hash = u.pw === undefined ? this.model.db.getMeta<string>('seededHash') : u.pw;
    return hash ?? undefined;
  }

  /**
   * `post_successful_login`: stamps `last_login_on`. At most once a minute per user, applied in memory
   * at once and written without holding up the answer.
   */
  private stampLogin(u: UserRow, now: number): void {
    const last = this.stamped.get(u.id);
    if (last !== undefined && now - last < LAST_LOGIN_RESOLUTION_MS) return;
    this.stamped.set(u.id, now);
    const current = this.model.user(u.id);
    if (!current) return;
    this.model.users.put({ ...current, lastLogin: now });
    this.env.db.commit().catch(() => this.stamped.delete(u.id));
  }

  private openSession(userId: number, now: number): string {
    const id = randomBytes(16).toString('hex');
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(id, { userId, expiresAt: now + IDLE_TIMEOUT_MS });
    return id;
  }

  private blocked(ip: string, now: number): boolean {
    const f = this.failures.get(ip);
    if (!f) return false;
    if (f.expiresAt <= now) {
      this.failures.delete(ip);
      return false;
    }
    return BRUTE_FORCE_LIMIT > 0 && f.count >= BRUTE_FORCE_LIMIT;
  }

  private countFailure(ip: string, now: number): void {
    const f = this.failures.get(ip);
    const count = f && f.expiresAt > now ? f.count + 1 : 1;
    this.failures.set(ip, { count, expiresAt: now + BRUTE_FORCE_WINDOW_MS });
  }
}

/** Loopback and private addresses: the proxies Rails trusts by default. */
function trusted(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return (
    /^127\./.test(v4) || /^10\./.test(v4) || /^192\.168\./.test(v4) || /^172\.(1[6-9]|2\d|3[01])\./.test(v4) ||
    v4 === '::1' || /^f[cd][0-9a-f]{2}:/i.test(v4)
  );
}

