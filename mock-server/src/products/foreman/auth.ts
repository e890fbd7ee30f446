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
import { header } from './headers.js';
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
const CREDENTIAL_CACHE_LIMIT = 1_000;

/**
 * An `Authorization` header that authenticated a user, and what that depended on: whether it carries
 * the configured admin pair, and else the user, its login, auth source and the password hash checked.
 */
interface VerifiedCredential {
  readonly header: string;
  readonly configAdmin: boolean;
  readonly userId: number;
  readonly login: string;
  readonly authSource: number;
  readonly hash: string | undefined;
  /** The row it was last confirmed against (rows are replaced, never changed, on every write). */
  row: UserRow | undefined;
}

/** Session ids: 16 random bytes each, drawn from a pool refilled 4 KiB at a time. */
let idPool = Buffer.alloc(0);
let idOffset = 0;
function newSessionId(): string {
  if (idOffset + 16 > idPool.length) {
    idPool = randomBytes(4096);
    idOffset = 0;
  }
  const id = idPool.toString('hex', idOffset, idOffset + 16);
  idOffset += 16;
  return id;
}

/**
 * HTTP Basic authentication as Foreman's API does it, with what it keeps beside the user table in
 * memory: `_session_id` cookie sessions (a Basic login opens one; a request carrying only the cookie
 * is authenticated by it, and idles out after the `idle_timeout`), the per-IP brute-force counter,
 * and the `last_login_on` stamp. All of it is dropped by a reset.
 */
export class ForemanAuth {
  private sessions = new Map<string, Session>();
  /**
   * Session ids in the order they were opened (some may be gone already), to find the oldest without
   * `sessions.keys().next()`: that walks over every deleted entry V8 still keeps at the front of a
   * Map, thousands of them once the limit is reached and each new session evicts one.
   */
  private sessionOrder: string[] = [];
  private sessionHead = 0;
  private failures = new Map<string, { count: number; expiresAt: number }>();
  /** Password checks already made (scrypt is slow): hash + digest of the password → outcome. */
  private verified = new Map<string, boolean>();
  private stamped = new Map<number, number>();
  /** Basic credentials already verified, by header: a request never re-runs the password KDF. */
  private credentials = new Map<string, VerifiedCredential>();

  constructor(
    private readonly model: ForemanModel,
    private readonly env: ProductEnv,
  ) {
    env.db.onReset(() => {
      this.sessions.clear();
      this.sessionOrder = [];
      this.sessionHead = 0;
      this.failures.clear();
      this.verified.clear();
      this.stamped.clear();
      this.credentials.clear();
    });
  }

  /** The client address as Rails' `remote_ip` sees it (X-Forwarded-For is believed from trusted proxies). */
  clientIp(c: Context): string {
    const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
    const peer = socket?.remoteAddress ?? '127.0.0.1';
    const forwarded = header(c, 'x-forwarded-for');
    if (!forwarded || !trusted(peer)) return peer;
    const hops = forwarded.split(',').map((s) => s.trim()).filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) if (!trusted(hops[i])) return hops[i];
    return hops[0] ?? peer;
  }

  /**
   * The session cookie, else HTTP Basic. Synchronous when the credentials were verified before (the
   * usual case); a Promise only when a password has to be checked.
   */
  authenticate(c: Context, now: number): Authentication | Promise<Authentication> {
    const cookieHeader = header(c, 'cookie');
    const cookie = cookieHeader !== undefined && cookieHeader.includes(SESSION_COOKIE) ? getCookie(c, SESSION_COOKIE) : undefined;
    const session = cookie ? this.sessions.get(cookie) : undefined;
    if (session) {
      const user = this.model.user(session.userId);
      if (user) return { ok: true, user, session: cookie!, fresh: false, expired: session.expiresAt < now };
    }
    // the client address matters only while some address has failures on record
    if (!session && this.failures.size && this.blocked(this.clientIp(c), now)) return { ok: false, login: '', blocked: true };

    const authorization = header(c, 'authorization') ?? '';
    if (!authorization.startsWith('Basic')) {
      this.countFailure(this.clientIp(c), now);
      return { ok: false, login: '', blocked: false };
    }
    const known = this.credentials.get(authorization);
    const cached = known !== undefined && secretEquals(authorization, known.header) ? this.confirm(known) : undefined;
    if (cached) return this.loggedIn(cached, now);

    const decoded = Buffer.from(authorization.split(' ', 2)[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const login = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    return this.tryLogin(login, password).then((found) => {
      if (!found) {
        this.countFailure(this.clientIp(c), now);
        return { ok: false, login, blocked: false };
      }
      this.remember(authorization, found);
      return this.loggedIn(found.user, now);
    });
  }

  private loggedIn(user: UserRow, now: number): Authentication {
    this.stampLogin(user, now);
    return { ok: true, user: this.model.user(user.id) ?? user, session: this.openSession(user.id, now), fresh: true, expired: false };
  }

  /**
   * The user a verified header still authenticates, if nothing it was verified against has changed
   * (else undefined: the header is checked again from scratch, as on its first use).
   */
  private confirm(v: VerifiedCredential): UserRow | undefined {
    if (v.configAdmin) {
      const row = this.model.user(ADMIN_USER_ID);
      if (row && row.authSource === AUTH_INTERNAL) return row;
    }
    if (v.userId < 0) return undefined;
    const user = this.model.user(v.userId);
    if (!user) return undefined;
    if (user === v.row) return user;
    if (user.login.toLowerCase() !== v.login || user.authSource !== v.authSource) return undefined;
    if (user.authSource === AUTH_INTERNAL && this.hashOf(user) !== v.hash) return undefined;
    v.row = user;
    return user;
  }

  private remember(authorization: string, found: LoginOutcome): void {
    if (this.credentials.size >= CREDENTIAL_CACHE_LIMIT) this.credentials.delete(this.credentials.keys().next().value!);
    const viaUser = found.via !== 'config';
    const u = found.user;
    this.credentials.set(authorization, {
      header: authorization,
      configAdmin: found.configAdmin,
      userId: viaUser ? u.id : -1,
      login: viaUser ? u.login.toLowerCase() : '',
      authSource: u.authSource,
      hash: found.hash,
      row: viaUser ? u : undefined,
    });
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

  private async tryLogin(login: string, password: string): Promise<LoginOutcome | undefined> {
    if (!password) return undefined;
    const admin = this.env.config.credentials.foreman;
    // The built-in admin answers to the configured credentials, so flags work on an existing data dir.
    const configAdmin = login.toLowerCase() === admin.login.toLowerCase() && secretEquals(password, admin.password);
    if (configAdmin) {
      const row = this.model.user(ADMIN_USER_ID);
      if (row && row.authSource === AUTH_INTERNAL) return { user: row, via: 'config', configAdmin };
    }
    const user = this.model.userByLogin.get(login.toLowerCase());
    if (!user || user.authSource === AUTH_HIDDEN) return undefined;
    if (user.authSource === AUTH_LDAP) return secretEquals(password, SEEDED_USER_PASSWORD) ? { user, via: 'ldap', configAdmin } : undefined;
    if (user.authSource !== AUTH_INTERNAL) return undefined;
    const hash = this.hashOf(user);
    if (!hash) return undefined;
    return (await this.passwordMatches(password, hash)) ? { user, via: 'internal', configAdmin, hash } : undefined;
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
    const id = newSessionId();
    if (this.sessions.size >= MAX_SESSIONS) this.dropOldestSession();
    this.sessions.set(id, { userId, expiresAt: now + IDLE_TIMEOUT_MS });
    this.sessionOrder.push(id);
    // ids of sessions ended otherwise pile up while no session is evicted: drop them now and then
    if (this.sessionOrder.length - this.sessionHead > 4 * MAX_SESSIONS) {
      this.sessionOrder = this.sessionOrder.slice(this.sessionHead).filter((s) => this.sessions.has(s));
      this.sessionHead = 0;
    }
    return id;
  }

  /** Deletes the session opened first among those still open. */
  private dropOldestSession(): void {
    const order = this.sessionOrder;
    while (this.sessionHead < order.length && !this.sessions.delete(order[this.sessionHead++]));
    // drop the consumed part now and then
    if (this.sessionHead >= 4096) {
      this.sessionOrder = order.slice(this.sessionHead);
      this.sessionHead = 0;
    }
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

interface LoginOutcome {
  readonly user: UserRow;
  readonly via: 'config' | 'ldap' | 'internal';
  readonly configAdmin: boolean;
  /** The password hash the password was checked against (internal users). */
  readonly hash?: string;
}

/** Loopback and private addresses: the proxies Rails trusts by default. */
function trusted(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return (
    /^127\./.test(v4) || /^10\./.test(v4) || /^192\.168\./.test(v4) || /^172\.(1[6-9]|2\d|3[01])\./.test(v4) ||
    v4 === '::1' || /^f[cd][0-9a-f]{2}:/i.test(v4)
  );
}

