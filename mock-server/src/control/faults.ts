import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { PRODUCT_IDS, type ProductId } from '../config.js';
import type { ProductModule } from '../products/product.js';
import { Random } from '../seed/random.js';

/**
 * Latency and failures on demand, for testing clients: set at start-up (`--fault`, `--latency`) or at
 * run time through `/_mock/faults`. A fault applies to one product (or all) and, optionally, one method
 * and a path pattern; it can delay, answer with the product's own error for a status, drop the
 * connection, or answer as for an expired session/token — always, on every Nth matching request, or on
 * a percentage of them, and optionally only a number of times.
 */
export const FaultSpecSchema = v.pipe(
  v.strictObject({
    product: v.optional(v.picklist([...PRODUCT_IDS, '*'] as const), '*'),
    method: v.optional(v.pipe(v.string(), v.toUpperCase(), v.regex(/^[A-Z]+$/, 'method must be an HTTP method'))),
    path: v.optional(v.pipe(v.string(), v.startsWith('/', 'path must start with /'))),
    latencyMs: v.optional(
      v.union([
        v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(600_000)),
        v.pipe(v.tuple([v.pipe(v.number(), v.integer(), v.minValue(0)), v.pipe(v.number(), v.integer(), v.maxValue(600_000))]), v.check(([a, b]) => a <= b, 'latency range must be [min, max]')),
      ]),
    ),
    status: v.optional(v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599))),
    retryAfter: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    drop: v.optional(v.boolean()),
    expire: v.optional(v.boolean()),
    every: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    percent: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(100))),
    times: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  }),
  v.check(
    (f) => [f.status !== undefined, f.drop === true, f.expire === true].filter(Boolean).length <= 1,
    'a fault has at most one effect: status, drop or expire',
  ),
  v.check(
    (f) => f.latencyMs !== undefined || f.status !== undefined || f.drop === true || f.expire === true,
    'a fault needs latencyMs, status, drop or expire',
  ),
  v.check((f) => !(f.every !== undefined && f.percent !== undefined), 'use every or percent, not both'),
);

export type FaultSpec = v.InferOutput<typeof FaultSpecSchema>;

export interface Fault extends FaultSpec {
  id: number;
  /** Matching requests seen so far. */
  matched: number;
  /** Times the fault was applied. */
  applied: number;
}

/** Parses `--fault` text: JSON, or `key=value,key=value` (e.g. `product=foreman,status=503,every=3`). */
export function parseFaultText(text: string): FaultSpec {
  const raw: Record<string, unknown> = {};
  if (text.trim().startsWith('{')) Object.assign(raw, JSON.parse(text));
  else
    for (const part of text.split(',')) {
      const [k, ...rest] = part.split('=');
      const key = k.trim().replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());
      const value = rest.join('=').trim();
      if (!key) continue;
      if (key === 'latencyMs' && value.includes('-')) raw[key] = value.split('-').map(Number);
      else if (value === 'true' || value === 'false') raw[key] = value === 'true';
      else if (value !== '' && !Number.isNaN(Number(value)) && !['product', 'method', 'path'].includes(key)) raw[key] = Number(value);
      else raw[key] = value === '' && (key === 'drop' || key === 'expire') ? true : value;
    }
  const parsed = v.safeParse(FaultSpecSchema, raw);
  if (!parsed.success) throw new Error(v.summarize(parsed.issues).replace(/\n/g, '; '));
  return parsed.output;
}

/** `*` matches any run of characters; everything else is literal. */
function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

export class FaultInjector {
  private faults: Array<Fault & { pattern?: RegExp }> = [];
  private nextId = 1;
  private readonly rng: Random;

  constructor(seed = 1) {
    this.rng = new Random(seed);
  }

  add(spec: FaultSpec): Fault {
    const fault = { ...spec, id: this.nextId++, matched: 0, applied: 0, pattern: spec.path ? globToRegExp(spec.path) : undefined };
    this.faults.push(fault);
    return this.view(fault);
  }

  list(): Fault[] {
    return this.faults.map((f) => this.view(f));
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  get active(): boolean {
    return this.faults.length > 0;
  }

  /** The faults to apply to this request (counting it against each matching fault). */
  select(product: ProductId, method: string, path: string): FaultSpec[] {
    const chosen: FaultSpec[] = [];
    for (const f of this.faults) {
      if (f.product !== '*' && f.product !== product) continue;
      if (f.method && f.method !== method) continue;
      if (f.pattern && !f.pattern.test(path)) continue;
      if (f.times !== undefined && f.applied >= f.times) continue;
      f.matched++;
      if (f.every !== undefined && f.matched % f.every !== 0) continue;
      if (f.percent !== undefined && this.rng.next() * 100 >= f.percent) continue;
      f.applied++;
      chosen.push(f);
    }
    return chosen;
  }

  private view(f: Fault & { pattern?: RegExp }): Fault {
    const { pattern: _pattern, ...rest } = f;
    return rest;
  }
}

/** Applies faults to requests under the products' prefixes. */
export function injectFaults(faults: FaultInjector, products: readonly ProductModule[]): MiddlewareHandler {
  return async (c: Context, next) => {
    if (!faults.active) return next();
    const path = c.req.path;
    const product = products.find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`));
    if (!product) return next();
    const selected = faults.select(product.id, c.req.method, path.slice(product.prefix.length) || '/');
    if (!selected.length) return next();
    for (const f of selected) {
      if (f.latencyMs === undefined) continue;
      const ms = Array.isArray(f.latencyMs) ? f.latencyMs[0] + Math.floor(Math.random() * (f.latencyMs[1] - f.latencyMs[0] + 1)) : f.latencyMs;
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    const effect = selected.find((f) => f.status !== undefined || f.drop || f.expire);
    if (!effect) return next();
    if (effect.drop) {
      const incoming = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming;
      incoming?.socket?.destroy();
      return new Response(null, { status: 599 });
    }
    const res = effect.expire ? product.expiredResponse(c) : product.errorResponse(c, effect.status!);
    if (effect.retryAfter !== undefined) res.headers.set('Retry-After', String(effect.retryAfter));
    return res;
  };
}
