/**
 * Whole answers of repeatable reads (kept encoded, so a hit is written without re-encoding) (list pages, searches with their totals), keyed by the route and the
 * request's raw `input_data`, valid while the product's data version is unchanged. Bounded by entries
 * and by bytes held (a page of 50 full users is ~70 KB), least recently used first out.
 */
export class ResponseCache {
  private readonly entries = new Map<string, { version: number; bytes: Uint8Array<ArrayBuffer> }>();
  private size = 0;

  constructor(
    private readonly maxEntries = 256,
    private readonly maxBytes = 6_000_000,
  ) {}

  get(key: string, version: number): Uint8Array<ArrayBuffer> | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.version !== version) {
      this.size -= hit.bytes.length;
      return undefined;
    }
    this.entries.set(key, hit);
    return hit.bytes;
  }

  set(key: string, version: number, bytes: Uint8Array<ArrayBuffer>): void {
    if (bytes.length > this.maxBytes / 8) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.size -= old.bytes.length;
    }
    this.entries.set(key, { version, bytes });
    this.size += bytes.length;
    while (this.entries.size > this.maxEntries || this.size > this.maxBytes) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.size -= entry.bytes.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }
}
