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

/**
 * A request as recorded on the hot path, raw: redacted only when someone reads the journal. Headers
 * are one string, name and value lines alternating, so that an entry kept for the next thousand
 * requests is a few flat strings rather than an object graph the garbage collector has to copy and
 * trace (at tens of thousands of requests a second, that was a tenth of the server's time).
 */
interface RawEntry {
  time: number;
  product: string | null;
  method: string;
  url: string;
  status: number;
  durationMs: number;
  /** `name\nvalue\nname\nvalue…` as received (Node's raw headers), or as a Headers object lists them. */
  headerLines: string;
}

/** Headers of which Node's IncomingMessage keeps the first of several (`matchKnownFields`). */
const SINGLE_VALUED = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host',
  'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards',
  'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent',
]);

/** The header lines as an object, combined as Node's `IncomingMessage.headers` combines them. */
function headerRecord(lines: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (lines === '') return out;
  const parts = lines.split('\n');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const name = parts[i].toLowerCase();
    const value = parts[i + 1];
    const seen = out[name];
    if (seen === undefined) out[name] = value;
    else if (!SINGLE_VALUED.has(name)) out[name] = `${seen}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return out;
}

/** The latest requests in a fixed-size ring (parallel arrays: one slot per request, no entry objects). */
export class Journal {
  private readonly ids: Float64Array;
  private readonly times: Float64Array;
  private readonly statuses: Uint16Array;
  private readonly durations: Float64Array;
  private readonly products: Array<string | null>;
  private readonly methods: string[];
  private readonly urls: string[];
  private readonly headerLines: string[];
  private nextId = 1;

  constructor(private readonly capacity: number) {
    this.ids = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.statuses = new Uint16Array(capacity);
    this.durations = new Float64Array(capacity);
    this.products = new Array<string | null>(capacity).fill(null);
    this.methods = new Array<string>(capacity).fill('');
    this.urls = new Array<string>(capacity).fill('');
    this.headerLines = new Array<string>(capacity).fill('');
  }

  add(entry: RawEntry): void {
    const id = this.nextId++;
    if (this.capacity === 0) return;
    const slot = id % this.capacity;
    this.ids[slot] = id;
    this.times[slot] = entry.time;
    this.statuses[slot] = entry.status;
    this.durations[slot] = entry.durationMs;
    this.products[slot] = entry.product;
    this.methods[slot] = entry.method;
    this.urls[slot] = entry.url;
    this.headerLines[slot] = entry.headerLines;
  }

  /** The latest `limit` entries, newest first, secrets redacted. */
  latest(limit: number): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let id = this.nextId - 1; id > 0 && out.length < Math.min(limit, this.capacity); id--) {
      const slot = id % this.capacity;
      if (this.ids[slot] !== id) break;
      const url = new URL(this.urls[slot]);
      out.push({
        id,
        time: new Date(this.times[slot]).toISOString(),
        product: this.products[slot],
        method: this.methods[slot],
        path: redactUrl(url.pathname + url.search),
        status: this.statuses[slot],
        durationMs: this.durations[slot],
        headers: redactHeaders(headerRecord(this.headerLines[slot])),
      });
    }
    return out;
  }

  clear(): void {
    this.ids.fill(0);
    this.products.fill(null);
    this.methods.fill('');
    this.urls.fill('');
    this.headerLines.fill('');
  }
}

/** How many recent header lists are remembered for reuse (clients alternate between a few). */
const RECENT_HEADER_LISTS = 8;

/**
 * Headers as lines for the journal. Clients send the same headers request after request, and
 * privacyIDEA's JWT alone is 2.6 KB: a fresh copy per request, kept in the ring for the next thousand
 * requests, outlives the young generation, so every scavenge copied and promoted kilobytes per request.
 * A list equal to a recent one gets that one's lines (the same string) instead.
 */
class HeaderLines {
  private readonly raw: Array<readonly string[] | undefined> = new Array(RECENT_HEADER_LISTS).fill(undefined);
  private readonly lines: string[] = new Array<string>(RECENT_HEADER_LISTS).fill('');
  private next = 0;

  /** Node's raw headers when there are some, else the Headers object's. */
  of(request: Request, incoming: { rawHeaders: string[] } | undefined): string {
    if (!incoming) {
      const lines: string[] = [];
      request.headers.forEach((value, name) => lines.push(name, value));
      return lines.join('\n');
    }
    const raw = incoming.rawHeaders;
    for (let i = 0; i < RECENT_HEADER_LISTS; i++) if (sameList(this.raw[i], raw)) return this.lines[i];
    const slot = this.next;
    this.next = (slot + 1) % RECENT_HEADER_LISTS;
    this.raw[slot] = raw;
    return (this.lines[slot] = raw.join('\n'));
  }
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Wraps a fetch handler so that every product request is recorded once answered, with its product,
 * status and duration. Done around the app rather than as Hono middleware: it costs the hot path
 * nothing but a timer and one ring write. `productOf` returns undefined for paths not worth
 * recording (the control API itself). `onProductRequest` hears of each answered request to a product,
 * by the product's id.
 */
export function journalRequests<E>(
  journal: Journal,
  productOf: (path: string) => string | null | undefined,
  fetch: (request: Request, env: E) => Response | Promise<Response>,
  onProductRequest?: (product: string) => void,
): (request: Request, env: E) => Response | Promise<Response> {
  const headerLines = new HeaderLines();
  return (request, env) => {
    const started = performance.now();
    const time = Date.now();
    const record = (res: Response): Response => {
      const url = request.url;
      const pathStart = url.indexOf('/', url.indexOf('//') + 2);
      const query = url.indexOf('?', pathStart);
      const product = productOf(url.slice(pathStart, query < 0 ? undefined : query));
      if (product) onProductRequest?.(product);
      if (product !== undefined) {
        // Node's raw header list when there is one: reading request.headers would build a Headers copy
        const incoming = (env as { incoming?: { rawHeaders: string[] } } | undefined)?.incoming;
        journal.add({ time, product, method: request.method, url, status: res.status, durationMs: Math.round((performance.now() - started) * 100) / 100, headerLines: headerLines.of(request, incoming) });
      }
      return res;
    };
    const res = fetch(request, env);
    return res instanceof Promise ? res.then(record) : record(res);
  };
}
