import { setFlagsFromString } from 'node:v8';
import { compactAll, emptyCaches } from './caches.js';
import { capYoungGeneration } from './young-generation-cap.js';

/**
 * How the command-line server keeps its process near its live data. Only the CLI applies it: it owns
 * its process, where `createApp` may be running inside someone else's.
 *
 * On a machine with memory to spare, V8 lets the old generation grow to up to four times what survived
 * its last full collection before it collects again, and its memory reducer, which is meant to give
 * garbage back once a process goes quiet, is armed only by a full collection. At 100,000 users a
 * product the server sat at 801 MB after a write load, for minutes, with 278 MB of it garbage.
 * So once the server listens (not before: loading the data would collect more often for nothing),
 * V8 collects when the old generation has grown by a tenth, and a full collection gives the rest back
 * once the server goes quiet (after start-up or after requests). Before that collection the caches of
 * answers and search results are emptied (`emptyCaches`): they are for bursts of requests, and fill
 * again with the next one. What can hold its data in a smaller form does so then too (`compactAll`).
 * A product whose requests stop while others' go on has its own caches emptied after the same quiet
 * spell: otherwise every product asked since the server last went quiet keeps its caches full (about
 * 20–35 MB after the bench's reads of five products), and the next collections give that back.
 * The young generation is kept to half the size loading the data grows it to (`young-generation-cap.ts`).
 *
 * A tenth rather than a fifth: at 100,000 users a product, resident memory through the bench's updates
 * peaked at 390 MB instead of 413 MB (samples every 200 ms), for a fifth fewer updates a second under 32
 * clients (still over 4,500 a product) and the same p99 for reads meanwhile.
 */
export const HEAP_GROWING_PERCENT = 10;

/**
 * Runs `collect` once after activity (a request, or the start-up) stops: when `tick` (called every
 * second) has seen `quietTicks` ticks in a row without new activity, and only if there was some since
 * the last collection, so an idle server is not collected again and again. Noting a request costs an
 * increment.
 */
export class IdleCollector {
  private activity = 0;
  private seen = 0;
  private quiet = 0;
  private collectedAt = 0;

  constructor(
    private readonly collect: () => void,
    private readonly quietTicks: number,
  ) {}

  noteActivity(): void {
    this.activity++;
  }

  /** Returns whether it collected. */
  tick(): boolean {
    if (this.activity !== this.seen) {
      this.seen = this.activity;
      this.quiet = 0;
      return false;
    }
    if (this.activity === this.collectedAt || ++this.quiet < this.quietTicks) return false;
    this.collectedAt = this.activity;
    this.collect();
    return true;
  }
}

/**
 * What V8 itself does on a low-memory notification: full collections that compact fragmented pages and
 * give back unused young-generation space. It is reached through an in-process inspector session (no
 * `--expose-gc` needed); `undefined` in a Node built without the inspector.
 */
async function lowMemoryCollection(report: (message: string) => void): Promise<(() => void) | undefined> {
  if (!process.features.inspector) return undefined;
  const { Session } = await import('node:inspector');
  return () => {
    const session = new Session();
    session.connect();
    session.post('HeapProfiler.collectGarbage', (error) => {
      if (error) report(`idle collection failed: ${error.message}`);
      // disconnecting from within the callback stalls Node 20's event loop
      setImmediate(() => session.disconnect());
    });
  };
}

export interface HeapPolicy {
  /** Wraps the server's request handler so the idle collector sees each request. */
  observe<A extends unknown[], T>(handler: (...args: A) => T): (...args: A) => T;
  /** A request to the product with this id (`registerCache`'s product). */
  noteProductRequest(product: string): void;
  /** Call once the server listens. */
  start(): Promise<void>;
  stop(): void;
}

/** The policy above; `idleCollectSeconds` 0 leaves out the idle collection. */
export function heapPolicy(idleCollectSeconds: number, report: (message: string) => void): HeapPolicy {
  let collector: IdleCollector | undefined;
  const productCollectors = new Map<string, IdleCollector>();
  let timer: NodeJS.Timeout | undefined;
  let stopCap: (() => void) | undefined;
  let stopped = false;
  return {
    observe: (handler) =>
      idleCollectSeconds <= 0
        ? handler
        : (...args) => {
            collector?.noteActivity();
            return handler(...args);
          },
    noteProductRequest(product) {
      if (idleCollectSeconds <= 0) return;
      let c = productCollectors.get(product);
      if (!c) productCollectors.set(product, (c = new IdleCollector(() => emptyCaches(product), idleCollectSeconds)));
      c.noteActivity();
    },
    async start() {
      if (stopped) return;
      setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
      stopCap = capYoungGeneration();
      if (idleCollectSeconds <= 0) return;
      const collect = await lowMemoryCollection(report);
      if (!collect || stopped) return;
      const c = new IdleCollector(() => {
        emptyCaches();
        compactAll();
        collect();
      }, idleCollectSeconds);
      collector = c;
      // start-up counts as activity: what loading and the warm-up left behind is given back too
      c.noteActivity();
      timer = setInterval(() => {
        for (const p of productCollectors.values()) p.tick();
        c.tick();
      }, 1000).unref();
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      stopCap?.();
    },
  };
}
