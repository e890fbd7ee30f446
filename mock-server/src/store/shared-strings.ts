import type { Row } from './table.js';

const SAMPLE = 2000;
/**
 * V8's `JSON.parse` already makes equal strings of up to 10 characters one string (it internalizes
 * them), so only longer values are looked at: most values of repetitive columns (cities, first names,
 * languages) are that short, and looking them up was most of this pass's time at start-up.
 */
const PARSER_SHARES_UP_TO = 10;
/** A column is shared when its sample has at most this many distinct values per value. */
const MAX_DISTINCT_RATIO = 0.25;

/**
 * Makes equal strings in repetitive columns one string. `JSON.parse` gives every occurrence its own
 * copy: at 100,000 rows, a password hash, an address or a job title repeated on every row costs tens
 * of megabytes. Which columns repeat is judged from a sample, so unique columns (logins, emails) cost
 * nothing. Rows are changed in place: a value is swapped for an equal string. Returns how many were.
 */
export function shareRepeatedStrings(rows: readonly Row[]): number {
  if (rows.length < 2) return 0;
  const sample = Math.min(rows.length, SAMPLE);
  const seen = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  for (let i = 0; i < sample; i++) {
    const row = rows[i] as unknown as Record<string, unknown>;
    for (const key in row) {
      const v = row[key];
      if (typeof v !== 'string' || v.length <= PARSER_SHARES_UP_TO) continue;
      let set = seen.get(key);
      if (!set) seen.set(key, (set = new Set()));
      set.add(v);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const columns: string[] = [];
  for (const [key, set] of seen) if (set.size <= counts.get(key)! * MAX_DISTINCT_RATIO) columns.push(key);
  if (!columns.length) return 0;
  let swapped = 0;
  const pools = columns.map(() => new Map<string, string>());
  for (const r of rows) {
    const row = r as unknown as Record<string, unknown>;
    for (let c = 0; c < columns.length; c++) {
      const v = row[columns[c]];
      if (typeof v !== 'string' || v.length <= PARSER_SHARES_UP_TO) continue;
      const pool = pools[c];
      const shared = pool.get(v);
      if (shared === undefined) pool.set(v, v);
      else {
        row[columns[c]] = shared;
        swapped++;
      }
    }
  }
  return swapped;
}
