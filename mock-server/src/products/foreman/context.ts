import type { Context } from 'hono';
import type { ProductEnv } from '../product.js';
import type { ForemanAuth } from './auth.js';
import type { ForemanModel, TaxonomyRow, TaxonomyType, UserRow } from './model.js';
import type { Action } from './routes.js';
import { isHash, plainDigits, type ParamHash, type ParamValue } from './params.js';

/** Everything a controller action gets: the request, its merged parameters, and who is calling. */
export interface Req {
  readonly c: Context;
  readonly env: ProductEnv;
  readonly model: ForemanModel;
  readonly auth: ForemanAuth;
  /** GET, POST, PUT, PATCH or DELETE (HEAD is served as GET). */
  readonly method: string;
  /** The controller action the route maps to. */
  readonly action: Action;
  readonly params: ParamHash;
  readonly now: number;
  readonly caller: UserRow;
  /** Admin by own flag or through a user group. */
  readonly admin: boolean;
  readonly permissions: ReadonlySet<string>;
  /** The taxonomy context (`location_id` / `organization_id`), null for "any". */
  readonly location: TaxonomyRow | null;
  readonly organization: TaxonomyRow | null;
}

export function can(req: Req, permission: string): boolean {
  return req.admin || req.permissions.has(permission);
}

/** A parameter as text (what Ruby's `to_s` gives for the scalars a client can send). */
export function paramText(v: ParamValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Foreman's `String#integer?`: the text is exactly an integer's `to_s`. */
export function integerText(s: string): boolean {
  if (plainDigits(s)) return s.length === 1 || s.charCodeAt(0) !== 48;
  return /^-?\d+$/.test(s) && String(Number(s)) === s;
}

/**
 * `scope_by_resource_id`: a text id may be a friendly name (`friendly`), an integer, or `<id>-<name>`;
 * numbers are ids.
 */
export function findByResourceId<T extends { id: number }>(
  candidates: Iterable<T>,
  id: ParamValue | undefined,
  friendly?: (row: T) => string,
): T | undefined {
  if (id === undefined || id === null || id === '' || isHash(id) || Array.isArray(id)) return undefined;
  const rows = Array.isArray(candidates) ? (candidates as T[]) : [...candidates];
  if (typeof id === 'string') {
    if (friendly) {
      const byName = rows.find((r) => friendly(r) === id);
      if (byName) return byName;
    }
    if (!integerText(id) && !/^\d+-/.test(id)) return undefined;
    const n = parseInt(id, 10);
    return rows.find((r) => r.id === n);
  }
  if (typeof id === 'number') return Number.isInteger(id) ? rows.find((r) => r.id === id) : undefined;
  return undefined;
}

/** The taxonomies a user may pick as context: all for admins, else their own and their descendants. */
export function availableTaxonomies(model: ForemanModel, user: UserRow, admin: boolean, type: TaxonomyType): TaxonomyRow[] {
  const all = model.taxonomiesOfType(type);
  if (admin) return all;
  const own = type === 'Location' ? user.locs ?? [] : user.orgs ?? [];
  const ids = new Set<number>();
  for (const id of own) for (const d of model.subtreeIds(id)) ids.add(d);
  return all.filter((t) => ids.has(t.id));
}
