/** A small least-recently-used cache of derived results (sorted or filtered row lists). */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}

  get(key: string, compute: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = compute();
    this.map.set(key, value);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
    return value;
  }

  clear(): void {
    this.map.clear();
  }
}

/**
 * Kept responses, bounded in entries and bytes (least recently used out first); `set` replaces an
 * entry that went stale.
 */
export class ResponseMemo<V extends { bytes: Uint8Array }> {
  private readonly map = new Map<string, V>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 4096,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: V): void {
    const size = key.length + value.bytes.byteLength;
    if (size > this.maxBytes / 8) return;
    this.delete(key);
    this.map.set(key, value);
    this.bytes += size;
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) this.delete(this.map.keys().next().value!);
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  private delete(key: string): void {
    const old = this.map.get(key);
    if (old === undefined) return;
    this.map.delete(key);
    this.bytes -= key.length + old.bytes.byteLength;
  }
}
