import { truthy } from './params.js';
import { pyDumps, pyString } from './pyjson.js';
import type { LdapRow, SqlRow } from './resolver.js';
import { LDAP_RESOLVER, SQL_RESOLVER } from './setup.js';

/**
 * User objects of `GET /user/` as JSON text, written straight from a row: the bytes `pyDumps` writes
 * for the object the resolvers' `render` builds plus `resolver` and `editable` (every attribute asked
 * for, the usual case), without building the object or sorting its keys. The keys below are in sorted
 * order; the tests compare these with `pyDumps` of the generic rendering. The text is ASCII (`pyDumps`
 * escapes everything else) and flat (joined, not concatenated: a cached text is one string, not a
 * tree of twenty).
 */

/** A value as `pyDumps` writes it (rows hold strings and integer ids; anything else takes the generic path). */
function val(v: unknown): string {
  if (typeof v === 'string') return pyString(v);
  return typeof v === 'number' && Number.isInteger(v) ? String(v) : pyDumps(v);
}

const SQL_RESOLVER_JSON = pyString(SQL_RESOLVER);
const LDAP_RESOLVER_JSON = pyString(LDAP_RESOLVER);

/** A SQL user: `id`, `userid`, every mapped column that is set (truthy), no password. */
export function sqlUserJson(row: SqlRow): string {
  const p: string[] = ['{'];
  if (truthy(row.description)) p.push('"description": ', val(row.description), ', ');
  p.push('"editable": true, ');
  if (truthy(row.email)) p.push('"email": ', val(row.email), ', ');
  if (truthy(row.givenname)) p.push('"givenname": ', val(row.givenname), ', ');
  p.push('"id": ', val(row.id), ', ');
  if (truthy(row.mobile)) p.push('"mobile": ', val(row.mobile), ', ');
  if (truthy(row.phone)) p.push('"phone": ', val(row.phone), ', ');
  p.push('"resolver": ', SQL_RESOLVER_JSON, ', ');
  if (truthy(row.surname)) p.push('"surname": ', val(row.surname), ', ');
  p.push('"userid": ', pyString(String(row.id)));
  if (truthy(row.username)) p.push(', "username": ', val(row.username));
  p.push('}');
  return p.join('');
}

/** An LDAP user: every mapped attribute ("" when the entry lacks it) and the entryUUID as `userid`. */
export function ldapUserJson(row: LdapRow): string {
  return [
    '{"editable": false, "email": ', val(row.mail ?? ''),
    ', "givenname": ', val(row.givenName ?? ''),
    ', "mobile": ', val(row.mobile ?? ''),
    ', "phone": ', val(row.telephoneNumber ?? ''),
    ', "resolver": ', LDAP_RESOLVER_JSON,
    ', "surname": ', val(row.sn ?? ''),
    ', "userid": ', val(row.id),
    ', "username": ', val(row.uid ?? ''),
    '}',
  ].join('');
}

/**
 * Rendered rows by identity — rows are immutable: an update puts a new object — for a bounded number
 * of rows: caching all 100,000 would cost tens of megabytes. Two generations: when the young one is
 * full it becomes the old one (and the old one is dropped); a row found in the old generation moves
 * back to the young one. (Evicting one entry at a time from the front of a Map costs a scan over its
 * deleted slots.)
 */
export class RowJsonCache<R extends object> {
  private young = new Map<R, string>();
  private old = new Map<R, string>();

  constructor(
    private readonly render: (row: R) => string,
    /** Rows kept: at most this many, at least half. */
    private readonly max: number,
  ) {}

  private get(row: R): string {
    let json = this.young.get(row);
    if (json !== undefined) return json;
    json = this.old.get(row) ?? this.render(row);
    if (this.young.size >= this.max / 2) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(row, json);
    return json;
  }

  /**
   * `rows` rendered. A list longer than `LISTED_THROUGH_CACHE` goes around the cache: a search of
   * hundreds of rows is answered whole from the reply cache when it comes again, so its rows would only
   * push out the others, and, kept until then, be copied into the old generation of the heap and made
   * work for its full collections (distinct searches answered a quarter slower).
   */
  list(rows: readonly R[]): string[] {
    return rows.length > LISTED_THROUGH_CACHE ? rows.map((row) => this.render(row)) : rows.map((row) => this.get(row));
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
  }
}

/** Lists of at most this many rows are rendered through a `RowJsonCache`. */
export const LISTED_THROUGH_CACHE = 50;
