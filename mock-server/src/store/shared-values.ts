import type { Row } from './table.js';

/**
 * V8's `JSON.parse` already makes equal strings of up to 10 characters one string, process-wide (it
 * internalizes them), so only longer values are looked at.
 */
const PARSER_SHARES_UP_TO = 10;

/** Longer lists are left alone: the short id lists of memberships are the ones repeated row after row. */
const LIST_SHARED_UP_TO = 16;

/**
 * Makes equal values in loaded tables one value, across tables and products.
 *
 * - Strings: `JSON.parse` gives every occurrence of a longer string its own copy, and the seed gives
 *   each product the same people: the same e-mail, login or date sits in up to five products and in
 *   several columns (about 60 MB at 5 × 100,000 users).
 * - Short lists of plain values (a user's roles or groups, `[29]`, `[7,8]`): each row has its own array,
 *   56 bytes or more for one id, though a few hundred distinct lists cover 100,000 users. The list kept
 *   is frozen, so a change made in place to one user's list would throw instead of reaching every user
 *   sharing it (rows are replaced, never changed, so none is made). A list already frozen is the product's
 *   own shared one (Foreman's) and stays as it is.
 *
 * A value is swapped in place for an equal one, which no reader can tell. The work goes in steps so it
 * can run between requests; the values seen so far are kept only until the last step.
 */
export class ValueSharing {
  private seenStrings = new Map<string, string>();
  private seenLists = new Map<string, readonly unknown[]>();
  private table = 0;
  private row = 0;
  /** How many strings were swapped for an equal one seen before. */
  swappedStrings = 0;
  /** How many lists were swapped for an equal one seen before. */
  swappedLists = 0;

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
    if (!left) {
      this.seenStrings = new Map();
      this.seenLists = new Map();
    }
    return left;
  }

  private shareRow(row: Record<string, unknown>): void {
    for (const key in row) {
      const v = row[key];
      if (typeof v === 'string') {
        if (v.length <= PARSER_SHARES_UP_TO) continue;
        const shared = this.seenStrings.get(v);
        if (shared === undefined) this.seenStrings.set(v, v);
        else {
          row[key] = shared;
          this.swappedStrings++;
        }
      } else if (Array.isArray(v) && v.length && v.length <= LIST_SHARED_UP_TO && !Object.isFrozen(v)) {
        const k = listKey(v);
        if (k === undefined) continue;
        const shared = this.seenLists.get(k);
        if (shared === undefined) this.seenLists.set(k, Object.freeze(v));
        else {
          row[key] = shared;
          this.swappedLists++;
        }
      }
    }
  }
}

/**
 * The list's values as text that tells them apart (a number from its text, `null` from `"null"`), or
 * undefined when it holds anything but strings, finite numbers other than -0, booleans and null.
 */
function listKey(list: readonly unknown[]): string | undefined {
  for (const x of list) {
    if (x === null || typeof x === 'string' || typeof x === 'boolean') continue;
    if (typeof x !== 'number' || !Number.isFinite(x) || Object.is(x, -0)) return undefined;
  }
  return JSON.stringify(list);
}
