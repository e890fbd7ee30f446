import type { TableIndex } from '../../store/table.js';

/**
 * A table's rows in id order (SQLite's rowid order: a SELECT without ORDER BY), built on first use and
 * kept current. An update puts a new row object under the same id, which takes its predecessor's
 * place in the array (a general sorted view would check its neighbours first). New ids are the
 * largest, so an insertion is a push.
 */
export class IdOrder<R extends { readonly id: number }> implements TableIndex<R> {
  private rows: R[] | undefined;

  constructor(private readonly source: () => Iterable<R>) {}

  /** The rows by id. The array is owned by the index: read it, never keep it across a write. */
  all(): readonly R[] {
    if (!this.rows) this.rows = Array.from(this.source()).sort((a, b) => a.id - b.id);
    return this.rows;
  }

  add(row: R): void {
    const rows = this.rows;
    if (!rows) return;
    if (!rows.length || rows[rows.length - 1].id < row.id) rows.push(row);
    else rows.splice(this.position(row.id), 0, row);
  }

  remove(row: R): void {
    const at = this.slotOf(row);
    if (at >= 0) this.rows!.splice(at, 1);
  }

  replace(old: R, row: R): void {
    const at = this.slotOf(old);
    if (at >= 0) this.rows![at] = row;
    else this.add(row);
  }

  clear(): void {
    this.rows = undefined;
  }

  /** Where `row` is in the built index, or -1. */
  private slotOf(row: R): number {
    const rows = this.rows;
    if (!rows) return -1;
    const at = this.position(row.id);
    return rows[at] === row ? at : rows.indexOf(row);
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
