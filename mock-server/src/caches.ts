/** Something that holds only what it can compute again (answers, search results, sorted copies). */
export interface Cache {
  clear(): void;
}

const caches = new Set<WeakRef<Cache>>();
const forgetGone = new FinalizationRegistry<WeakRef<Cache>>((ref) => caches.delete(ref));

/**
 * Lists `cache` among the process's caches, weakly (it goes with its owner), for `emptyCaches`.
 * Caches are sized for bursts of requests; between bursts they are memory an idle server holds for
 * nothing (at 5 × 100,000 users, about 30 MB after the bench's reads).
 */
export function registerCache(cache: Cache): void {
  const ref = new WeakRef(cache);
  caches.add(ref);
  forgetGone.register(cache, ref);
}

/** Empties every cache in the process: they fill again as requests come. */
export function emptyCaches(): void {
  for (const ref of caches) ref.deref()?.clear();
}
