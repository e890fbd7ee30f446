import type { ProductDb } from '../../store/product-db.js';
import { PreparedSuccess, type ReplyContext } from './envelope.js';
import { LdapResolver } from './ldap-resolver.js';
import { PasswordCheck } from './password-check.js';
import { ReplyCache } from './reply-cache.js';
import type { LdapRow, Resolver, SqlRow } from './resolver.js';
import { REALMS, SUPERUSER_REALMS, type RealmDef } from './setup.js';
import { SqlResolver } from './sql-resolver.js';
import { UserListQueries, type UserListQuery } from './user-list-query.js';

export const SQL_TABLE = 'sql_users';
export const LDAP_TABLE = 'ldap_entries';

/** Bytes of `GET /user/` answers kept for repeated requests. */
const REPLY_CACHE_BYTES = 8_000_000;
const REPLY_CACHE_ENTRIES = 4_096;

/** A user as privacyIDEA's `User` object resolves it: the login as given, a realm, and where it lives. */
export interface LocatedUser {
  resolver: Resolver;
  uid: string;
}

/** The user stores (one table each) and the realms that combine them. */
export class Directory {
  readonly passwords: PasswordCheck;
  readonly sql: SqlResolver;
  readonly ldap: LdapResolver;
  /** In the order a search without realm or resolver walks them. */
  readonly all: readonly Resolver[];
  /** `GET /user/` queries by their parameters. */
  readonly listQueries = new UserListQueries(this);
  private readonly replies = new ReplyCache(REPLY_CACHE_BYTES, REPLY_CACHE_ENTRIES);

  constructor(db: ProductDb) {
    this.passwords = new PasswordCheck(db);
    this.sql = new SqlResolver(db.table<SqlRow>(SQL_TABLE), this.passwords);
    this.ldap = new LdapResolver(db.table<LdapRow>(LDAP_TABLE), this.passwords);
    this.all = [this.sql, this.ldap];
    db.onReset(() => this.replies.clear());
  }

  /**
   * The answer of `GET /user/` for `query`. Kept for repeated requests while neither store changes
   * (queries whose filter values are all strings: every query-string request); one that is not kept is
   * disposed of at once, so its pages go back as soon as it has been written.
   */
  userList(query: UserListQuery, ctx: ReplyContext): Response {
    const { key } = query;
    const sqlVersion = this.sql.version;
    const ldapVersion = this.ldap.version;
    if (key) {
      const hit = this.replies.get(key, sqlVersion, ldapVersion);
      if (hit) return hit.respond(ctx);
    }
    const users: string[] = [];
    for (const resolver of query.resolvers) {
      const found = resolver.searchJson(query.filters, query.attributes, query.withResolver, query.withEditable);
      if (found) for (const user of found) users.push(user);
    }
    const reply = PreparedSuccess.ofList(users);
    const answer = reply.respond(ctx);
    if (!key || !this.replies.set(key, sqlVersion, ldapVersion, reply)) reply.dispose();
    return answer;
  }

  /** `get_resolver_object`: exact name; anything that is not a known name gives undefined. */
  resolver(name: unknown): Resolver | undefined {
    return this.all.find((r) => r.name === name);
  }

  /** `get_realm`: realm names are stored lower-case and looked up as given. */
  realm(name: unknown): RealmDef | undefined {
    return REALMS.find((r) => r.name === name);
  }

  realms(): readonly RealmDef[] {
    return REALMS;
  }

  /** `realm_is_defined`: compares lower-cased. */
  realmIsDefined(name: string): boolean {
    return REALMS.some((r) => r.name === name.toLowerCase());
  }

  defaultRealm(): RealmDef | undefined {
    return REALMS.find((r) => r.default);
  }

  isSuperuserRealm(realm: string): boolean {
    return SUPERUSER_REALMS.includes(realm);
  }

  /** The realm's resolvers by priority (unset = 1000; ties keep the realm's order). */
  orderedResolvers(realm: string): Resolver[] {
    const def = this.realm(realm);
    if (!def) return [];
    return [...def.resolvers]
      .sort((a, b) => (a.priority ?? 1000) - (b.priority ?? 1000))
      .map((r) => this.resolver(r.name))
      .filter((r): r is Resolver => r !== undefined);
  }

  /** `User(login, realm)`: the first resolver of the realm (by priority) that knows the login. */
  locate(login: string, realm: string): LocatedUser | undefined {
    if (!login) return undefined;
    for (const resolver of this.orderedResolvers(realm)) {
      const uid = resolver.userId(login);
      if (uid) return { resolver, uid };
    }
    return undefined;
  }
}
