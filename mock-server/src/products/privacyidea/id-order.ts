import type { TableIndex } from '../../store/table.js';

/**
 * A table's rows in id order (SQLite's rowid order: a SELECT without ORDER BY), built on first use and
 * kept current. An update puts a new row object under the same id, so it takes its predecessor's
 * place in the array instead of moving the array's tail twice, as a general sorted view does (one
 * removal, one insertion: about 100,000 element moves per update at this scale, each one through the
 * garbage collector's write barrier). New ids are the largest, so an insertion is a push.
 */
export class IdOrder<R extends { readonly id: number }> implements TableIndex<R> {
  private rows: R[] | undefined;
  /** The place of a row just removed (still in the array): the next add of its id fills it. */
  private hole = -1;

  constructor(private readonly source: () => Iterable<R>) {}

  /** The rows by id. The array is owned by the index: read it, never keep it across a write. */
  all(): readonly R[] {
    this.settle();
    if (!this.rows) this.rows = Array.from(this.source()).sort((a, b) => a.id - b.id);
    return this.rows;
  }

  add(row: R): void {
    const rows = this.rows;
    if (!rows) return;
    if (this.hole >= 0) {
      if (rows[this.hole].id === row.id) {
        rows[this.hole] = row;
        this.hole = -1;
        return;
      }
      this.settle();
    }
    if (!rows.length || rows[rows.length - 1].id < row.id) rows.push(row);
    else rows.splice(this.position(row.id), 0, row);
  }

  remove(row: R): void {
    const rows = this.rows;
    if (!rows) return;
    this.settle();
    const at = this.position(row.id);
    if (rows[at] === row) this.hole = at;
    else {
      const i = rows.indexOf(row);
      if (i >= 0) rows.splice(i, 1);
    }
  }

  clear(): void {
    this.rows = undefined;
    this.hole = -1;
  }

  /** Applies a pending removal. */
  private settle(): void {
    if (this.hole >= 0) {
      this.rows!.splice(this.hole, 1);
      this.hole = -1;
    }
  }

  /** First index whose row's id is not below `id`. */
  private position(id: number): number {
    const rows = this.rows!;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid].id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
