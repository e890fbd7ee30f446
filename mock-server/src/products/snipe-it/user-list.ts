import type { UserRow } from './model.js';

/** The users a query found, in order, read by position (the caller pages them). */
export interface UserList {
  readonly length: number;
  /** The row at position `i`, 0 ≤ i < length. */
  row(i: number): UserRow;
}

/** A list that is an array of rows. */
export class RowArray implements UserList {
  constructor(private readonly rows: readonly UserRow[]) {}

  get length(): number {
    return this.rows.length;
  }

  row(i: number): UserRow {
    return this.rows[i];
  }
}

/**
 * The rows at some places of an order (a search's matches): 4 bytes a match, outside the JavaScript
 * heap, where an array of the rows is 8 bytes a match inside it. A search of 100,000 users often finds
 * tens of thousands; its list is kept for the next pages of the same search, long enough to be copied
 * into the old generation of the heap, and then made work for its full collections.
 */
export class PlacedRows implements UserList {
  /** `places`: positions in `order`, ascending. */
  constructor(
    private readonly order: readonly UserRow[],
    private readonly places: Int32Array,
  ) {}

  get length(): number {
    return this.places.length;
  }

  row(i: number): UserRow {
    return this.order[this.places[i]];
  }
}
