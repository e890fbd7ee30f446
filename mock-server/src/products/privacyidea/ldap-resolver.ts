import type { GroupIndex, Table } from '../../store/table.js';
import { ERROR, internalError, piError } from './errors.js';
import { ldapAssertion, ldapFold } from './matching.js';
import type { PasswordCheck } from './password-check.js';
import { pyDumps } from './pyjson.js';
import { ldapUserJson, RowJsonCache } from './render.js';
import type { LdapRow, ParamValue, PreparedWrite, Resolver, UserInfo } from './resolver.js';
import { LDAP_CONFIG, LDAP_RESOLVER, LDAP_USERINFO, RESOLVER_SIZE_LIMIT } from './setup.js';

type Attribute = 'uid' | 'givenName' | 'sn' | 'mail' | 'telephoneNumber' | 'mobile';
const ATTRIBUTE_OF = new Map(LDAP_USERINFO as ReadonlyArray<[string, Attribute]>);
const PHONE = new Set<string>(['telephoneNumber', 'mobile']);
/** `*x*` with no other wildcard: a contains assertion. */
const CONTAINS = /^\*([^*]+)\*$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
/** Rendered entries kept (about 250 bytes each). */
const JSON_CACHE_ROWS = 2_048;

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
  private readonly json = new RowJsonCache(ldapUserJson, JSON_CACHE_ROWS);
  /** Lower-cased uids in directory order, for contains searches (rebuilt after a change). */
  private folded: { version: number; rows: LdapRow[]; uids: string[] } | undefined;

  constructor(
    private readonly table: Table<LdapRow>,
    private readonly passwords: PasswordCheck,
  ) {
    this.byUid = table.group((r) => r.uid.toLowerCase());
  }

  /** Changes with every change to the directory (for caches of search results). */
  get version(): number {
    return this.table.version;
  }

  search(filters: ReadonlyArray<[string, ParamValue]>, attributes: readonly string[] | undefined): UserInfo[] | null {
    return this.find(filters)?.map((row) => this.render(row, attributes)) ?? null;
  }

  searchJson(
    filters: ReadonlyArray<[string, ParamValue]>,
    attributes: readonly string[] | undefined,
    withResolver: boolean,
    withEditable: boolean,
  ): string[] | null {
    const rows = this.find(filters);
    if (!rows) return null;
    if ((!attributes || !attributes.length) && withResolver && withEditable) return this.json.list(rows);
    return rows.map((row) => {
      const user = this.render(row, attributes);
      if (withResolver) user.resolver = this.name;
      if (withEditable) user.editable = this.editable;
      return pyDumps(user);
    });
  }

  /** The entries a search answers: null when a filter key is not mapped; throws for a non-string value. */
  private find(filters: ReadonlyArray<[string, ParamValue]>): LdapRow[] | null {
    if (filters.some(([k]) => !ATTRIBUTE_OF.has(k))) return null;
    const tests: Array<[Attribute, RegExp]> = [];
    let uidLiteral: string | undefined;
    let uidContains: string | undefined;
    for (const [k, v] of filters) {
      // empty and wildcard-only values are left out of the LDAP filter
      if (typeof v === 'string' && !v.replace(/\*/g, '')) continue;
      if (typeof v !== 'string') throw internalError();
      const attribute = ATTRIBUTE_OF.get(k)!;
      tests.push([attribute, ldapAssertion(attribute, v)]);
      if (attribute === 'uid' && !v.includes('*')) uidLiteral = ldapFold('uid', v).toLowerCase();
      if (attribute === 'uid') {
        const m = CONTAINS.exec(v);
        const needle = m ? ldapFold('uid', m[1]) : '';
        if (needle && PRINTABLE_ASCII.test(needle)) uidContains = needle.toLowerCase();
      }
    }
    const candidates: Iterable<LdapRow> =
      uidLiteral !== undefined ? this.byUid.get(uidLiteral) : uidContains !== undefined ? this.uidsContaining(uidContains) : this.table.values();
    const found: LdapRow[] = [];
    for (const row of candidates) {
      if (tests.every(([attribute, re]) => {
        const v = row[attribute];
        return v !== undefined && re.test(PHONE.has(attribute) ? ldapFold(attribute, v) : v);
      })) {
        found.push(row);
        if (found.length >= RESOLVER_SIZE_LIMIT) break;
      }
    }
    return found;
  }

  /**
   * Entries (in directory order) whose uid may contain `needle` (lower-case printable ASCII): a
   * superset of those the case-insensitive assertion `*needle*` matches, which the caller still
   * applies. Under Unicode case folding only the letters' two cases, K (Kelvin sign) and ſ (long s)
   * fold to ASCII letters, so lower-casing the uid and writing ſ as s keeps every match.
   */
  private uidsContaining(needle: string): LdapRow[] {
    const { version } = this.table;
    if (!this.folded || this.folded.version !== version) {
      const rows = this.table.toArray();
      this.folded = { version, rows, uids: rows.map((r) => r.uid.toLowerCase().replace(/ſ/g, 's')) };
    }
    const { rows, uids } = this.folded;
    const out: LdapRow[] = [];
    for (let i = 0; i < uids.length; i++) if (uids[i].includes(needle)) out.push(rows[i]);
    return out;
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
