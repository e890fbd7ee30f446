import { compareIds, type TableIndex } from '../../store/table.js';
import type { Rec } from './model.js';

/**
 * Rows that pass `filter`, sorted by `compare` then id — like the store's SortedView, but an update
 * (the table removes the old row, then adds its replacement) that keeps the row's place overwrites
 * the slot instead of moving the rest of a 100,000-row array twice.
 */
export class OrderedRows implements TableIndex<Rec> {
  private rows: Rec[] | undefined;
  /** A removed row whose slot is kept until the next add tells whether its replacement fits there. */
  private vacated: { at: number; row: Rec } | undefined;

  constructor(
    private readonly source: () => Iterable<Rec>,
    private readonly compare: (a: Rec, b: Rec) => number,
    private readonly filter: (row: Rec) => boolean,
  ) {}

  /** The sorted rows. The array is owned by the view: read it, never keep it across a write. */
  all(): readonly Rec[] {
    this.settle();
    if (!this.rows) {
      const rows: Rec[] = [];
      for (const r of this.source()) if (this.filter(r)) rows.push(r);
      rows.sort((a, b) => this.order(a, b));
      this.rows = rows;
    }
    return this.rows;
  }

  add(row: Rec): void {
    if (!this.rows) return;
    const v = this.vacated;
    if (!this.filter(row)) {
      this.settle();
      return;
    }
    if (v) {
      this.vacated = undefined;
      if (v.row.id === row.id && this.fits(v.at, row)) {
        this.rows[v.at] = row;
        return;
      }
      this.rows.splice(v.at, 1);
    }
    this.rows.splice(this.position(row), 0, row);
  }

  remove(row: Rec): void {
    if (!this.rows || !this.filter(row)) return;
    this.settle();
    const at = this.position(row);
    const i = this.rows[at] === row ? at : this.rows.indexOf(row);
    if (i >= 0) this.vacated = { at: i, row };
  }

  clear(): void {
    this.rows = undefined;
    this.vacated = undefined;
  }

  private settle(): void {
    if (!this.vacated) return;
    this.rows!.splice(this.vacated.at, 1);
    this.vacated = undefined;
  }

  /** Whether `row` sorts between the neighbours of slot `at`. */
  private fits(at: number, row: Rec): boolean {
    const rows = this.rows!;
    return (at === 0 || this.order(rows[at - 1], row) < 0) && (at === rows.length - 1 || this.order(row, rows[at + 1]) < 0);
  }

  private order(a: Rec, b: Rec): number {
    return this.compare(a, b) || compareIds(a.id, b.id);
  }

  /** First index whose row is not ordered before `row`. */
  private position(row: Rec): number {
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
