import { Lru } from '../../lru.js';

/**
 * Whole answers of repeatable reads (kept encoded, so a hit is written without re-encoding) (list pages, searches with their totals), keyed by the route and the
 * request's raw `input_data`, valid while the product's data version is unchanged. Bounded by entries
 * and by bytes held (a page of 50 full users is ~70 KB), least recently used first out.
 */
export class ResponseCache {
  private readonly entries = new Lru<string, { version: number; bytes: Uint8Array<ArrayBuffer> }>({
    entries: 256,
    weight: 6_000_000,
    weigh: (_key, e) => e.bytes.length,
    largestShare: 1 / 8,
  });

  get(key: string, version: number): Uint8Array<ArrayBuffer> | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.version !== version) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.bytes;
  }

  set(key: string, version: number, bytes: Uint8Array<ArrayBuffer>): void {
    this.entries.set(key, { version, bytes });
  }

  clear(): void {
    this.entries.clear();
  }
}
