import type { GroupIndex, Table } from '../../store/table.js';
import { ERROR, internalError, piError } from './errors.js';
import { ldapAssertion, ldapFold } from './matching.js';
import type { PasswordCheck } from './password-check.js';
import type { LdapRow, ParamValue, PreparedWrite, Resolver, UserInfo } from './resolver.js';
import { LDAP_CONFIG, LDAP_RESOLVER, LDAP_USERINFO, RESOLVER_SIZE_LIMIT } from './setup.js';

type Attribute = 'uid' | 'givenName' | 'sn' | 'mail' | 'telephoneNumber' | 'mobile';
const ATTRIBUTE_OF = new Map(LDAP_USERINFO as ReadonlyArray<[string, Attribute]>);
const PHONE = new Set<string>(['telephoneNumber', 'mobile']);

/**
 * The read-only LDAP-like resolver: a directory whose service account may search and bind but not
 * write. Users are identified by entryUUID. Every mapped attribute is returned, "" when the entry lacks
 * it (ldap3 returns requested attributes empty). Writes behave as privacyIDEA's LDAP resolver reports
 * a refusing directory: an add fails with the server's message, a modify answers false, and a delete
 * answers true (ldap3 does not raise on the refusal), though nothing is removed.
 */
export class LdapResolver implements Resolver {
  readonly name = LDAP_RESOLVER;
  readonly type = 'ldapresolver' as const;
  readonly editable = false;
  readonly mapKeys = LDAP_USERINFO.map(([k]) => k);
  readonly censorKeys = ['BINDPW'];
  readonly config = LDAP_CONFIG;

  /** uid equality is caseIgnoreMatch. */
  private readonly byUid: GroupIndex<string, LdapRow>;

  constructor(
    private readonly table: Table<LdapRow>,
    private readonly passwords: PasswordCheck,
  ) {
    this.byUid = table.group((r) => r.uid.toLowerCase());
  }

  search(filters: ReadonlyArray<[string, ParamValue]>, attributes: readonly string[] | undefined): UserInfo[] | null {
    if (filters.some(([k]) => !ATTRIBUTE_OF.has(k))) return null;
    const tests: Array<[Attribute, RegExp]> = [];
    let uidLiteral: string | undefined;
    for (const [k, v] of filters) {
      // empty and wildcard-only values are left out of the LDAP filter
      if (typeof v === 'string' && !v.replace(/\*/g, '')) continue;
      if (typeof v !== 'string') throw internalError();
      const attribute = ATTRIBUTE_OF.get(k)!;
      tests.push([attribute, ldapAssertion(attribute, v)]);
      if (attribute === 'uid' && !v.includes('*')) uidLiteral = ldapFold('uid', v).toLowerCase();
    }
    const candidates: Iterable<LdapRow> = uidLiteral === undefined ? this.table.values() : this.byUid.get(uidLiteral);
    const found: UserInfo[] = [];
    for (const row of candidates) {
      if (tests.every(([attribute, re]) => {
        const v = row[attribute];
        return v !== undefined && re.test(PHONE.has(attribute) ? ldapFold(attribute, v) : v);
      })) {
        found.push(this.render(row, attributes));
        if (found.length >= RESOLVER_SIZE_LIMIT) break;
      }
    }
    return found;
  }

  private render(row: LdapRow, attributes: readonly string[] | undefined): UserInfo {
    const wanted = attributes && attributes.length ? new Set(attributes) : undefined;
    const user: UserInfo = {};
    for (const [key, attribute] of ATTRIBUTE_OF) {
      if (!wanted || wanted.has(key)) user[key] = row[attribute] ?? '';
    }
    if (!wanted || wanted.has('userid')) user.userid = row.id;
    return user;
  }

  userId(login: string): string {
    if (!login) return '';
    const matches = this.byUid.get(login.toLowerCase());
    if (matches.size !== 1) return '';
    return [...matches][0].id;
  }

  username(uid: string): string {
    return this.table.get(uid)?.uid ?? '';
  }

  async checkPass(uid: string, password: string): Promise<boolean> {
    // an empty password would be an unauthenticated bind: privacyIDEA refuses it up front
    if (!password) return false;
    const row = this.table.get(uid);
    return row ? this.passwords.verify(password, row.userPassword) : false;
  }

  async prepareAdd(): Promise<PreparedWrite<string>> {
    throw piError(ERROR.GENERIC, 'no write access to parent');
  }

  async prepareUpdate(): Promise<PreparedWrite<boolean>> {
    return { apply: () => false };
  }

  delete(): boolean {
    return true;
  }
}
