import { filled, get, scalar, type InputObject } from './input.js';
import { direction, likeMatcher, paging } from './listing.js';
import { compareNumber, compareText, fold, foldLike } from './php.js';

/** A searchable column: its value, and whether it is a date (searched only with date-like terms). */
export type SearchField = readonly [value: string | null | undefined, date?: boolean];

/**
 * The Searchable trait for small tables: any term (split on " OR ") LIKE any field. Date columns
 * are skipped unless the term could be part of a timestamp.
 */
export function textSearch<R>(search: string, fields: (row: R) => readonly SearchField[]): (row: R) => boolean {
  const terms = search.split(' OR ').map((t) => ({ match: likeMatcher(t), datey: /^[0-9 :-]+$/.test(t) }));
  return (row) => {
    const values = fields(row);
    return terms.some((t) => values.some(([v, date]) => v !== null && v !== undefined && (!date || t.datey) && t.match(foldLike(v))));
  };
}

export interface SortKey<R> {
  readonly key: (row: R) => string | number | null | undefined;
  readonly text: boolean;
}

/** Filters, sorts (ties by id) and pages a small table the way the index controllers do. */
export function listSmall<R extends { id: number }>(
  rows: Iterable<R>,
  input: InputObject,
  options: {
    search?: (search: string) => (row: R) => boolean;
    filters?: ReadonlyArray<readonly [param: string, value: (row: R) => string | number | null | undefined]>;
    sort: ReadonlyArray<SortKey<R>>;
  },
): { total: number; rows: R[] } {
  const keep: Array<(row: R) => boolean> = [];
  if (options.search && filled(input, 'search')) keep.push(options.search(String(scalar(get(input, 'search')))));
  for (const [param, value] of options.filters ?? []) {
    if (!filled(input, param)) continue;
    const wanted = fold(String(scalar(get(input, param))));
    keep.push((row) => {
      const v = value(row);
      return v !== null && v !== undefined && fold(String(v)) === wanted;
    });
  }
  const matches: R[] = [];
  for (const row of rows) if (keep.every((k) => k(row))) matches.push(row);
  const dir = direction(input);
  matches.sort((a, b) => {
    for (const s of options.sort) {
      const ka = s.key(a);
      const kb = s.key(b);
      const c = s.text ? compareText(ka as string | null | undefined, kb as string | null | undefined) : compareNumber(ka as number | null | undefined, kb as number | null | undefined);
      if (c !== 0) return c * dir;
    }
    return a.id - b.id;
  });
  const { offset, limit } = paging(input, matches.length);
  return { total: matches.length, rows: matches.slice(offset, offset + limit) };
}

/** The select2 list of a small table: name LIKE search, by name, 50 a page. */
export function selectList<R extends { id: number; name: string }>(rows: Iterable<R>, input: InputObject): Record<string, unknown> {
  const search = filled(input, 'search') ? likeMatcher(String(scalar(get(input, 'search')))) : undefined;
  const matches = [...rows].filter((r) => !search || search(foldLike(r.name)));
  matches.sort((a, b) => compareText(a.name, b.name) || a.id - b.id);
  const rawPage = scalar(get(input, 'page'));
  const page = /^\d+$/.test(String(rawPage ?? '')) && Number(rawPage) >= 1 ? Number(rawPage) : 1;
  const lastPage = Math.max(1, Math.ceil(matches.length / 50));
  return {
    results: matches.slice((page - 1) * 50, page * 50).map((r) => ({ id: r.id, text: r.name, image: null })),
    pagination: { more: page < lastPage, per_page: 50 },
    total_count: matches.length,
    page,
    page_count: lastPage,
  };
}

/** A sort parameter in the allowed list, else the default column. */
export function allowedSort(input: InputObject, allowed: readonly string[], fallback: string): string {
  const sort = scalar(get(input, 'sort'));
  return typeof sort === 'string' && allowed.includes(sort) ? sort : fallback;
}
