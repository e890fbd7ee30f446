/**
 * A bounded map that forgets the least recently used entries. Eviction happens a quarter of the
 * capacity at a time, in one pass: evicting one entry per insertion through `keys().next()` would walk
 * over every deleted entry V8 keeps at the front of a Map (thousands, under steady churn).
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  private bytes = 0;

  /** `max` entries at most; with `weight`, also at most `maxWeight` in total (oversized values are not kept). */
  constructor(
    private readonly max: number,
    private readonly weight?: (value: V) => number,
    private readonly maxWeight = Infinity,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  /** The value, without marking it as recently used. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    const w = this.weight ? this.weight(value) : 0;
    if (w > this.maxWeight / 4) return;
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      if (this.weight) this.bytes -= this.weight(old);
    }
    this.map.set(key, value);
    this.bytes += w;
    if (this.map.size > this.max || this.bytes > this.maxWeight) this.evict();
  }

  delete(key: K): void {
    const old = this.map.get(key);
    if (old === undefined) return;
    this.map.delete(key);
    if (this.weight) this.bytes -= this.weight(old);
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  private evict(): void {
    const keepCount = Math.floor((this.max * 3) / 4);
    const keepWeight = (this.maxWeight * 3) / 4;
    for (const [k, v] of this.map) {
      if (this.map.size <= keepCount && this.bytes <= keepWeight) break;
      this.map.delete(k);
      if (this.weight) this.bytes -= this.weight(v);
    }
  }
}
