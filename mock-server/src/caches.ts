/** Something that holds only what it can compute again (answers, search results, sorted copies). */
export interface Cache {
  clear(): void;
}

/** Something that can keep what it holds in less memory, work best left for when the server is idle. */
export interface Compactable {
  compact(): void;
}

/** Objects held weakly: each goes with its owner. */
class WeakList<T extends object> {
  private readonly refs = new Set<WeakRef<T>>();
  private readonly gone = new FinalizationRegistry<WeakRef<T>>((ref) => this.refs.delete(ref));

  add(item: T): void {
    const ref = new WeakRef(item);
    this.refs.add(ref);
    this.gone.register(item, ref);
  }

  forEach(f: (item: T) => void): void {
    for (const ref of this.refs) {
      const item = ref.deref();
      if (item) f(item);
    }
  }
}

const caches = new WeakList<Cache>();
const productOf = new WeakMap<Cache, string>();
const compactables = new WeakList<Compactable>();

/**
 * Lists `cache` among the process's caches, weakly (it goes with the object that made it), for
 * `emptyCaches`. Caches are sized for bursts of requests; between bursts they are memory held for
 * nothing (at 5 × 100,000 users, about 30 MB after the bench's reads). `product` is the id of the
 * product whose requests fill it: its caches can then go as soon as that product's requests stop,
 * while the others' go on.
 */
export function registerCache(cache: Cache, product?: string): void {
  caches.add(cache);
  if (product !== undefined) productOf.set(cache, product);
}

/** Empties every cache in the process, or only `product`'s: they fill again as requests come. */
export function emptyCaches(product?: string): void {
  caches.forEach((cache) => {
    if (product === undefined || productOf.get(cache) === product) cache.clear();
  });
}

/** How many live caches name `product` as theirs. */
export function countCaches(product: string): number {
  let n = 0;
  caches.forEach((cache) => {
    if (productOf.get(cache) === product) n++;
  });
  return n;
}

/** Lists `target` for `compactAll`, weakly. */
export function registerCompactable(target: Compactable): void {
  compactables.add(target);
}

/** Has everything listed keep what it holds in its smaller form (the idle collection runs this). */
export function compactAll(): void {
  compactables.forEach((target) => target.compact());
}
