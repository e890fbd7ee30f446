import { IdMap } from './id-map.js';
import { mergeSorted } from './merge-sorted.js';
import { registerCompactable } from '../caches.js';
import { ownInt32Array } from '../own-pages.js';
import type { Row, SortedView, Table } from './table.js';

export interface TextIndexOptions<R extends Row> {
  /** The searchable text of a row. Join several fields with `\u0001` so no match spans two. */
  text: (row: R) => string;
  /** Folding applied to row text and needles alike (default: lower case). */
  fold?: (s: string) => string;
  /** Only rows passing this are searched (give the same filter as `order`'s view). */
  filter?: (row: R) => boolean;
  /** Build in this view's order, so results come out sorted by it. */
  order?: SortedView<R>;
  /** The view's comparator, to merge rows added since the last build into that order. */
  compare?: (a: R, b: R) => number;
}

const DEAD_FRACTION = 0.2;

/**
 * Case-insensitive substring search over a table ("contains", SQL `LIKE '%x%'`), answering every
 * match (so totals are exact) without reading every row: a trigram index, built on first use and
 * kept current as rows change. Needles shorter than three characters fall back to a scan.
 */
export class TextIndex<R extends Row> {
  private rows: Array<R | undefined> = [];
  private texts: Array<string | undefined> = [];
  /** Each indexed row's place in `rows`, by id (an update that keeps the text keeps the place). */
  private position = new IdMap<number>();
  private grams = new Map<string, Int32Array>();
  private extra = new Map<string, number[]>();
  private built = 0;
  private dead = 0;
  private ready = false;
  private readonly fold: (s: string) => string;

  constructor(
    private readonly table: Table<R>,
    private readonly options: TextIndexOptions<R>,
  ) {
    this.fold = options.fold ?? ((s) => s.toLowerCase());
    // attach: built from the table (or the view) on first search, not fed the rows at registration
    table.watch({ add: (r) => this.add(r), remove: (r) => this.remove(r), replace: (old, r) => this.replace(old, r), clear: () => this.reset(), attach: () => undefined });
    registerCompactable(this);
  }

  /** Rows whose text contains `needle` (folded), in build order (the view's order, if given). */
  contains(needle: string): R[] {
    this.ensure();
    const n = this.fold(needle);
    const out: R[] = [];
    if (n.length < 3) {
      for (let i = 0; i < this.texts.length; i++) {
        const t = this.texts[i];
        if (t !== undefined && t.includes(n)) out.push(this.rows[i]!);
      }
      return this.mergeTail(out);
    }
    // the rarest trigram of the needle bounds the candidates
    let best: { frozen?: Int32Array; tail?: number[]; size: number } | undefined;
    for (let i = 0; i + 3 <= n.length; i++) {
      const g = n.slice(i, i + 3);
      const frozen = this.grams.get(g);
      const tail = this.extra.get(g);
      const size = (frozen?.length ?? 0) + (tail?.length ?? 0);
      if (size === 0) return [];
      if (!best || size < best.size) best = { frozen, tail, size };
    }
    const visit = (i: number) => {
      const t = this.texts[i];
      if (t !== undefined && t.includes(n)) out.push(this.rows[i]!);
    };
    if (best?.frozen) for (const i of best.frozen) visit(i);
    if (best?.tail) for (const i of best.tail) visit(i);
    return this.mergeTail(out);
  }

  /** Rows added since the build sit at the end; put them in the view's order. */
  private mergeTail(out: R[]): R[] {
    const compare = this.options.compare;
    if (!compare || this.rows.length === this.built) return out;
    let split = out.length;
    while (split > 0 && this.position.get(out[split - 1].id)! >= this.built) split--;
    if (split === out.length) return out;
    return mergeSorted(out.slice(0, split), out.slice(split).sort(compare), compare);
  }

  private ensure(): void {
    if (this.ready) return;
    const source = this.options.order ? this.options.order.all() : this.table.toArray();
    const lists = new Map<string, number[]>();
    this.rows = [];
    this.texts = [];
    this.position = new IdMap<number>();
    for (const row of source) {
      if (this.options.filter && !this.options.filter(row)) continue;
      const i = this.rows.length;
      const text = this.fold(this.options.text(row));
      this.rows.push(row);
      this.texts.push(text);
      this.position.set(row.id, i);
      for (const g of trigrams(text)) {
        let list = lists.get(g);
        if (!list) lists.set(g, (list = []));
        list.push(i);
      }
    }
    this.grams = packPostings(Array.from(lists, ([g, list]) => [g, [list]]));
    this.extra = new Map();
    this.built = this.rows.length;
    this.dead = 0;
    this.ready = true;
  }

  /**
   * Moves the posting lists of rows added since the build into one block with the others. Those lists
   * are arrays in V8's heap, 8 bytes an entry and more as they grow (9.4 MB across the products'
   * indexes after the bench's write load reproduced on one server); in the block an entry takes 4.
   * Each trigram's list keeps its order (the added rows' places all come after the built ones'), so
   * answers are unchanged.
   */
  compact(): void {
    if (!this.ready || this.extra.size === 0) return;
    const parts: Array<[string, ArrayLike<number>[]]> = [];
    for (const [g, frozen] of this.grams) {
      const tail = this.extra.get(g);
      parts.push([g, tail ? [frozen, tail] : [frozen]]);
    }
    for (const [g, tail] of this.extra) if (!this.grams.has(g)) parts.push([g, [tail]]);
    this.grams = packPostings(parts);
    this.extra = new Map();
  }

  private add(row: R): void {
    if (!this.ready || (this.options.filter && !this.options.filter(row))) return;
    const i = this.rows.length;
    const text = this.fold(this.options.text(row));
    this.rows.push(row);
    this.texts.push(text);
    this.position.set(row.id, i);
    for (const g of trigrams(text)) {
      let list = this.extra.get(g);
      if (!list) this.extra.set(g, (list = []));
      list.push(i);
    }
  }

  /**
   * A row whose searchable text and place in the order are unchanged takes its predecessor's slot;
   * otherwise it is re-indexed.
   */
  private replace(old: R, row: R): void {
    if (!this.ready) return;
    const { filter, compare, text } = this.options;
    const i = this.position.get(old.id);
    if (
      i !== undefined &&
      this.rows[i] === old &&
      (!filter || filter(row)) &&
      (!compare || compare(old, row) === 0) &&
      this.fold(text(row)) === this.texts[i]
    ) {
      this.rows[i] = row;
      return;
    }
    this.remove(old);
    this.add(row);
  }

  private remove(row: R): void {
    if (!this.ready) return;
    const i = this.position.get(row.id);
    if (i === undefined || this.rows[i] !== row) return;
    this.position.delete(row.id);
    this.rows[i] = undefined;
    this.texts[i] = undefined;
    // too many holes: rebuild on next use rather than carry them
    if (++this.dead > Math.max(1000, this.rows.length * DEAD_FRACTION)) this.reset();
  }

  private reset(): void {
    this.ready = false;
    this.rows = [];
    this.texts = [];
    this.position = new IdMap<number>();
    this.grams = new Map();
    this.extra = new Map();
  }
}

/**
 * Each trigram's posting list, made of its parts in order, with every list in one block in pages of its
 * own instead of one allocation per trigram.
 */
function packPostings(parts: ReadonlyArray<[string, ReadonlyArray<ArrayLike<number>>]>): Map<string, Int32Array> {
  let total = 0;
  for (const [, lists] of parts) for (const list of lists) total += list.length;
  const postings = ownInt32Array(total);
  const grams = new Map<string, Int32Array>();
  let at = 0;
  for (const [g, lists] of parts) {
    const start = at;
    for (const list of lists) {
      postings.set(list, at);
      at += list.length;
    }
    grams.set(g, postings.subarray(start, at));
  }
  return grams;
}

/** The distinct trigrams of a text. */
function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 3 <= text.length; i++) out.add(text.slice(i, i + 3));
  return out;
}
