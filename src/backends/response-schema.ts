import * as v from 'valibot';
import { BackendError } from './backend-error';

/**
 * Validates a product's answer once, at the edge: what a backend maps is known to have the shape it
 * expects, and an unexpected answer becomes a clear error instead of `undefined` further in.
 */
export function parseResponse<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const r = v.safeParse(schema, value);
  if (r.success) return r.output;
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  throw new BackendError('protocol', `Unexpected answer for ${what}${path ? ` at ${path}` : ''}: ${issue.message}`);
}

/** Common pieces of product schemas. */
export const nullableString = v.optional(v.nullable(v.string()), null);
export const id = v.union([v.number(), v.string()]);
