import { registerCache } from './caches.js';

/** How much an `Lru` may hold. */
export interface LruBounds<K, V> {
  /** Entries at most. */
  readonly entries: number;
  /** With `weigh`: the most the entries may weigh together (bytes, typically). */
  readonly weight?: number;
  readonly weigh?: (key: K, value: V) => number;
  /** A value weighing more than this share of `weight` is not kept: it would push out most others (default ¼). */
  readonly largestShare?: number;
  /**
   * Kept when the server goes idle (`emptyCaches`): for small entries that are slow to compute again.
   * Every other Lru is emptied then.
   */
  readonly keepWhenIdle?: boolean;
  /** The id of the product whose requests fill it: emptied once that product's requests stop (`registerCache`). */
  readonly product?: string;
  /**
   * Called for each kept value as it leaves (evicted, replaced by another, deleted, cleared), so a
   * value holding something (a lease on its pages) can give it back.
   */
  readonly onDrop?: (key: K, value: V) => void;
}

/**
 * A bounded map that forgets the least recently used entries: the mock's caches of derived rows and
 * of encoded answers. Eviction happens a quarter of the bounds at a time, in one pass: evicting one
 * entry per insertion through `keys().next()` would walk over every deleted entry V8 keeps at the front
 * of a Map (thousands, under steady churn).
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  private weight = 0;
  private readonly maxEntries: number;
  private readonly maxWeight: number;
  private readonly largest: number;
  private readonly weigh: ((key: K, value: V) => number) | undefined;
  private readonly onDrop: ((key: K, value: V) => void) | undefined;
  private generation: number | string | undefined;

  constructor(bounds: LruBounds<K, V>) {
    this.maxEntries = bounds.entries;
    this.weigh = bounds.weigh;
    this.onDrop = bounds.onDrop;
    this.maxWeight = bounds.weigh ? (bounds.weight ?? Infinity) : Infinity;
    this.largest = this.maxWeight * (bounds.largestShare ?? 1 / 4);
    if (!bounds.keepWhenIdle) registerCache(this, bounds.product);
  }

  get size(): number {
    return this.map.size;
  }

  /** The value, marked as recently used. */
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

  /** The kept value, else `compute()`'s, kept (unless too heavy). */
  getOrSet(key: K, compute: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    this.set(key, value);
    return value;
  }

  /**
   * Keeps `value` (replacing what `key` held), unless it weighs more than the largest share allowed.
   * Returns whether it was kept.
   */
  set(key: K, value: V): boolean {
    const w = this.weigh ? this.weigh(key, value) : 0;
    if (w > this.largest) return false;
    const old = this.map.get(key);
    if (old !== undefined) this.remove(key, old, old !== value);
    this.map.set(key, value);
    this.weight += w;
    if (this.map.size > this.maxEntries || this.weight > this.maxWeight) this.evict();
    return true;
  }

  delete(key: K): void {
    const old = this.map.get(key);
    if (old !== undefined) this.remove(key, old, true);
  }

  /**
   * For a cache whose answers depend on the data's version: entries computed from an older version
   * can never be asked for again, so they go at once. Left to age out they would be copied into the
   * old generation of the heap and make work for full collections under write load.
   */
  keepOnly(generation: number | string): void {
    if (generation === this.generation) return;
    this.generation = generation;
    if (this.map.size) this.clear();
  }

  clear(): void {
    const dropped = this.onDrop && this.map.size ? [...this.map] : [];
    this.map.clear();
    this.weight = 0;
    for (const [k, v] of dropped) this.onDrop!(k, v);
  }

  private evict(): void {
    const keepCount = Math.floor((this.maxEntries * 3) / 4);
    const keepWeight = (this.maxWeight * 3) / 4;
    for (const [k, v] of this.map) {
      if (this.map.size <= keepCount && this.weight <= keepWeight) break;
      this.remove(k, v, true);
    }
  }

  /** Takes out the entry `key` holds (`value`), its weight with it; `dropped`: tell `onDrop`. */
  private remove(key: K, value: V, dropped: boolean): void {
    this.map.delete(key);
    if (this.weigh) this.weight -= this.weigh(key, value);
    if (dropped) this.onDrop?.(key, value);
  }
}
