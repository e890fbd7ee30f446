import { ownUint8Array } from '../../own-pages.js';
import type { ScratchPages } from '../../scratch-pages.js';

const NO_BYTES = ownUint8Array(0);
const FIRST_CAPACITY = 16;

/**
 * An ascending list of row ids stored as variable-length gaps (7 bits a byte): a trigram found in
 * most rows costs one byte a row instead of four, which keeps a trigram index of 100,000 users'
 * search text near 10 MB.
 *
 * While a list is built its bytes grow in `scratch` (every list of an index in the same pages, given
 * back together once the lists are moved into their block). Grown as typed arrays of their own, the
 * tens of thousands of lists of an index left about 20 MB of holes in malloc's heap for good. Every
 * list's bytes are views of pages of their own (`own-pages.ts`), so reading them stays one kind of load.
 */
export class Postings {
  /** How many ids the list holds. */
  count = 0;
  private bytes = NO_BYTES;
  private length = 0;
  private last = 0;

  constructor(private scratch?: ScratchPages) {}

  /** Appends `id` (ids must come in ascending order; the same id twice is kept once). */
  push(id: number): void {
    if (id === this.last && this.count > 0) return;
    let gap = id - this.last;
    this.last = id;
    this.count++;
    if (this.length + 5 > this.bytes.length) {
      const size = Math.max(FIRST_CAPACITY, this.bytes.length * 2);
      const grown = this.scratch ? this.scratch.take(size) : ownUint8Array(size);
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    while (gap >= 0x80) {
      this.bytes[this.length++] = (gap & 0x7f) | 0x80;
      gap >>>= 7;
    }
    this.bytes[this.length++] = gap;
  }

  /** Bytes the list takes, without spare capacity. */
  get size(): number {
    return this.length;
  }

  /**
   * Moves the list (once complete) into `block` at `at`, without spare capacity, and answers where the
   * next list goes; its scratch pages may then be given back. A later `push` copies the list out again,
   * into pages of its own, before growing.
   */
  moveTo(block: Uint8Array<ArrayBuffer>, at: number): number {
    block.set(this.bytes.subarray(0, this.length), at);
    this.bytes = block.subarray(at, at + this.length);
    this.scratch = undefined;
    return at + this.length;
  }

  /** Calls `visit` with each id, in ascending order. */
  forEach(visit: (id: number) => void): void {
    const bytes = this.bytes;
    let id = 0;
    let at = 0;
    for (let n = 0; n < this.count; n++) {
      let gap = 0;
      let shift = 0;
      let b: number;
      do {
        b = bytes[at++];
        gap |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      id += gap;
      visit(id);
    }
  }

  /** The ids, in ascending order. */
  ids(): number[] {
    const out: number[] = [];
    this.forEach((id) => out.push(id));
    return out;
  }

  /** The ids of `sorted` (ascending) that this list also holds. */
  intersect(sorted: readonly number[]): number[] {
    const out: number[] = [];
    const mine = this.ids();
    let j = 0;
    for (const id of sorted) {
      while (j < mine.length && mine[j] < id) j++;
      if (j === mine.length) break;
      if (mine[j] === id) out.push(id);
    }
    return out;
  }
}
