import type { ProductDb } from '../../store/product-db.js';
import { LdapResolver } from './ldap-resolver.js';
import { PasswordCheck } from './password-check.js';
import type { LdapRow, Resolver, SqlRow } from './resolver.js';
import { REALMS, SUPERUSER_REALMS, type RealmDef } from './setup.js';
import { SqlResolver } from './sql-resolver.js';

export const SQL_TABLE = 'sql_users';
export const LDAP_TABLE = 'ldap_entries';

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

  constructor(db: ProductDb) {
    this.passwords = new PasswordCheck(db);
    this.sql = new SqlResolver(db.table<SqlRow>(SQL_TABLE), this.passwords);
    this.ldap = new LdapResolver(db.table<LdapRow>(LDAP_TABLE), this.passwords);
    this.all = [this.sql, this.ldap];
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
