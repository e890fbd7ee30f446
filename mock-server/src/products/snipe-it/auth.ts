import type { MockConfig } from '../../config.js';
import { secretEquals } from '../../constant-time.js';
import { verifyPassword } from '../../passwords.js';
import type { SnipeModel, UserRow } from './model.js';
import { fold } from './php.js';
import { ADMIN_ID } from './seed.js';

/** The authenticated user, with `hasAccess` as the User model computes it. */
export class Caller {
  private readonly memo = new Map<string, boolean>();
  readonly superuser: boolean;

  constructor(
    readonly user: UserRow,
    private readonly model: SnipeModel,
  ) {
    this.superuser = this.section('superuser');
  }

  /** `User::hasAccess`: superusers have everything; else the user's own grant/deny, else any group's grant. */
  hasAccess(section: string): boolean {
    return this.superuser || this.section(section);
  }

  /** What SnipePermissionsPolicy allows for `<area>.<verb>`: admins may do everything. */
  can(area: string, verb: 'view' | 'create' | 'edit' | 'delete'): boolean {
    return this.hasAccess('admin') || this.hasAccess(`${area}.${verb}`);
  }

  private section(section: string): boolean {
    let hit = this.memo.get(section);
    if (hit === undefined) {
      hit = checkPermissionSection(this.user, section, this.model);
      this.memo.set(section, hit);
    }
    return hit;
  }
}

function checkPermissionSection(user: UserRow, section: string, model: SnipeModel): boolean {
  const own = user.permissions ?? undefined;
  if (own && Object.prototype.hasOwnProperty.call(own, section)) {
    if (own[section] === 1) return true;
    if (own[section] === -1) return false;
  }
  for (const gid of user.groups ?? []) {
    const g = model.groups.get(gid);
    if (g?.permissions && Object.prototype.hasOwnProperty.call(g.permissions, section) && g.permissions[section] === 1) return true;
  }
  return false;
}

/** Laravel's `bearerToken()`: what follows the last "Bearer " (case-insensitive), up to a comma. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const at = header.toLowerCase().lastIndexOf('bearer ');
  if (at < 0) return undefined;
  const token = header.slice(at + 7);
  const comma = token.indexOf(',');
  return comma >= 0 ? token.slice(0, comma) : token;
}

/** `authenticateNow` could not decide without verifying a password. */
export const VERIFY = Symbol('verify');

/**
 * Resolves a bearer token to a user. The superuser's personal access token is the configured one;
 * as a mock convenience, any other user authenticates with the token `<username>:<password>`.
 * Verified password tokens are remembered (until the user's hash changes or a reset).
 */
export class TokenAuth {
  private verified = new Map<string, { id: number; hash: string | undefined }>();

  constructor(
    private readonly model: SnipeModel,
    private readonly config: MockConfig,
  ) {}

  reset(): void {
    this.verified = new Map();
  }

  /**
   * The user a token names, when that is known without hashing a password (the configured token, a
   * token verified before, or one that cannot match); `VERIFY` when `authenticate` has to verify it.
   */
  authenticateNow(token: string | undefined): UserRow | undefined | typeof VERIFY {
    if (token === undefined || token === '') return undefined;
    if (this.isSuperToken(token)) return this.model.activeUser(ADMIN_ID);
    const colon = token.indexOf(':');
    if (colon <= 0) return undefined;
    const user = this.model.activeByUsername.get(fold(token.slice(0, colon)));
    if (!user) return undefined;
    const known = this.verified.get(token);
    if (known && known.id === user.id && known.hash === user.password) return user;
    return VERIFY;
  }

  async authenticate(token: string | undefined): Promise<UserRow | undefined> {
    const now = this.authenticateNow(token);
    if (now !== VERIFY) return now;
    const t = token!;
    const colon = t.indexOf(':');
    const user = this.model.activeByUsername.get(fold(t.slice(0, colon)))!;
    if (!(await verifyPassword(t.slice(colon + 1), this.model.passwordHashOf(user)))) return undefined;
    if (this.verified.size > 10_000) this.verified.clear();
    this.verified.set(t, { id: user.id, hash: user.password });
    return this.model.activeUser(user.id);
  }

  /** Constant-time comparison with the configured token (read each time: the flag may change). */
  private isSuperToken(token: string): boolean {
    return secretEquals(token, this.config.credentials['snipe-it'].token);
  }
}
