import { Hono } from 'hono';
import type { MockConfig } from './config.js';
import { controlApi } from './control/control-api.js';
import { FaultInjector, injectFaults } from './control/faults.js';
import { Journal, journalRequests } from './control/journal.js';
import type { Clock, ProductModule } from './products/product.js';
import type { Store } from './store.js';
import { ValueSharing } from './store/shared-values.js';
import { WarmUp } from './warm-up.js';

export interface AppDeps {
  store: Store;
  config: MockConfig;
  products: readonly ProductModule[];
  clock?: Clock;
  journal?: Journal;
  faults?: FaultInjector;
  /** Hears of each answered request to a product, by the product's id (the CLI's heap policy). */
  onProductRequest?: (product: string) => void;
}

export interface MockApp {
  /** The app without fault injection (for `app.request()` in tests). */
  app: Hono;
  /** What the HTTP server calls: journals the request and routes through fault injection only while faults exist. */
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  journal: Journal;
  faults: FaultInjector;
  /** Call once the server is listening: starts the products' warm-up work (sorting, indexing). */
  started(): void;
}

/** Rows whose values are shared per turn of the event loop: at most about 15 ms of work (user rows). */
const SHARED_VALUE_ROWS_PER_TURN = 4000;

/** The mock server: the five product emulations under their prefixes, and `/_mock` beside them. */
export function createApp(deps: AppDeps): MockApp {
  const journal = deps.journal ?? new Journal(deps.config.journalSize);
  const faults = deps.faults ?? new FaultInjector(deps.config.seed);
  const clock = deps.clock ?? (() => new Date());
  const control = controlApi({ store: deps.store, config: deps.config, products: deps.products, journal, faults });
  const warmUp = new WarmUp();
  const warm = (task: () => void) => warmUp.schedule(task);
  warm(() => {
    const sharing = new ValueSharing(deps.products.flatMap((product) => deps.store.db(product.id).takeLoadedTables()));
    const step = () => {
      if (sharing.step(SHARED_VALUE_ROWS_PER_TURN)) warm(step);
    };
    step();
  });
  const apps = deps.products.map((product) => ({ product, app: product.app({ db: deps.store.db(product.id), config: deps.config, clock, warm }) }));

  // Two roots over the same routes: the fault-injecting one costs a middleware per request, so it is
  // used only while faults are configured.
  const build = (withFaults: boolean): Hono => {
    const root = new Hono();
    if (withFaults) root.use('*', injectFaults(faults, deps.products));
    root.route('/_mock', control);
    for (const { product, app } of apps) root.route(product.prefix, app);
    root.notFound((c) =>
      c.json(
        {
          error: `Not found: ${c.req.path}. Products are served under ${deps.products.map((p) => p.apiBase).join(', ')}; the control API under /_mock.`,
        },
        404,
      ),
    );
    root.onError((err, c) => c.json({ error: `Internal error: ${err.message}` }, 500));
    return root;
  };
  const plain = build(false);
  const faulty = build(true);

  const prefixes = deps.products.map((p) => ({ id: p.id, prefix: p.prefix, under: `${p.prefix}/` }));
  const productOf = (path: string): string | null | undefined => {
    if (path.startsWith('/_mock/') || path === '/_mock') return undefined;
    return prefixes.find((p) => path.startsWith(p.under) || path === p.prefix)?.id ?? null;
  };
  const fetch = journalRequests(journal, productOf, (request: Request, env: unknown) => (faults.active ? faulty : plain).fetch(request, env), deps.onProductRequest);
  return { app: plain, fetch, journal, faults, started: () => warmUp.start() };
}
