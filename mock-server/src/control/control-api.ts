import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { MockConfig } from '../config.js';
import type { ProductModule } from '../products/product.js';
import type { Store } from '../store.js';
import { FaultSpecSchema, type FaultInjector } from './faults.js';
import type { Journal } from './journal.js';

export interface ControlDeps {
  store: Store;
  config: MockConfig;
  products: readonly ProductModule[];
  journal: Journal;
  faults: FaultInjector;
}

const ResetSchema = v.strictObject({
  seed: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 32 - 1))),
  users: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))),
});

function problem(c: Context, status: 400 | 404 | 413, error: string): Response {
  return c.json({ error }, status);
}

/** Reads an optional JSON object body; `{}` when there is none. */
async function jsonBody(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const text = await c.req.text();
  if (!text.trim()) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: `body is not valid JSON: ${(e as Error).message}` };
  }
}

/** `/_mock/…`: the mock server's own API (health, reset, request journal, faults). */
export function controlApi(deps: ControlDeps): Hono {
  const app = new Hono();

  app.get('/health', (c) => c.json({ status: 'ok', products: deps.products.map((p) => p.id) }));

  app.get('/stats', (c) =>
    c.json({
      seed: deps.store.currentSeed,
      products: Object.fromEntries(deps.products.map((p) => [p.id, deps.store.db(p.id).sizes()])),
    }),
  );

  app.post('/reset', async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return problem(c, 400, body.error);
    const query = Object.fromEntries(
      ['seed', 'users'].filter((k) => c.req.query(k) !== undefined).map((k) => [k, Number(c.req.query(k))]),
    );
    const parsed = v.safeParse(ResetSchema, { ...query, ...(body.value as object) });
    if (!parsed.success) return problem(c, 400, v.summarize(parsed.issues).replace(/\n/g, '; '));
    const current = deps.store.currentSeed;
    const source = { seed: parsed.output.seed ?? current.seed, users: parsed.output.users ?? current.users };
    await deps.store.reset(source);
    return c.json({ status: 'ok', ...source });
  });

  app.get('/requests', (c) => {
    const raw = c.req.query('limit');
    const limit = raw === undefined ? 100 : Number(raw);
    if (!Number.isInteger(limit) || limit < 1) return problem(c, 400, 'limit must be a positive integer');
    return c.json({ requests: deps.journal.latest(limit) });
  });

  app.delete('/requests', (c) => {
    deps.journal.clear();
    return c.body(null, 204);
  });

  app.get('/faults', (c) => c.json({ faults: deps.faults.list() }));

  app.post('/faults', async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return problem(c, 400, body.error);
    const parsed = v.safeParse(FaultSpecSchema, body.value);
    if (!parsed.success) return problem(c, 400, v.summarize(parsed.issues).replace(/\n/g, '; '));
    return c.json({ fault: deps.faults.add(parsed.output) }, 201);
  });

  app.delete('/faults', (c) => {
    deps.faults.clear();
    return c.body(null, 204);
  });

  app.delete('/faults/:id', (c) =>
    deps.faults.remove(Number(c.req.param('id'))) ? c.body(null, 204) : problem(c, 404, `no fault with id ${c.req.param('id')}`),
  );

  app.all('*', (c) => problem(c, 404, `no control endpoint ${c.req.method} ${c.req.path}`));
  return app;
}
