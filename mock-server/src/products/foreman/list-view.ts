import { compareIds, type Row, type TableIndex } from '../../store/table.js';

/**
 * The store's SortedView (rows passing `filter`, kept sorted by `compare`, ties by id; built on first
 * use, then maintained), with one difference in cost: a row replaced by one that sorts the same (an
 * update that leaves the sort key alone, the usual case) takes its place in the array instead of being
 * spliced out and back in, which would move 100,000 references twice per write.
 *
 * The table reports a replacement as `remove(old)` then `add(new)`; the removal is held back until the
 * next call, so that the addition can take the old row's slot.
 */
export class ListView<R extends Row> implements TableIndex<R> {
  private rows: R[] | undefined;
  /** A removed row still in `rows`, at `pendingAt`. */
  private pending: R | undefined;
  private pendingAt = -1;

  constructor(
    private readonly source: () => Iterable<R>,
    private readonly compare: (a: R, b: R) => number,
    private readonly filter: (row: R) => boolean = () => true,
  ) {}

  /** The sorted rows. The array is owned by the view: read it, never keep it across a write. */
  all(): readonly R[] {
    this.settle();
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
    if (!this.rows || !this.filter(row)) {
      this.settle();
      return;
    }
    const held = this.pending;
    if (held !== undefined && this.order(held, row) === 0 && held.id === row.id) {
      // the replacement sorts exactly where the old row was
      this.rows[this.pendingAt] = row;
      this.pending = undefined;
      return;
    }
    this.settle();
    this.rows.splice(this.position(row), 0, row);
  }

  remove(row: R): void {
    this.settle();
    if (!this.rows || !this.filter(row)) return;
    const at = this.position(row);
    if (this.rows[at] === row) {
      this.pending = row;
      this.pendingAt = at;
    } else {
      // compare() is not total on this row (should not happen); fall back to a search by identity
      const i = this.rows.indexOf(row);
      if (i >= 0) this.rows.splice(i, 1);
    }
  }

  clear(): void {
    this.rows = undefined;
    this.pending = undefined;
  }

  /** Carries out a held-back removal. */
  private settle(): void {
    if (this.pending === undefined) return;
    this.pending = undefined;
    this.rows?.splice(this.pendingAt, 1);
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
