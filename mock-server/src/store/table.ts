import { IdMap } from './id-map.js';
import { RowShapes } from './row-shapes.js';

/**
 * An in-memory table of immutable rows with the indexes a product asks for.
 *
 * Rows are never mutated in place: an update `put`s a new object. That keeps indexes honest (the old
 * row is still there to be unindexed) and lets a snapshot be taken by copying references.
 */
export type RowId = number | string;
export interface Row {
  readonly id: RowId;
}

export type Change =
  | { readonly table: string; readonly op: 'put'; readonly row: Row; readonly previous: Row | undefined }
  | { readonly table: string; readonly op: 'del'; readonly id: RowId; readonly previous: Row };

/** Receives every change, so the store can persist it (and undo it if persisting fails). */
export type ChangeSink = (change: Change) => void;

/** Something kept in step with a table's rows (the built-in indexes, or an index of a product's own). */
export interface TableIndex<R> {
  add(row: R): void;
  remove(row: R): void;
  /**
   * `row` takes the place of `old` (same id). Without it the table calls `remove(old)` then `add(row)`;
   * an index keyed by something an update seldom changes gives it to update its entry in place: deleting
   * and re-adding a Map key leaves a hole the Map only reclaims by rehashing, which at 100,000 keys
   * doubles its table and stalls the write that triggers it.
   */
  replace?(old: R, row: R): void;
  clear(): void;
  /**
   * Given by an index that reads the table itself when first used (and ignores `add` until then): the
   * table hands it its rows at registration instead of feeding it each one, which at 100,000 rows costs
   * milliseconds per index at start-up for nothing.
   */
  attach?(rows: () => Iterable<R>, rowOf: (id: RowId) => R | undefined): void;
}
type Index<R> = TableIndex<R>;

/**
 * Built on first look-up, then kept in step: registering an index at start-up costs nothing, so a
 * 100,000-row product starts without building look-ups no request has asked for yet, and never
 * holds those no request uses (a first look-up over 100,000 rows takes tens of milliseconds).
 */
abstract class LazyIndex<R> implements Index<R> {
  private built = false;
  private source: () => Iterable<R> = () => [];

  /** Called by the table that registers the index. */
  attach(source: () => Iterable<R>, _rowOf?: (id: RowId) => R | undefined): void {
    this.source = source;
  }

  protected build(): void {
    if (this.built) return;
    this.built = true;
    for (const r of this.source()) this.insert(r);
  }

  add(row: R): void {
    if (this.built) this.insert(row);
  }

  remove(row: R): void {
    if (this.built) this.delete(row);
  }

  replace(old: R, row: R): void {
    if (this.built) this.exchange(old, row);
  }

  clear(): void {
    this.built = false;
    this.empty();
  }

  protected abstract insert(row: R): void;
  protected abstract delete(row: R): void;
  protected abstract exchange(old: R, row: R): void;
  protected abstract empty(): void;
}

export class UniqueIndex<K, R> extends LazyIndex<R> {
  private readonly map = new Map<K, R>();
  constructor(private readonly key: (row: R) => K | undefined) {
    super();
  }
  get(key: K): R | undefined {
    this.build();
    return this.map.get(key);
  }
  protected insert(row: R): void {
    const k = this.key(row);
    if (k !== undefined) this.map.set(k, row);
  }
  protected delete(row: R): void {
    const k = this.key(row);
    if (k !== undefined && this.map.get(k) === row) this.map.delete(k);
  }
  /** An unchanged key is set over (in place), not deleted and added again. */
  protected exchange(old: R, row: R): void {
    if (this.key(old) !== this.key(row)) this.delete(old);
    this.insert(row);
  }
  protected empty(): void {
    this.map.clear();
  }
}

const EMPTY: ReadonlySet<never> = new Set();

/**
 * Rows by a key that several rows may share. Most keys of such indexes hold one row (a user's
 * emails, links…), so a lone row is stored as is and a set is made only for the second one.
 *
 * A key's set holds its rows' ids, not the rows: an update that keeps a row under its key (a new object,
 * same id) leaves the set as it is. A set of rows had to delete the old object and add the new one, and
 * V8's hash sets keep deleted entries until they fill and then double: under the bench's updates
 * Snipe-IT's sets of users by location, department and group went from 9.5 MB to 15.4 MB with as many
 * members. Reading a set looks each id up in the table.
 */
export class GroupIndex<K, R extends Row> extends LazyIndex<R> {
  private readonly map = new Map<K, R | Set<RowId>>();
  private rowOf: (id: RowId) => R | undefined = () => undefined;
  constructor(private readonly keys: (row: R) => K | readonly K[] | undefined) {
    super();
  }
  override attach(source: () => Iterable<R>, rowOf: (id: RowId) => R | undefined): void {
    super.attach(source);
    this.rowOf = rowOf;
  }
  get(key: K): ReadonlySet<R> {
    this.build();
    const hit = this.map.get(key);
    if (hit === undefined) return EMPTY;
    return hit instanceof Set ? new RowGroup(hit, this.rowOf) : new Set([hit]);
  }
  /** Number of rows under `key`, without building a set. */
  count(key: K): number {
    this.build();
    const hit = this.map.get(key);
    return hit === undefined ? 0 : hit instanceof Set ? hit.size : 1;
  }
  keysOf(row: R): readonly K[] {
    const k = this.keys(row);
    return k === undefined ? [] : Array.isArray(k) ? (k as readonly K[]) : [k as K];
  }
  protected insert(row: R): void {
    for (const k of this.keysOf(row)) this.insertUnder(k, row);
  }
  protected delete(row: R): void {
    for (const k of this.keysOf(row)) this.deleteUnder(k, row);
  }
  /** Keys both rows have keep their entry: a lone row is set over, a set already holds the id. */
  protected exchange(old: R, row: R): void {
    const keys = this.keysOf(row);
    for (const k of this.keysOf(old)) if (!keys.includes(k)) this.deleteUnder(k, old);
    for (const k of keys) {
      const hit = this.map.get(k);
      if (hit === old) this.map.set(k, row);
      else this.insertUnder(k, row);
    }
  }
  private insertUnder(k: K, row: R): void {
    const hit = this.map.get(k);
    if (hit === undefined) this.map.set(k, row);
    else if (hit instanceof Set) hit.add(row.id);
    else if (hit.id !== row.id) this.map.set(k, new Set([hit.id, row.id]));
  }
  private deleteUnder(k: K, row: R): void {
    const hit = this.map.get(k);
    if (hit === undefined) return;
    if (hit instanceof Set) {
      hit.delete(row.id);
      if (hit.size === 1) this.map.set(k, this.rowOf(hit.values().next().value as RowId)!);
      else if (hit.size === 0) this.map.delete(k);
    } else if (hit === row) this.map.delete(k);
  }
  protected empty(): void {
    this.map.clear();
  }
}

/** A key's rows, read through their ids as the table holds them now. */
class RowGroup<R extends Row> implements ReadonlySet<R> {
  constructor(
    private readonly ids: ReadonlySet<RowId>,
    private readonly rowOf: (id: RowId) => R | undefined,
  ) {}
  get size(): number {
    return this.ids.size;
  }
  has(row: R): boolean {
    return this.ids.has(row.id) && this.rowOf(row.id) === row;
  }
  values(): SetIterator<R> {
    return new GroupRows(this.ids.values(), this.rowOf);
  }
  keys(): SetIterator<R> {
    return this.values();
  }
  entries(): SetIterator<[R, R]> {
    const rows = this.values();
    const pairs: SetIterator<[R, R]> = {
      next: () => {
        const n = rows.next();
        return n.done ? n : { value: [n.value, n.value], done: false };
      },
      [Symbol.iterator]: () => pairs,
    };
    return pairs;
  }
  forEach(each: (value: R, key: R, set: ReadonlySet<R>) => void, thisArg?: unknown): void {
    for (const row of this) each.call(thisArg, row, row, this);
  }
  [Symbol.iterator](): SetIterator<R> {
    return this.values();
  }
}

/** An iterator of rows over an iterator of ids (a class: a generator took twice as long over 10,000 ids). */
class GroupRows<R extends Row> implements SetIterator<R> {
  constructor(
    private readonly ids: Iterator<RowId>,
    private readonly rowOf: (id: RowId) => R | undefined,
  ) {}
  next(): IteratorResult<R, undefined> {
    const n = this.ids.next();
    return n.done ? { value: undefined, done: true } : { value: this.rowOf(n.value)!, done: false };
  }
  [Symbol.iterator](): SetIterator<R> {
    return this;
  }
}

/**
 * Rows that pass `filter`, kept sorted by `compare` (ties broken by id). Built on first use, then
 * maintained incrementally, so a page at any offset is a slice, not a scan.
 */
export class SortedView<R extends Row> implements Index<R> {
  private rows: R[] | undefined;
  private source: () => Iterable<R> = () => [];

  constructor(
    private readonly compare: (a: R, b: R) => number,
    private readonly filter: (row: R) => boolean = () => true,
  ) {}

  /** Called by the table that registers the view. */
  attach(source: () => Iterable<R>): void {
    this.source = source;
  }

  /** The sorted rows. The array is owned by the view: read it, never keep it across a write. */
  all(): readonly R[] {
    if (!this.rows) {
      const rows: R[] = [];
      for (const r of this.source()) if (this.filter(r)) rows.push(r);
      rows.sort((a, b) => this.order(a, b));
      this.rows = rows;
    }
    return this.rows;
  }

  get size(): number {
    return this.all().length;
  }

  slice(start: number, end: number): readonly R[] {
    return this.all().slice(start, end);
  }

  add(row: R): void {
    if (this.rows && this.filter(row)) this.rows.splice(this.position(row), 0, row);
  }

  remove(row: R): void {
    const at = this.slotOf(row);
    if (at >= 0) this.rows!.splice(at, 1);
  }

  /**
   * A replacement that still sorts where its predecessor was takes its slot, instead of moving the rest
   * of a 100,000-row array out and back in.
   */
  replace(old: R, row: R): void {
    const at = this.slotOf(old);
    if (at >= 0 && this.filter(row) && this.fits(at, row)) this.rows![at] = row;
    else {
      if (at >= 0) this.rows!.splice(at, 1);
      this.add(row);
    }
  }

  clear(): void {
    this.rows = undefined;
  }

  /** Where `row` is in the built view, or -1. */
  private slotOf(row: R): number {
    if (!this.rows || !this.filter(row)) return -1;
    const at = this.position(row);
    // compare() not total on this row should not happen; then the row is found by identity
    return this.rows[at] === row ? at : this.rows.indexOf(row);
  }

  /** Whether `row` sorts between the neighbours of slot `at`. */
  private fits(at: number, row: R): boolean {
    const rows = this.rows!;
    return (at === 0 || this.order(rows[at - 1], row) < 0) && (at === rows.length - 1 || this.order(row, rows[at + 1]) < 0);
  }

  private order(a: R, b: R): number {
    return this.compare(a, b) || compareIds(a.id, b.id);
  }

  /** First index whose row is not ordered before `row`. */
  private position(row: R): number {
    const rows = this.rows!;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order(rows[mid], row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export function compareIds(a: RowId, b: RowId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export class Table<R extends Row> {
  private readonly rows = new IdMap<R>();
  private readonly indexes: Index<R>[] = [];
  private readonly shapes = new RowShapes();
  private maxNumericId = 0;
  /** Incremented on every change; lets callers cache derived results. */
  version = 0;

  constructor(
    readonly name: string,
    private readonly sink: ChangeSink,
  ) {}

  get size(): number {
    return this.rows.size;
  }

  get(id: RowId): R | undefined {
    return this.rows.get(id);
  }

  has(id: RowId): boolean {
    return this.rows.has(id);
  }

  /** Rows in id order (ids that are not small integers last, in the order first stored). */
  values(): IterableIterator<R> {
    return this.rows.values();
  }

  /** The rows, as `values()` gives them, in a new array. */
  toArray(): R[] {
    return this.rows.toArray();
  }

  /** The next free integer id (1 + the largest numeric id ever stored). */
  nextId(): number {
    return this.maxNumericId + 1;
  }

  /**
   * Inserts or replaces the row with this id. The table keeps a copy of `row` with the same properties
   * (`RowShapes`), not `row` itself: read it back with `get`.
   */
  put(given: R): void {
    const row = this.shapes.reshape(given);
    const previous = this.rows.get(row.id);
    this.apply(row.id, row);
    this.sink({ table: this.name, op: 'put', row, previous });
  }

  delete(id: RowId): boolean {
    const previous = this.rows.get(id);
    if (!previous) return false;
    this.apply(id, undefined);
    this.sink({ table: this.name, op: 'del', id, previous });
    return true;
  }

  unique<K>(key: (row: R) => K | undefined): UniqueIndex<K, R> {
    return this.register(new UniqueIndex(key));
  }

  group<K>(keys: (row: R) => K | readonly K[] | undefined): GroupIndex<K, R> {
    return this.register(new GroupIndex(keys));
  }

  sorted(compare: (a: R, b: R) => number, filter?: (row: R) => boolean): SortedView<R> {
    return this.register(new SortedView(compare, filter));
  }

  /** Replaces the row for `id` (or removes it) without reporting a change: for loading and undo. */
  apply(id: RowId, row: R | undefined): void {
    const old = this.rows.get(id);
    if (old && row) {
      this.rows.set(id, row);
      for (const ix of this.indexes) {
        if (ix.replace) ix.replace(old, row);
        else {
          ix.remove(old);
          ix.add(row);
        }
      }
    } else if (old) {
      for (const ix of this.indexes) ix.remove(old);
      this.rows.delete(id);
    } else if (row) {
      this.rows.set(id, row);
      for (const ix of this.indexes) ix.add(row);
    }
    if (typeof id === 'number' && row && id > this.maxNumericId) this.maxNumericId = id;
    this.version++;
  }

  /** Replaces every row (no change reported): for loading a snapshot and for a reset. */
  replaceAll(rows: Iterable<R>): void {
    for (const ix of this.indexes) ix.clear();
    this.rows.clear();
    this.maxNumericId = 0;
    for (const r of rows) this.apply(r.id, r);
    this.version++;
  }

  /** Keeps ids monotonic across purges: a purged id is never handed out again. */
  reserveIdsUpTo(id: number): void {
    if (id > this.maxNumericId) this.maxNumericId = id;
  }

  get highestId(): number {
    return this.maxNumericId;
  }

  /** Keeps `index` informed of every row added, replaced or removed from now on (and of the rows already here). */
  watch<I extends TableIndex<R>>(index: I): I {
    return this.register(index);
  }

  private register<I extends Index<R>>(index: I): I {
    if (index.attach) index.attach(() => this.rows.values(), (id) => this.rows.get(id));
    else for (const r of this.rows.values()) index.add(r);
    this.indexes.push(index);
    return index;
  }
}
