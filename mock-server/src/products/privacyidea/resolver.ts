import type { Row } from '../../store/table.js';

/**
 * A user store as privacyIDEA's resolver classes see it. Both implementations keep privacyIDEA's own
 * semantics: lookups return "" for "no such user", writes report success as a boolean, and the
 * resolver, not privacyIDEA, decides whether a write is possible.
 */
export type UserInfo = Record<string, unknown>;

/** A parameter value as it arrived (query/form strings, or any JSON type). */
export type ParamValue = unknown;

/** A write prepared outside the commit: `apply` validates against the current rows and mutates synchronously. */
export interface PreparedWrite<T> {
  apply(): T;
}

export interface Resolver {
  readonly name: string;
  readonly type: 'sqlresolver' | 'ldapresolver';
  /** The resolver's configured `Editable`/`EDITABLE` flag (informational: privacyIDEA never enforces it). */
  readonly editable: boolean;
  /** Attribute names of the resolver's map, in its order: what can be searched, returned and written. */
  readonly mapKeys: readonly string[];
  /** Configuration keys whose values are secrets (shown censored). */
  readonly censorKeys: readonly string[];
  readonly config: Readonly<Record<string, string>>;

  /**
   * `getUserList`: users matching every filter (AND), at most the size limit, each as the resolver
   * renders it. `attributes` narrows the returned attributes. Null when a filter key is not in the map
   * (privacyIDEA then skips this resolver). Throws for a filter value that is not a string.
   */
  search(filters: ReadonlyArray<[string, ParamValue]>, attributes: readonly string[] | undefined): UserInfo[] | null;
  /**
   * `search`, each user as its JSON text (`pyDumps` of the rendered object, with `resolver` and
   * `editable` added as asked: ASCII), with the same null and error behaviour.
   */
  searchJson(
    filters: ReadonlyArray<[string, ParamValue]>,
    attributes: readonly string[] | undefined,
    withResolver: boolean,
    withEditable: boolean,
  ): string[] | null;
  /** `getUserId`: the id of the one user with this login, or "". */
  userId(login: string): string;
  /** `getUsername`: the login of the user with this id, or "". */
  username(uid: string): string;
  checkPass(uid: string, password: string): Promise<boolean>;
  /** `add_user`. Throws a PiError where the store refuses (privacyIDEA does not catch those). */
  prepareAdd(attributes: ReadonlyMap<string, ParamValue>): Promise<PreparedWrite<number | string>>;
  /** `update_user`: false when the store refused or matched nothing. */
  prepareUpdate(uid: string, attributes: ReadonlyMap<string, ParamValue>): Promise<PreparedWrite<boolean>>;
  /** `delete_user`. */
  delete(uid: string): boolean;
}

/** Rows may hold this marker instead of a hash: "the seed's shared password hash" (kept in meta). */
export type StoredPassword = string | 1;

export interface SqlRow extends Row {
  readonly id: number;
  readonly username?: string;
  readonly email?: string;
  readonly surname?: string;
  readonly givenname?: string;
  readonly phone?: string;
  readonly mobile?: string;
  readonly description?: string;
  readonly password?: StoredPassword;
}

/** An LDAP entry; `id` is its entryUUID. */
export interface LdapRow extends Row {
  readonly id: string;
  readonly uid: string;
  readonly givenName?: string;
  readonly sn?: string;
  readonly mail?: string;
  readonly telephoneNumber?: string;
  readonly mobile?: string;
  readonly userPassword?: StoredPassword;
}
