import { objectLiteralOf } from './row-shapes.js';
import type { Row } from './table.js';

/*
 * Rows as the data file stores them: each row an array of its values, led by the number of its key
 * set, and each table's key sets (the property names, in order) listed once. Rows leave out the fields
 * they do not set, so a table has a few hundred key sets at most (ITSM-NG's 100,000 users have 353),
 * and the file names each property a few hundred times instead of once per row: half the bytes, and
 * `JSON.parse` no longer matches every key of every row.
 */

/** The writer's side: which key set each row has, numbered in the order they first appear. */
export class KeySetList {
  readonly list: string[][] = [];
  /** Every property name met, numbered: a key set's signature is made of these numbers. */
  private readonly nameNumbers = new Map<string, number>();
  /** The key sets of each signature (almost always one). */
  private readonly bySignature = new Map<number, number[]>();
  private last = -1;

  /** `row` as a keyed row's JSON text. Properties holding `undefined` are left out, as JSON.stringify does. */
  rowJson(row: Row): string {
    let keys = Object.keys(row);
    let values: unknown[] = Object.values(row);
    if (values.includes(undefined)) {
      keys = keys.filter((_, i) => values[i] !== undefined);
      values = values.filter((v) => v !== undefined);
    }
    values.unshift(this.numberOf(keys));
    return JSON.stringify(values);
  }

  private numberOf(keys: string[]): number {
    // most rows repeat the key set of the row before; the others are found by a signature of numbers,
    // which costs a quarter of what making a string of the names (to look that up) does
    if (this.last >= 0 && sameKeys(this.list[this.last], keys)) return this.last;
    let signature = keys.length;
    for (const name of keys) {
      let n = this.nameNumbers.get(name);
      if (n === undefined) this.nameNumbers.set(name, (n = this.nameNumbers.size));
      signature = (Math.imul(signature, 31) + n) | 0;
    }
    const candidates = this.bySignature.get(signature);
    const known = candidates?.find((c) => sameKeys(this.list[c], keys));
    if (known !== undefined) return (this.last = known);
    this.last = this.list.length;
    this.list.push(keys);
    if (candidates) candidates.push(this.last);
    else this.bySignature.set(signature, [this.last]);
    return this.last;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The reader's side: makes row objects from keyed rows, or says a table is not valid as such.
 *
 * Each key set gets a function returning an object literal with its properties (made with `Function`
 * from the names, each written as a JSON string, so a name cannot be read as code). V8 makes every
 * such object in one step, with its final shape and its properties inside it. Parsing the five
 * products' files at 100,000 users took 1.94 s against 2.19 s for rows as objects (averages of eight
 * alternating pairs): JSON.parse saves more than making the objects costs. Assigning the names one by
 * one instead was slower, and its objects kept their properties outside themselves: 414–418 MB of
 * heap in use after the parse, against 271 MB.
 */
export class RowMaker {
  private readonly makers: Array<(values: unknown[]) => Row>;
  private readonly lengths: number[];

  private constructor(keySets: string[][]) {
    this.makers = keySets.map((keys) => objectLiteralOf(keys, 1));
    this.lengths = keySets.map((keys) => keys.length + 1);
  }

  /** A maker for these key sets, or undefined when they are not lists of names. */
  static of(keySets: unknown): RowMaker | undefined {
    if (!Array.isArray(keySets)) return undefined;
    for (const keys of keySets) if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) return undefined;
    return new RowMaker(keySets as string[][]);
  }

  /** Appends the row objects of `keyed` to `into`; false (with `into` partly filled) when one is not a keyed row. */
  makeInto(keyed: readonly unknown[], into: Row[]): boolean {
    for (const values of keyed) {
      if (!Array.isArray(values)) return false;
      const n: unknown = values[0];
      if (typeof n !== 'number' || values.length !== this.lengths[n]) return false;
      into.push(this.makers[n](values));
    }
    return true;
  }
}
