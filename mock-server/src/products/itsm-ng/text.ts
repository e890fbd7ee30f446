/**
 * Text semantics of the product's MySQL tables (utf8_unicode_ci): comparisons ignore case and
 * accents, `ORDER BY` follows the same collation with NULL first, and `LIKE` patterns use `%` as
 * the only wildcard here (the product escapes `_`).
 */

const collator = new Intl.Collator('en', { sensitivity: 'base' });

/** Lower-case, accents removed: equal folds compare equal under utf8_unicode_ci. */
export function fold(s: string): string {
  const lower = s.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    if (lower.charCodeAt(i) > 127) return lower.normalize('NFD').replace(/\p{M}/gu, '');
  }
  return lower;
}

/** ORDER BY on a nullable column, ascending: NULL first, then the collation. */
export function compareCells(a: string | number | null | undefined, b: string | number | null | undefined): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** The product's `makeTextSearchValue`: a LIKE pattern, `null` for IS NULL, `''` for "= ''". */
export function textSearchValue(raw: string): string | null {
  const val = raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  if (val === 'NULL' || val === 'null') return null;
  const t = val.trim();
  if (t === '^') return '%';
  if (t === '' || t === '^$' || t === '$') return '';
  let p = t.startsWith('^') ? t.slice(1) : `%${t}`;
  p = p.endsWith('$') ? p.slice(0, -1) : `${p}%`;
  return p;
}

/** A matcher for a LIKE pattern (already produced by textSearchValue), on folded text. */
export function likeMatcher(pattern: string): (value: string) => boolean {
  const parts = fold(pattern).split('%');
  if (parts.length === 1) {
    const exact = parts[0];
    return (v) => v === exact;
  }
  const first = parts[0];
  const last = parts[parts.length - 1];
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  const minLength = first.length + last.length + middle.reduce((n, p) => n + p.length, 0);
  return (v) => {
    if (v.length < minLength || !v.startsWith(first) || !v.endsWith(last)) return false;
    let at = first.length;
    const end = v.length - last.length;
    for (const m of middle) {
      const i = v.indexOf(m, at);
      if (i < 0 || i + m.length > end) return false;
      at = i + m.length;
    }
    return true;
  };
}

/** The product escapes `<` and `>` in stored text (its input sanitizer). */
export function sanitize(s: string): string {
  return s.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** ISO 8601 (`2025-01-02T03:04:05Z`) to the SQL form. */
export function isoToSql(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

/** An SQL datetime as RFC 1123 (`Last-Modified`). */
export function httpDate(sql: string): string | undefined {
  const t = Date.parse(`${sql.replace(' ', 'T')}Z`);
  return Number.isNaN(t) ? undefined : new Date(t).toUTCString();
}
