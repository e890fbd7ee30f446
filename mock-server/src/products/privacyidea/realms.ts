import type { Call } from './call.js';
import { success } from './envelope.js';
import { truthy } from './params.js';
import type { Resolver } from './resolver.js';
import { SUPERUSER_REALMS, type RealmDef } from './setup.js';

/** privacyIDEA's `is_true`. */
function isTrue(v: unknown): boolean {
  return v === 1 || v === '1' || v === true || v === 'True' || v === 'true' || v === 'TRUE';
}

function realmView(call: Call, realm: RealmDef): Record<string, unknown> {
  return {
    id: realm.id,
    default: realm.default,
    resolver: realm.resolvers.map((r) => ({
      name: r.name,
      type: call.dir.resolver(r.name)?.type,
      priority: r.priority,
      node: '',
    })),
  };
}

function realmsView(call: Call, realms: readonly RealmDef[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const realm of realms) out[realm.name] = realmView(call, realm);
  return out;
}

/** GET /realm/ — every realm with its default flag and resolvers. */
export async function listRealms(call: Call): Promise<Response> {
  return success(call.reply, realmsView(call, call.dir.realms()));
}

/** GET /realm/superuser — the realms whose users log in as administrators. */
export async function superuserRealms(call: Call): Promise<Response> {
  return success(call.reply, [...SUPERUSER_REALMS]);
}

/** GET /defaultrealm — the default realm in the GET /realm/ shape, or {}. */
export async function defaultRealm(call: Call): Promise<Response> {
  const def = call.dir.defaultRealm();
  return success(call.reply, def ? realmsView(call, [def]) : {});
}

function resolverView(resolver: Resolver): Record<string, unknown> {
  return { resolvername: resolver.name, type: resolver.type, censor_keys: [...resolver.censorKeys], data: { ...resolver.config } };
}

/**
 * GET /resolver/ and GET /resolver/<name> (name compared case-insensitively; unknown gives {}), with
 * `type` (exact) and `editable` (is_true of the resolver's Editable/EDITABLE setting) filters.
 */
export async function listResolvers(call: Call, name?: string): Promise<Response> {
  const type = call.params.get('type');
  const editableParam = call.params.get('editable') ?? null;
  const editable = editableParam === null ? undefined : isTrue(editableParam);
  const out: Record<string, unknown> = {};
  for (const resolver of call.dir.all) {
    if (truthy(type) && resolver.type !== type) continue;
    if (name && resolver.name.toLowerCase() !== name.toLowerCase()) continue;
    const flag = isTrue(resolver.config.Editable) || isTrue(resolver.config.EDITABLE);
    if (editable !== undefined && flag !== editable) continue;
    out[resolver.name] = resolverView(resolver);
  }
  return success(call.reply, out);
}
