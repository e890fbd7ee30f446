import { registerCache } from '../../caches.js';

/**
 * What PHP, Laravel and MySQL do to values on their way in and out, reproduced where clients can see it:
 * `json_encode` escaping, Blade's `e()`, PHP truthiness and loose comparison, MySQL's string-to-number
 * conversion and its case- and accent-insensitive collation.
 */

/** `json_encode` with Laravel's default flags (0): `/` as `\/`, everything beyond ASCII as `\uXXXX`. */
export function phpJson(value: unknown): string {
  return phpEscaped(JSON.stringify(value));
}

/** JSON text (`JSON.stringify`'s) as `json_encode` writes it: `/` as `\/`, everything beyond ASCII as `\uXXXX`. */
export function phpEscaped(json: string): string {
  return json.replace(/\//g, '\\/').replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' };

const HTML_SPECIAL = /[&<>"']/;

/** Blade's `e()`: htmlspecialchars with ENT_QUOTES; null becomes "". */
export function e(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // most values have nothing to escape: a test is much cheaper than a replace that finds nothing
  return HTML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]) : text;
}

/** PHP's truthiness of a stored column value: null, "" and "0" are false. */
export function truthy(value: string | number | null | undefined): boolean {
  return value !== null && value !== undefined && value !== '' && value !== '0' && value !== 0;
}

/** `e($x)` when `$x` is truthy, else null: the transformers' usual pattern for optional strings. */
export function eOrNull(value: string | number | null | undefined): string | null {
  return truthy(value) ? e(value) : null;
}

const NUMERIC_PREFIX = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i;

/** MySQL's conversion of a string compared with a number: its leading numeric part, else 0. */
export function mysqlNumber(value: string): number {
  const m = NUMERIC_PREFIX.exec(value);
  return m ? Number(m[0]) : 0;
}

/** The row id `WHERE id = <input>` finds (MySQL converts the string), or undefined. */
export function mysqlId(value: unknown): number | undefined {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (typeof value === 'string') n = mysqlNumber(value);
  else return undefined;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** A PHP "numeric string" (what `is_numeric` accepts). */
export function isNumericString(value: string): boolean {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(value);
}

/**
 * PHP 8's `$input > $count` for the `offset` parameter: numeric strings compare as numbers, other
 * strings compare with the number's decimal text, null and arrays are never greater.
 */
export function phpGreaterThan(input: unknown, count: number): boolean {
  if (input === null || input === undefined) return false;
  if (typeof input === 'number') return input > count;
  if (typeof input === 'boolean') return input && count === 0;
  if (typeof input !== 'string') return true;
  if (isNumericString(input)) return Number(input) > count;
  return input > String(count);
}

/** PHP's `intval` of a request value. */
export function intval(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return value && typeof value === 'object' && Object.keys(value).length ? 1 : 0;
  const m = /^\s*[+-]?\d+/.exec(value);
  return m ? Number(m[0]) : 0;
}

/** `filter_var($v, FILTER_VALIDATE_INT) !== false` (Laravel's `integer` rule). */
export function isPhpInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return false;
  return /^\s*[+-]?(0|[1-9]\d*)\s*$/.test(value);
}

const foldCache = new Map<string, string>();
const FOLD_CACHE_LIMIT = 400_000;
// a burst's sorts and searches fill it with a key per user (100,000 and more): emptied when the server idles
registerCache(foldCache, 'snipe-it');

/** How many folded strings are remembered (for tests). */
export function rememberedFolds(): number {
  return foldCache.size;
}

/**
 * A string as MySQL's utf8mb4_unicode_ci collation compares it: case and accents ignored, trailing
 * spaces ignored. Cached, because sorts and searches fold the same names over and over.
 */
export function fold(value: string): string {
  let hit = foldCache.get(value);
  if (hit === undefined) {
    hit = foldLike(value).replace(/ +$/, '');
    if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
    foldCache.set(value, hit);
  }
  return hit;
}

const NON_ASCII = /[^\u0000-\u007f]/;

/** Case- and accent-folding for LIKE (unlike `=`, LIKE keeps trailing spaces). ASCII takes the fast path. */
export function foldLike(value: string): string {
  if (!NON_ASCII.test(value)) return value.toLowerCase();
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ß/g, 'ss');
}

/** Collation order of two nullable strings; NULL sorts before everything, as in MySQL. */
export function compareText(a: string | null | undefined, b: string | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  const fa = fold(a);
  const fb = fold(b);
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

export function compareNumber(a: number | null | undefined, b: number | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return a - b;
}

/** PHP's `DateTime::createFromFormat('Y-m-d', $v)` round-trips: a real calendar date in that exact form. */
export function isYmd(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
