import { MAX_RESULTS } from './constants.js';
import { get, type InputObject } from './input.js';
import { foldLike, intval, phpGreaterThan } from './php.js';

/**
 * The `limit`/`offset` every index endpoint reads (SettingsServiceProvider's api_limit_value and
 * api_offset_value, and the controllers' "offset beyond the count" guard).
 */
export function paging(input: InputObject, total: number): { offset: number; limit: number } {
  const rawLimit = intval(get(input, 'limit'));
  const limit = Math.abs(rawLimit) > 0 && rawLimit <= MAX_RESULTS ? Math.abs(rawLimit) : MAX_RESULTS;
  const rawOffset = get(input, 'offset');
  const offset = phpGreaterThan(rawOffset, total) ? total : Math.max(0, intval(rawOffset));
  return { offset, limit };
}

/** `order=asc` sorts ascending; anything else descending. */
export function direction(input: InputObject): 1 | -1 {
  return get(input, 'order') === 'asc' ? 1 : -1;
}

/**
 * SQL `LIKE '%term%'` under a case- and accent-insensitive collation, over text already folded with
 * `foldLike`: `%` and `_` are wildcards, backslash escapes. Fields in the text are separated by
 * `\u0001` so no match spans two of them.
 */
export function likeMatcher(term: string): (folded: string) => boolean {
  const t = foldLike(term);
  if (!/[%_\\]/.test(t)) return (s) => s.includes(t);
  let source = '';
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (ch === '\\' && i + 1 < t.length) source += escapeRegExp(t[++i]);
    else if (ch === '%') source += '[^\\u0001]*';
    else if (ch === '_') source += '[^\\u0001]';
    else source += escapeRegExp(ch);
  }
  const re = new RegExp(source);
  return (s) => re.test(s);
}

/**
 * The runs of literal characters every match of `likeMatcher(term)` holds, folded and unescaped as it
 * reads them, cut at wildcards and at the field separator. `whole` when the term is one literal.
 */
export function likeLiterals(term: string): { runs: string[]; whole: boolean } {
  const t = foldLike(term);
  const runs: string[] = [];
  let run = '';
  const cut = () => {
    if (run) runs.push(run);
    run = '';
  };
  for (let i = 0; i < t.length; i++) {
    let ch = t[i];
    if (ch === '%' || ch === '_') {
      cut();
      continue;
    }
    if (ch === '\\' && i + 1 < t.length) ch = t[++i];
    if (ch === '\u0001') cut();
    else run += ch;
  }
  cut();
  return { runs, whole: !/[%_\\]/.test(t) };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
