import type { Call, Caller } from './call.js';
import { success } from './envelope.js';
import { ERROR, internalError, missingParameter, missingRole, piError } from './errors.js';
import { truthy, type Params } from './params.js';
import type { ParamValue, Resolver } from './resolver.js';
import { userListQuery } from './user-list-query.js';

/** Python's `str()` of a login sent with another JSON type; "" where it resolves to nobody. */
function loginText(value: ParamValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return '';
}

/**
 * A normal user's requests are bound to himself: `user` and `realm` become his, and `resolver` (unless
 * he named one) the resolver his login is found in, or "" if it is gone.
 */
function boundParams(call: Call, caller: Caller): Params {
  if (caller.role !== 'user') return call.params;
  const bound = new Map(call.params);
  bound.set('user', caller.username);
  bound.set('realm', caller.realm);
  const named = bound.get('resolver');
  if (!truthy(named) || named === '**') bound.set('resolver', call.dir.locate(caller.username, caller.realm.toLowerCase())?.resolver.name ?? '');
  return bound;
}

function requireAdmin(caller: Caller): void {
  // checked by the view, after the request's audit entry exists: detail is {}
  if (caller.role !== 'admin') throw missingRole(['admin'], {});
}

/**
 * GET /user/ — `get_user_list` over the resolvers chosen by `resolver`/`realm` (or all realms').
 * Synchronous (failures are thrown): the busiest route keeps the HTTP adapter's fast path. An
 * administrator's parameters are used as sent, so their reading is looked up (see UserListQueries).
 */
export function listUsers(call: Call, caller: Caller): Response {
  const params = boundParams(call, caller);
  const query = params === call.params ? call.dir.listQueries.of(params) : userListQuery(params, call.dir);
  return call.dir.userList(query, call.reply);
}

/**
 * `_get_attributes_from_param`: the resolver is required first (an unknown one fails with a 500, as the
 * code dereferences it), then the user; the login goes in as `username`, followed by every mapped
 * attribute with a truthy value (so a `username` parameter overrides `user`).
 */
function attributesFromParams(call: Call, params: Params): { resolver: Resolver; attributes: Map<string, ParamValue> } {
  if (!params.has('resolver')) throw missingParameter('resolver');
  const resolver = call.dir.resolver(params.get('resolver'));
  if (!resolver) throw internalError();
  if (!params.has('user')) throw missingParameter('user');
  const attributes = new Map<string, ParamValue>([['username', params.get('user') ?? null]]);
  for (const key of resolver.mapKeys) {
    const v = params.get(key);
    if (truthy(v)) attributes.set(key, v);
  }
  return { resolver, attributes };
}

/** POST /user — admins only; answers the new user's id as the store assigns it. */
export async function createUser(call: Call, caller: Caller): Promise<Response> {
  requireAdmin(caller);
  const { resolver, attributes } = attributesFromParams(call, call.params);
  const write = await resolver.prepareAdd(attributes);
  const uid = write.apply();
  await call.env.db.commit();
  return success(call.reply, uid);
}

/**
 * PUT /user — by login, or by `userid` (then `user` is the new login: a rename). Answers true, or
 * false when the store matched or changed nothing.
 */
export async function updateUser(call: Call, caller: Caller): Promise<Response> {
  const params = boundParams(call, caller);
  const { resolver, attributes } = attributesFromParams(call, params);
  const userid = params.get('userid') ?? null;
  const uid = userid !== null ? (truthy(userid) ? loginText(userid) : '') : resolver.userId(loginText(params.get('user')));
  if (!uid) return success(call.reply, false);
  const write = await resolver.prepareUpdate(uid, attributes);
  const updated = write.apply();
  await call.env.db.commit();
  return success(call.reply, updated);
}

/** DELETE /user/<resolvername>/<username> — admins only. */
export async function deleteUser(call: Call, caller: Caller): Promise<Response> {
  const resolverName = String(call.params.get('resolvername'));
  const login = String(call.params.get('username'));
  const resolver = call.dir.resolver(resolverName);
  // the user object is built before the view's admin check, but only for an administrator's request
  if (caller.role === 'admin' && !resolver) throw piError(ERROR.USER, `The resolver '${resolverName}' does not exist!`);
  requireAdmin(caller);
  const deleted = resolver!.delete(resolver!.userId(login));
  await call.env.db.commit();
  return success(call.reply, deleted);
}
