import { associationNotFound, halt, internalError } from './errors.js';
import type { ForemanModel } from './model.js';
import { castInteger, isHash, isScalar, rubyInspect, type ParamHash, type ParamValue } from './params.js';

/**
 * What Foreman does to a resource's parameter hash before the model sees it: `setup_has_many_params`
 * (`roles: [{id: 1}]` → `role_ids: [1]`), strong parameters (unknown keys, and values of the wrong
 * shape, are dropped silently), and the association writers (`*_ids=`, `*_names=`), whose failures
 * become 404, 422 or 500 answers exactly where Rails raises them.
 */

/** Associations whose `<singular>_ids` writer exists on the model (what `append_array_of_ids` looks for). */
export function expandHasMany(hash: ParamHash, associations: ReadonlySet<string>): ParamHash {
  const out: ParamHash = new Map(hash);
  for (const [key, value] of hash) {
    if (!Array.isArray(value) || !associations.has(key)) continue;
    // Ruby's `any?`: some element other than nil/false
    if (!value.some((v) => v !== null && v !== false)) continue;
    // `a.key?("id")` on something that is not a hash: NoMethodError
    if (!value.every((v) => isHash(v))) halt(internalError());
    const singular = key.replace(/s$/, '');
    const rows = value as ParamHash[];
    if (rows.every((r) => r.has('id'))) {
      out.set(`${singular}_ids`, rows.map((r) => r.get('id')!));
      out.delete(key);
    } else if (rows.every((r) => r.has('name'))) {
      out.set(`${singular}_names`, rows.map((r) => r.get('name')!));
      out.delete(key);
    }
  }
  return out;
}

export type Permit = 'scalar' | 'array';

/** Strong parameters: keeps the permitted keys whose values have the permitted shape, in order. */
export function permit(hash: ParamHash, allowed: ReadonlyMap<string, Permit>): ParamHash {
  const out: ParamHash = new Map();
  for (const [key, value] of hash) {
    const kind = allowed.get(key);
    if (kind === 'scalar' && isScalar(value)) out.set(key, value);
    else if (kind === 'array' && Array.isArray(value) && value.every(isScalar)) out.set(key, value);
  }
  return out;
}

/** The hash under `key`, or an empty one (a missing or non-hash value permits nothing). */
export function resourceHash(params: ParamHash, key: string): ParamHash {
  const v = params.get(key);
  return isHash(v) ? v : new Map();
}

/** Rails' `compact_blank` on an ids list, then the integer cast of each id. */
function castIds(values: readonly ParamValue[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    if (v === null || v === false || (typeof v === 'string' && v.trim() === '')) continue;
    const n = castInteger(v as string | number | boolean);
    if (n !== null) out.push(n);
  }
  return out;
}

export type NotFoundHandler = (message: string, model: string) => never;

/** The default: `rescue_from RecordNotFound` for a model other than the controller's → 422. */
export const notFoundAs422: NotFoundHandler = (message) => halt(associationNotFound(message));

/**
 * The `<association>_ids=` writer: every id must exist, else ActiveRecord's RecordNotFound message.
 * Returns the ids, without duplicates, in the order given.
 */
export function resolveIds(
  values: readonly ParamValue[],
  modelName: string,
  exists: (id: number) => boolean,
  onMissing: NotFoundHandler = notFoundAs422,
): number[] {
  const ids = castIds(values);
  const found = ids.filter(exists);
  if (found.length !== ids.length) {
    const missing = ids.filter((id) => !exists(id));
    if (ids.length === 1) onMissing(`Couldn't find ${modelName} with 'id'=[${ids[0]}]`, modelName);
    const plural = `${modelName}s`;
    const names = missing.length === 1 ? modelName : plural;
    onMissing(
      `Couldn't find all ${plural} with 'id': (${ids.join(', ')}) (found ${found.length} results, but was looking for ${ids.length}). ` +
        `Couldn't find ${names} with ${missing.length === 1 ? 'id' : 'ids'} ${missing.join(', ')}.`,
      modelName,
    );
  }
  return [...new Set(ids)];
}

/** The `<association>_names=` writer: `find_by_<attribute>(name).id` — an unknown name is a NoMethodError. */
export function resolveNames<T extends { id: number }>(values: readonly ParamValue[], find: (name: string) => T | undefined): number[] {
  const ids: number[] = [];
  for (const v of values) {
    const row = typeof v === 'string' ? find(v) : v === null ? undefined : find(String(v));
    if (!row) halt(internalError());
    ids.push(row.id);
  }
  return [...new Set(ids)];
}

/** `<model>.<association> = "text"`: ActiveRecord's type mismatch, raised as a 500. */
export function associationTypeMismatch(expected: string, value: ParamValue): never {
  const shown = typeof value === 'string' ? rubyInspect(value) : value === null ? 'nil' : String(value);
  const cls =
    typeof value === 'string' ? 'String'
    : typeof value === 'number' ? (Number.isInteger(value) ? 'Integer' : 'Float')
    : value === null ? 'NilClass'
    : value === true ? 'TrueClass'
    : 'FalseClass';
  halt(internalError(`${expected}(#2120) expected, got ${shown} which is an instance of ${cls}(#1960)`));
}

/** Case-sensitive lookup by an attribute (`find_by_name`, `find_by_title`). */
export function findBy<T>(rows: Iterable<T>, attribute: (row: T) => string, value: string): T | undefined {
  for (const r of rows) if (attribute(r) === value) return r;
  return undefined;
}

export function modelExists(model: ForemanModel, kind: 'Role' | 'Location' | 'Organization' | 'User' | 'Usergroup'): (id: number) => boolean {
  switch (kind) {
    case 'Role':
      return (id) => model.roles.has(id);
    case 'User':
      return (id) => model.users.has(id);
    case 'Usergroup':
      return (id) => model.usergroups.has(id);
    default:
      return (id) => model.taxonomies.get(id)?.type === kind;
  }
}
