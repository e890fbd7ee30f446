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
type NodeHeaders = Record<string, string | string[] | undefined>;

interface RawEntry {
  id: number;
  time: number;
  product: string | null;
  method: string;
  url: string;
  status: number;
  durationMs: number;
  headers: Headers | NodeHeaders;
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
 * Wraps a fetch handler so that every product request is recorded once answered, with its product,
 * status and duration. Done around the app rather than as Hono middleware: it costs the hot path
 * nothing but a timer and one ring write. `productOf` returns undefined for paths not worth
 * recording (the control API itself).
 */
export function journalRequests<E>(
  journal: Journal,
  productOf: (path: string) => string | null | undefined,
  fetch: (request: Request, env: E) => Response | Promise<Response>,
): (request: Request, env: E) => Response | Promise<Response> {
  return (request, env) => {
    const started = performance.now();
    const time = Date.now();
    const record = (res: Response): Response => {
      const url = request.url;
      const pathStart = url.indexOf('/', url.indexOf('//') + 2);
      const query = url.indexOf('?', pathStart);
      const product = productOf(url.slice(pathStart, query < 0 ? undefined : query));
      if (product !== undefined) {
        // Node's own header object when there is one: reading request.headers would build a Headers copy
        const incoming = (env as { incoming?: { headers: NodeHeaders } } | undefined)?.incoming;
        journal.add({ time, product, method: request.method, url, status: res.status, durationMs: Math.round((performance.now() - started) * 100) / 100, headers: incoming?.headers ?? request.headers });
      }
      return res;
    };
    const res = fetch(request, env);
    return res instanceof Promise ? res.then(record) : record(res);
  };
}
