import { mergeSorted } from '../../store/merge-sorted.js';
import type { TableIndex } from '../../store/table.js';
import type { UserRow } from './model.js';
import { ownInt32Array, ownUint8Array } from '../../own-pages.js';

/**
 * A trigram index over the users' text columns (login, firstname, lastname, mail, description), in the
 * default list order, for "contains" searches: it answers a superset of the rows whose column contains
 * the needle case-insensitively, in list order, without reading every row. Callers then apply the exact
 * scoped_search predicate to these candidates only.
 *
 * Case-insensitivity: scoped_search's ILIKE is emulated with a /iu RegExp, which compares by Unicode
 * simple case folding. Rows and needles are folded here one code point at a time to
 * `lower(upper(c))` (see `foldChar`), which maps every simple-case-folding class to one value, so a
 * RegExp match always implies a match here (the other way round need not hold: candidates are checked).
 *
 * Memory: the postings of rows present when the index is built sit in one Int32Array; trigrams found in
 * more than a tenth of the rows (mail domains) are not indexed, since they narrow nothing. Rows added
 * later go to a small tail; removed rows are marked dead; past a fifth of changes the index is rebuilt on
 * next use.
 */
export class UserTextIndex implements TableIndex<UserRow> {
  private ready = false;
  /** Rows in list order at build time (never changed until the next build). */
  private order: UserRow[] = [];
  private dead = new Uint8Array(0);
  private deadCount = 0;
  /** Trigram key → [start, end) in `postings`. */
  private spans = new Map<number | string, number>();
  private starts = new Int32Array(0);
  private postings = new Int32Array(0);
  /** For each posting, the columns (`COLUMN` bits) of the row that hold the trigram. */
  private columns = new Uint8Array(0);
  /** Trigrams left out of `postings` (too common to narrow a search). */
  private common = new Set<number | string>();
  private tail: Array<UserRow | undefined> = [];
  private tailPosition = new Map<UserRow, number>();
  private tailGrams = new Map<number | string, number[]>();

  constructor(
    private readonly view: { all(): readonly UserRow[] },
    private readonly filter: (u: UserRow) => boolean,
    /** The view's order, ties by id. */
    private readonly compare: (a: UserRow, b: UserRow) => number,
  ) {}

  /**
   * Candidate rows (in list order) for "one of these text columns (`COLUMN` bits) contains `needle`",
   * or null when the index cannot narrow the search (needle shorter than a trigram, or made of common
   * trigrams only).
   */
  candidates(needle: string, columns: number = ALL_COLUMNS): UserRow[] | null {
    const n = foldText(needle);
    if (n.length < 3 || hasSurrogate(n)) return null;
    this.ensure();
    let best = -1;
    let bestSize = Infinity;
    let tailBest: number[] | undefined;
    let tailSize = Infinity;
    for (let i = 0; i + 3 <= n.length; i++) {
      const key = gramKey(n, i);
      const id = this.spans.get(key);
      if (id !== undefined) {
        const size = this.starts[id + 1] - this.starts[id];
        if (size < bestSize) {
          best = id;
          bestSize = size;
        }
      } else if (!this.common.has(key)) bestSize = 0;
      const t = this.tailGrams.get(key);
      const ts = t ? t.length : 0;
      if (ts < tailSize) {
        tailSize = ts;
        tailBest = t;
      }
    }
    const out: UserRow[] = [];
    if (bestSize === Infinity) return null; // every trigram is a common one
    if (bestSize > 0 && best >= 0) {
      for (let p = this.starts[best], end = this.starts[best + 1]; p < end; p++) {
        const pos = this.postings[p];
        if (!this.dead[pos] && this.columns[p] & columns) out.push(this.order[pos]);
      }
    }
    if (tailSize > 0 && tailBest) {
      const extra: UserRow[] = [];
      for (const i of tailBest) {
        const r = this.tail[i];
        if (r) extra.push(r);
      }
      if (extra.length) return mergeSorted(out, extra.sort(this.compare), this.compare);
    }
    return out;
  }

  add(row: UserRow): void {
    if (!this.ready || !this.filter(row)) return;
    const i = this.tail.length;
    this.tail.push(row);
    this.tailPosition.set(row, i);
    for (const key of rowGrams(row)) {
      const list = this.tailGrams.get(key);
      if (list) list.push(i);
      else this.tailGrams.set(key, [i]);
    }
    this.maybeReset();
  }

  remove(row: UserRow): void {
    if (!this.ready || !this.filter(row)) return;
    const t = this.tailPosition.get(row);
    if (t !== undefined) {
      this.tail[t] = undefined;
      this.tailPosition.delete(row);
      this.deadCount++;
    } else {
      const pos = this.positionOf(row);
      if (pos >= 0 && !this.dead[pos]) {
        this.dead[pos] = 1;
        this.deadCount++;
      }
    }
    this.maybeReset();
  }

  /** Built from the view on first search: registering needs no pass over the rows. */
  attach(): void {}

  clear(): void {
    this.ready = false;
    this.order = [];
    this.dead = new Uint8Array(0);
    this.spans = new Map();
    this.starts = new Int32Array(0);
    this.postings = new Int32Array(0);
    this.columns = new Uint8Array(0);
    this.common = new Set();
    this.tail = [];
    this.tailPosition = new Map();
    this.tailGrams = new Map();
    this.deadCount = 0;
  }

  private maybeReset(): void {
    if (this.deadCount + this.tail.length > Math.max(1000, this.order.length / 5)) this.clear();
  }

  /** Where a row present at build time sits in `order` (binary search by the list order), or -1. */
  private positionOf(row: UserRow): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.order[mid], row) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.order.length && this.order[lo] === row ? lo : -1;
  }

  private ensure(): void {
    if (this.ready) return;
    const order = this.view.all().slice();
    const n = order.length;
    // pass 1: every row's distinct trigrams, as ids (in one flat array), and how many rows hold each.
    // ASCII trigrams (nearly all) are numbered through a dense table; others through a Map.
    const dense = ownInt32Array(1 << 21).fill(-1);
    const ids = new Map<number | string, number>();
    const keys: Array<number | string> = [];
    let counts = ownInt32Array(1 << 16);
    let stamp = ownInt32Array(1 << 16).fill(-1);
    let where = ownInt32Array(1 << 16);
    let flat = ownInt32Array(n * 24);
    let flatColumns = ownUint8Array(n * 24);
    const rowEnd = ownInt32Array(n);
    let used = 0;
    let pos = 0;
    let column = 0;
    const note = (id: number) => {
      if (stamp[id] === pos) {
        flatColumns[where[id]] |= column;
        return;
      }
      stamp[id] = pos;
      counts[id]++;
      if (used === flat.length) {
        const grown = ownInt32Array(flat.length * 2);
        grown.set(flat);
        flat = grown;
        const grownColumns = ownUint8Array(flat.length);
        grownColumns.set(flatColumns);
        flatColumns = grownColumns;
      }
      where[id] = used;
      flatColumns[used] = column;
      flat[used++] = id;
    };
    const newId = (key: number | string): number => {
      const id = keys.length;
      keys.push(key);
      if (id === counts.length) {
        const c = ownInt32Array(id * 2);
        c.set(counts);
        counts = c;
        const st = ownInt32Array(id * 2).fill(-1);
        st.set(stamp);
        stamp = st;
        const w = ownInt32Array(id * 2);
        w.set(where);
        where = w;
      }
      return id;
    };
    const scan = (value: unknown, bit: number) => {
      if (typeof value !== 'string' || value.length < 3) return;
      column = bit;
      if (ASCII.test(value)) {
        let a = lowerAscii(value.charCodeAt(0));
        let b = lowerAscii(value.charCodeAt(1));
        for (let i = 2; i < value.length; i++) {
          const c = lowerAscii(value.charCodeAt(i));
          const slot = (a << 14) | (b << 7) | c;
          let id = dense[slot];
          if (id < 0) id = dense[slot] = newId((a << 20) | (b << 10) | c);
          note(id);
          a = b;
          b = c;
        }
        return;
      }
      const t = foldText(value);
      for (let i = 0; i + 3 <= t.length; i++) {
        const key = gramKey(t, i);
        let id = typeof key === 'number' && key < 1 << 27 && isAsciiKey(key) ? dense[asciiSlot(key)] : ids.get(key);
        if (id === undefined || id < 0) {
          id = newId(key);
          if (typeof key === 'number' && isAsciiKey(key)) dense[asciiSlot(key)] = id;
          else ids.set(key, id);
        }
        note(id);
      }
    };
    for (pos = 0; pos < n; pos++) {
      const u = order[pos];
      scan(u.login, COLUMN.login);
      scan(u.firstname, COLUMN.firstname);
      scan(u.lastname, COLUMN.lastname);
      scan(u.mail, COLUMN.mail);
      scan(u.description, COLUMN.description);
      rowEnd[pos] = used;
    }
    // trigrams held by more than a tenth of the rows narrow nothing: left out
    const limit = Math.max(1000, Math.floor(n / 10));
    const slot = ownInt32Array(keys.length).fill(-1);
    const spans = new Map<number | string, number>();
    const common = new Set<number | string>();
    const sizes: number[] = [];
    for (let id = 0; id < keys.length; id++) {
      if (counts[id] > limit) common.add(keys[id]);
      else {
        slot[id] = sizes.length;
        spans.set(keys[id], sizes.length);
        sizes.push(counts[id]);
      }
    }
    const starts = ownInt32Array(sizes.length + 1);
    for (let i = 0; i < sizes.length; i++) starts[i + 1] = starts[i] + sizes[i];
    // pass 2: postings, in list order within each trigram
    const fill = ownInt32Array(sizes.length);
    fill.set(starts.subarray(0, sizes.length));
    const postings = ownInt32Array(starts[sizes.length]);
    const columns = ownUint8Array(starts[sizes.length]);
    let from = 0;
    for (let p = 0; p < n; p++) {
      for (let k = from, end = rowEnd[p]; k < end; k++) {
        const s = slot[flat[k]];
        if (s >= 0) {
          columns[fill[s]] = flatColumns[k];
          postings[fill[s]++] = p;
        }
      }
      from = rowEnd[p];
    }
    this.order = order;
    this.dead = ownUint8Array(n);
    this.deadCount = 0;
    this.spans = spans;
    this.starts = starts;
    this.postings = postings;
    this.columns = columns;
    this.common = common;
    this.tail = [];
    this.tailPosition = new Map();
    this.tailGrams = new Map();
    this.ready = true;
  }
}

/** The text columns, as bits. */
export const COLUMN = { login: 1, firstname: 2, lastname: 4, mail: 8, description: 16 } as const;
const ALL_COLUMNS = 31;

/** The distinct trigram keys of a user's text columns (each column on its own: no trigram spans two). */
function rowGrams(u: UserRow): Array<number | string> {
  const seen = new Set<number | string>();
  collectGrams(seen, u);
  return [...seen];
}

function collectGrams(into: Set<number | string>, u: UserRow): void {
  addGrams(into, u.login);
  addGrams(into, u.firstname);
  addGrams(into, u.lastname);
  addGrams(into, u.mail);
  addGrams(into, u.description);
}

function addGrams(into: Set<number | string>, value: unknown): void {
  if (typeof value !== 'string' || value.length < 3) return;
  if (ASCII.test(value)) {
    // lower case on the fly: no folded copy of the text
    let a = lowerAscii(value.charCodeAt(0));
    let b = lowerAscii(value.charCodeAt(1));
    for (let i = 2; i < value.length; i++) {
      const c = lowerAscii(value.charCodeAt(i));
      into.add((a << 20) | (b << 10) | c);
      a = b;
      b = c;
    }
    return;
  }
  const t = foldText(value);
  for (let i = 0; i + 3 <= t.length; i++) into.add(gramKey(t, i));
}

/** Whether a small-integer trigram key (see `gramKey`) is made of three ASCII code units. */
function isAsciiKey(key: number): boolean {
  return (key & 0x3ff) < 128 && ((key >> 10) & 0x3ff) < 128 && key >> 20 < 128;
}

function asciiSlot(key: number): number {
  return ((key >> 20) << 14) | (((key >> 10) & 0x3ff) << 7) | (key & 0x3ff);
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** A trigram as a small integer when its three code units are below 1024, else as text. */
function gramKey(t: string, i: number): number | string {
  const a = t.charCodeAt(i);
  const b = t.charCodeAt(i + 1);
  const c = t.charCodeAt(i + 2);
  return a < 1024 && b < 1024 && c < 1024 ? (a << 20) | (b << 10) | c : t.slice(i, i + 3);
}

function hasSurrogate(s: string): boolean {
  return /[\ud800-\udfff]/.test(s);
}

const ASCII = /^[\x00-\x7f]*$/;
const folded = new Map<string, string>();

/** `foldChar` over a text, one code point at a time (ASCII: plain lower case). */
export function foldText(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) out += foldChar(ch);
  return out;
}

/**
 * One code point folded so that characters equal under Unicode simple case folding (what a /iu
 * RegExp compares) fold alike: `lower(upper(c))` when both mappings give one code point, else
 * `lower(c)` when that is one code point, else `c`.
 */
export function foldChar(ch: string): string {
  let f = folded.get(ch);
  if (f === undefined) {
    const single = (s: string) => s.length === 1 || (s.length === 2 && s.codePointAt(0)! > 0xffff);
    const up = ch.toUpperCase();
    const lowUp = single(up) ? up.toLowerCase() : '';
    const low = ch.toLowerCase();
    f = single(up) && single(lowUp) ? lowUp : single(low) ? low : ch;
    folded.set(ch, f);
  }
  return f;
}

