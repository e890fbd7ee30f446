import { err } from './errors.js';

/**
 * The `range=start-end` parameter (inclusive bounds) shared by collections and searches, and the
 * `Content-Range` / status arithmetic the product applies to it.
 */

export interface Range {
  /** The bounds as sent (the product echoes them as given, e.g. `05`). */
  startText: string;
  endText: string;
  start: number;
  end: number;
  /** end - start + 1 (may be ≤ 0 for an inverted range). */
  limit: number;
}

/** Parses `range`; absent → `0-<listLimit>` (note: listLimit + 1 rows, as the product does). */
export function parseRange(value: unknown, listLimit: number): Range {
  if (value === undefined) return { startText: '0', endText: String(listLimit), start: 0, end: listLimit, limit: listLimit + 1 };
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  const m = /^(\d+)-(\d+)$/.exec(text);
  if (!m) throw err.generic('range must be in format : [start-end] with integers');
  const start = Number(m[1]);
  const end = Number(m[2]);
  return { startText: m[1], endText: m[2], start, end, limit: end - start + 1 };
}

/** `start-end'/total`, end' = min(end, total - 1), and whether the answer is partial (206). */
export function rangeAnswer(r: Range, total: number): { contentRange: string; partial: boolean } {
  const clipped = r.end > total - 1;
  const end = clipped ? total - 1 : r.end;
  return { contentRange: `${r.startText}-${clipped ? String(end) : r.endText}/${total}`, partial: end - r.start + 1 < total };
}
