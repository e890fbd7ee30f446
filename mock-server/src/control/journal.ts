import type { MiddlewareHandler } from 'hono';
import { redactHeaders, redactUrl } from './redaction.js';

export interface JournalEntry {
  id: number;
  /** ISO 8601 time the request arrived. */
  time: string;
  /** The product the path belongs to (its first path segment), or `_mock`/`null`. */
  product: string | null;
  method: string;
  /** Path and query string, secrets redacted. */
  path: string;
  status: number;
  durationMs: number;
  /** Request headers, secrets redacted. */
  headers: Record<string, string>;
}

/** A request as recorded on the hot path: raw, redacted only when someone reads the journal. */
interface RawEntry {
  id: number;
  time: number;
  product: string | null;
  method: string;
  url: string;
  status: number;
  durationMs: number;
  headers: Headers;
}

/** The latest requests in a fixed-size ring. */
export class Journal {
  private readonly ring: Array<RawEntry | undefined>;
  private nextId = 1;

  constructor(private readonly capacity: number) {
    this.ring = new Array(capacity);
  }

  add(entry: Omit<RawEntry, 'id'>): void {
    const id = this.nextId++;
    if (this.capacity > 0) this.ring[id % this.capacity] = { id, ...entry };
  }

  /** The latest `limit` entries, newest first, secrets redacted. */
  latest(limit: number): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let id = this.nextId - 1; id > 0 && out.length < Math.min(limit, this.capacity); id--) {
      const e = this.ring[id % this.capacity];
      if (!e || e.id !== id) break;
      const url = new URL(e.url);
      out.push({
        id: e.id,
        time: new Date(e.time).toISOString(),
        product: e.product,
        method: e.method,
        path: redactUrl(url.pathname + url.search),
        status: e.status,
        durationMs: e.durationMs,
        headers: redactHeaders(e.headers),
      });
    }
    return out;
  }

  clear(): void {
    this.ring.fill(undefined);
  }
}

/**
 * Records every product request (after it is answered) with its product, status and duration.
 * `productOf` returns undefined for paths not worth recording (the control API itself).
 */
export function journalRequests(journal: Journal, productOf: (path: string) => string | null | undefined): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const time = Date.now();
    await next();
    const product = productOf(c.req.path);
    if (product === undefined) return;
    journal.add({
      time,
      product,
      method: c.req.method,
      url: c.req.url,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      headers: c.req.raw.headers,
    });
  };
}
