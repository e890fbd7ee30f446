import type { Directory } from './directory.js';
import { internalError } from './errors.js';
import { truthy, type Params } from './params.js';
import type { ParamValue, Resolver } from './resolver.js';

/** privacyIDEA-managed attributes that `attributes=` may name besides the store's own. */
const PI_ATTRIBUTES = new Set(['resolver', 'editable']);
/** Parameters that choose where to search rather than what to match. */
const SCOPE_KEYS = new Set(['realm', 'resolver', 'user', 'username']);

/** What `GET /user/` asks for: where to search, what to match, what to show. */
export interface UserListQuery {
  /** In the order their users are listed. */
  readonly resolvers: readonly Resolver[];
  readonly filters: ReadonlyArray<[string, ParamValue]>;
  /** The store attributes asked for by `attributes=`; undefined when it was not given. */
  readonly attributes: readonly string[] | undefined;
  readonly withResolver: boolean;
  readonly withEditable: boolean;
  /** The reply cache's key for it; "" when its answer is not kept (a filter value that is not a string). */
  readonly key: string;
}

/** A value Python can put in a set or look up in a dict (lists and dicts cannot). */
function hashable(v: ParamValue): boolean {
  return v === null || typeof v !== 'object';
}

/**
 * `get_user_list`'s reading of its parameters: the resolvers chosen by `resolver`/`realm` (or all
 * realms'), the login filter first (default `*`; `user` wins over `username`), then every other
 * parameter that is not a scope key, `attributes` (when given) or `include_custom_attributes`, in
 * order. Fails as privacyIDEA does (a 500) for an `attributes` that is not text and for a resolver or
 * realm that is a list or an object.
 */
export function userListQuery(params: Params, dir: Directory): UserListQuery {
  let requested: string[] | undefined;
  const attributes = params.get('attributes');
  if (truthy(attributes)) {
    if (typeof attributes !== 'string') throw internalError();
    requested = attributes.split(',').map((a) => a.trim());
  }

  const filters: Array<[string, ParamValue]> = [['username', params.has('user') ? params.get('user') : params.has('username') ? params.get('username') : '*']];
  for (const [k, v] of params) {
    if (SCOPE_KEYS.has(k) || k === 'include_custom_attributes' || (k === 'attributes' && requested)) continue;
    filters.push([k, v]);
  }

  const resolverParam = params.get('resolver');
  const realmParam = params.get('realm');
  if (!hashable(resolverParam) || !hashable(realmParam)) throw internalError();
  const byResolver = truthy(resolverParam);
  const byRealm = truthy(realmParam);
  const names = new Set<ParamValue>();
  if (byResolver) names.add(resolverParam);
  if (byRealm) for (const r of dir.realm(realmParam)?.resolvers ?? []) names.add(r.name);
  if (!byResolver && !byRealm) {
    for (const realm of dir.realms()) for (const r of realm.resolvers) names.add(r.name);
  }

  const piWanted = requested?.filter((a) => PI_ATTRIBUTES.has(a)) ?? [];
  const resolvers = dir.all.filter((r) => names.has(r.name));
  const storeWanted = requested?.filter((a) => !PI_ATTRIBUTES.has(a));
  const withResolver = !requested || piWanted.includes('resolver');
  const withEditable = !requested || piWanted.includes('editable');
  const cacheable = filters.every(([, v]) => typeof v === 'string');
  const key = cacheable ? JSON.stringify([resolvers.map((r) => r.name), filters, storeWanted ?? null, withResolver, withEditable]) : '';
  return { resolvers, filters, attributes: storeWanted, withResolver, withEditable, key };
}

/**
 * Queries by the parameters they were read from. The parameters of a request without a body are
 * shared by every request with the same query string (see `ParamsByQuery`), so a repeated read skips
 * this step as well; the map holds them only while they are in use.
 */
export class UserListQueries {
  private readonly known = new WeakMap<Params, UserListQuery>();

  constructor(private readonly dir: Directory) {}

  of(params: Params): UserListQuery {
    let query = this.known.get(params);
    if (query === undefined) {
      query = userListQuery(params, this.dir);
      this.known.set(params, query);
    }
    return query;
  }
}
