import type { Row } from './table.js';

/**
 * V8's `JSON.parse` already makes equal strings of up to 10 characters one string, process-wide (it
 * internalizes them), so only longer values are looked at.
 */
const PARSER_SHARES_UP_TO = 10;

/**
 * Makes equal strings in loaded tables one string, across tables and products. `JSON.parse` gives every
 * occurrence of a longer string its own copy, and the seed gives each product the same people: the
 * same e-mail, login or date sits in up to five products and in several columns (about 60 MB at
 * 5 × 100,000 users). A value is swapped in place for an equal string, which no reader can tell.
 *
 * The work goes in steps so it can run between requests; the strings seen so far are kept only until
 * the last step.
 */
export class StringSharing {
  private seen = new Map<string, string>();
  private table = 0;
  private row = 0;
  /** How many values were swapped for an equal string seen before. */
  swapped = 0;

  constructor(private readonly tables: ReadonlyArray<readonly Row[]>) {}

  /** Goes through up to `rows` more rows; returns whether any are left. */
  step(rows: number): boolean {
    let budget = rows;
    while (budget > 0 && this.table < this.tables.length) {
      const table = this.tables[this.table];
      const end = Math.min(table.length, this.row + budget);
      for (let i = this.row; i < end; i++) this.shareRow(table[i] as unknown as Record<string, unknown>);
      budget -= end - this.row;
      this.row = end;
      if (end === table.length) {
        this.table++;
        this.row = 0;
      }
    }
    const left = this.table < this.tables.length;
    if (!left) this.seen = new Map();
    return left;
  }

  private shareRow(row: Record<string, unknown>): void {
    for (const key in row) {
      const v = row[key];
      if (typeof v !== 'string' || v.length <= PARSER_SHARES_UP_TO) continue;
      const shared = this.seen.get(v);
      if (shared === undefined) this.seen.set(v, v);
      else {
        row[key] = shared;
        this.swapped++;
      }
    }
  }
}
