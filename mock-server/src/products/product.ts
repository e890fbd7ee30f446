import type { Context, Hono } from 'hono';
import type { MockConfig, ProductId } from '../config.js';
import type { Person } from '../seed/roster.js';
import type { Random } from '../seed/random.js';
import type { ProductDb } from '../store/product-db.js';
import type { Row } from '../store/table.js';

/** The current time; injected so tests can fix it. */
export type Clock = () => Date;

/** A product's initial data: its tables (rows in the product's own shape) and small metadata. */
export interface ProductSeed {
  tables: Record<string, Row[]>;
  meta?: Record<string, unknown>;
}

/** What a product emulation is given to serve requests. */
export interface ProductEnv {
  db: ProductDb;
  config: MockConfig;
  clock: Clock;
  /**
   * Runs work that only makes first requests fast (sorting, indexing) once the server is up, outside
   * start-up time; tests that never start a server never run it (the same work then happens on first use).
   */
  warm(task: () => void): void;
}

/**
 * One product emulation. Adding a product means one folder under `products/` exporting one of these,
 * and one line in `products/registry.ts`.
 */
export interface ProductModule {
  readonly id: ProductId;
  /** Human name, e.g. "ServiceDesk Plus". */
  readonly title: string;
  /** Where the sub-app is mounted, e.g. `/itsm-ng`; the product's own paths follow it. */
  readonly prefix: string;
  /** The base URL path a client is configured with, e.g. `/itsm-ng/apirest.php`. */
  readonly apiBase: string;
  /** The product's records for this roster. Must be deterministic: same roster and rng, same rows. */
  seed(roster: readonly Person[], rng: Random, config: MockConfig): Promise<ProductSeed>;
  /** The Hono sub-app serving the product's own paths (mounted under `prefix`). */
  app(env: ProductEnv): Hono;
  /** How to authenticate, for the start-up banner (e.g. `App-Token mock-app-token; login glpi/glpi`). */
  credentials(config: MockConfig): string;
  /** The product's own error answer for an HTTP status (fault injection uses it). */
  errorResponse(c: Context, status: number): Response;
  /** What the product answers when the caller's session or token has expired. */
  expiredResponse(c: Context): Response;
}
