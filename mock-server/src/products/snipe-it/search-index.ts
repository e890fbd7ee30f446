import type { Table, TableIndex } from '../../store/table.js';
import type { UserRow } from './model.js';
import { Postings } from './postings.js';
import { ScratchPages } from '../../scratch-pages.js';
import { searchText } from './search-text.js';
import { ownUint8Array } from '../../own-pages.js';

/** Rows written since the build, beyond which the index is rebuilt on next use rather than patched. */
const MIN_REBUILD = 1000;
const REBUILD_FRACTION = 0.02;

type Key = number | string;

/** Keys below this are ASCII trigrams (7 bits a character). */
const ASCII_KEYS = 1 << 21;

/**
 * The trigram at `i`, as a Map key: an ASCII trigram (nearly all of folded text) packs into a small
 * integer, cheaper to hash than a string and usable as an array index while building. Trigrams across
 * a field separator are not kept: no LIKE match spans two fields.
 */
function gramKey(text: string, i: number): Key | undefined {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  const c = text.charCodeAt(i + 2);
  if (a === 1 || b === 1 || c === 1) return undefined;
  if ((a | b | c) < 0x80) return (a << 14) | (b << 7) | c;
  return text.slice(i, i + 3);
}

/**
 * Which users' search text (`searchText`, every user, deleted or not) contains a literal of three or
 * more characters: a trigram index over row ids, built once (warm-up or first search), then patched
 * as rows change: replaced or deleted rows are struck from the built lists, rows written since are
 * listed apart, and after many writes the whole index is rebuilt.
 */
export class SearchIndex implements TableIndex<UserRow> {
  private grams: Map<Key, Postings> | undefined;
  /** Ids whose built entries no longer describe the current row. */
  private stale = new Set<number>();
  /** Ids of rows written since the build, by trigram (maybe outdated: always verified). */
  private fresh = new Map<Key, number[]>();
  private written = 0;
  private builtRows = 0;

  constructor(private readonly table: Table<UserRow>) {
    table.watch(this);
  }

  build(): void {
    if (this.grams) return;
    const rows = this.table.toArray();
    // gaps need ascending ids; the table lists rows by insertion, which is id order unless a purge was undone
    if (rows.some((u, i) => i > 0 && rows[i - 1].id > u.id)) rows.sort((a, b) => a.id - b.id);
    // ASCII trigrams are collected in an array indexed by key (a Map look-up per character is slow)
    const ascii = new Array<Postings | undefined>(ASCII_KEYS);
    const grams = new Map<Key, Postings>();
    const scratch = new ScratchPages();
    for (const u of rows) {
      const id = u.id;
      const text = searchText(u);
      for (let i = 0; i + 3 <= text.length; i++) {
        const k = gramKey(text, i);
        if (typeof k === 'number') (ascii[k] ??= new Postings(scratch)).push(id);
        else if (k !== undefined) {
          let list = grams.get(k);
          if (!list) grams.set(k, (list = new Postings(scratch)));
          list.push(id);
        }
      }
    }
    ascii.forEach((list, k) => grams.set(k, list!));
    // every list in one block in pages of its own, instead of tens of thousands of small allocations
    let size = 0;
    for (const list of grams.values()) size += list.size;
    const block = ownUint8Array(size);
    let at = 0;
    for (const list of grams.values()) at = list.moveTo(block, at);
    scratch.release();
    this.grams = grams;
    this.builtRows = rows.length;
  }

  /**
   * Calls `visit` with the id of every row whose text may contain `literal` (folded, three characters
   * or more, no separator); `certain` when it surely does. Ids may repeat, and may name rows since deleted.
   */
  find(literal: string, visit: (id: number, certain: boolean) => void): void {
    this.build();
    const keys = new Set<Key>();
    for (let i = 0; i + 3 <= literal.length; i++) keys.add(gramKey(literal, i)!);
    const lists: Postings[] = [];
    for (const k of keys) {
      const list = this.grams!.get(k);
      if (list) lists.push(list);
    }
    if (lists.length === keys.size) {
      const stale = this.stale;
      if (lists.length === 1) {
        // one trigram is the literal itself (or repeats to make it): its list holds the answer
        const certain = literal.length === 3;
        lists[0].forEach((id) => {
          if (stale.size === 0 || !stale.has(id)) visit(id, certain);
        });
      } else {
        // a row holding the literal holds each of its trigrams: intersect, rarest first
        lists.sort((a, b) => a.count - b.count);
        let ids = lists[0].ids();
        for (let i = 1; i < lists.length && ids.length; i++) ids = lists[i].intersect(ids);
        for (const id of ids) if (!stale.has(id)) visit(id, false);
      }
    }
    let written: number[] | undefined;
    for (const k of keys) {
      const list = this.fresh.get(k) ?? [];
      if (!written || list.length < written.length) written = list;
    }
    for (const id of written ?? []) visit(id, false);
  }

  add(row: UserRow): void {
    if (!this.grams) return;
    if (++this.written > Math.max(MIN_REBUILD, this.builtRows * REBUILD_FRACTION)) {
      this.clear();
      return;
    }
    const text = searchText(row);
    for (let i = 0; i + 3 <= text.length; i++) {
      const k = gramKey(text, i);
      if (k === undefined) continue;
      let list = this.fresh.get(k);
      if (!list) this.fresh.set(k, (list = []));
      if (list[list.length - 1] !== row.id) list.push(row.id);
    }
  }

  remove(row: UserRow): void {
    if (this.grams) this.stale.add(row.id);
  }

  /** Entries are by id: an update that leaves the search text alone leaves them true. */
  replace(old: UserRow, row: UserRow): void {
    if (!this.grams || searchText(old) === searchText(row)) return;
    this.remove(old);
    this.add(row);
  }

  clear(): void {
    this.grams = undefined;
    this.stale = new Set();
    this.fresh = new Map();
    this.written = 0;
    this.builtRows = 0;
  }

  /** Built from the table (warm-up or first search): registering needs no pass over the rows. */
  attach(): void {}
}
