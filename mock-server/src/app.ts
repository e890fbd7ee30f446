import { Hono } from 'hono';
import type { MockConfig } from './config.js';
import { controlApi } from './control/control-api.js';
import { FaultInjector, injectFaults } from './control/faults.js';
import { Journal, journalRequests } from './control/journal.js';
import type { Clock, ProductModule } from './products/product.js';
import type { Store } from './store.js';

export interface AppDeps {
  store: Store;
  config: MockConfig;
  products: readonly ProductModule[];
  clock?: Clock;
  journal?: Journal;
  faults?: FaultInjector;
}

export interface MockApp {
  app: Hono;
  journal: Journal;
  faults: FaultInjector;
}

/** The mock server: the five product emulations under their prefixes, and `/_mock` beside them. */
export function createApp(deps: AppDeps): MockApp {
  const journal = deps.journal ?? new Journal(deps.config.journalSize);
  const faults = deps.faults ?? new FaultInjector(deps.config.seed);
  const clock = deps.clock ?? (() => new Date());
  const app = new Hono();

  const productOf = (path: string): string | null | undefined => {
    if (path.startsWith('/_mock/') || path === '/_mock') return undefined;
    return deps.products.find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`))?.id ?? null;
  };
  app.use('*', journalRequests(journal, productOf));
  app.use('*', injectFaults(faults, deps.products));

  app.route('/_mock', controlApi({ store: deps.store, config: deps.config, products: deps.products, journal, faults }));
  for (const product of deps.products) {
    app.route(product.prefix, product.app({ db: deps.store.db(product.id), config: deps.config, clock }));
  }

  app.notFound((c) =>
    c.json(
      {
        error: `Not found: ${c.req.path}. Products are served under ${deps.products.map((p) => p.apiBase).join(', ')}; the control API under /_mock.`,
      },
      404,
    ),
  );
  app.onError((err, c) => c.json({ error: `Internal error: ${err.message}` }, 500));
  return { app, journal, faults };
}
