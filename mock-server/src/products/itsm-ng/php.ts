/**
 * The few PHP behaviours the API's wire format depends on: how `json_encode` renders arrays (a map
 * keyed 0..n-1 becomes a JSON list, any other map an object, in insertion order), and how PHP judges
 * "empty", "numeric" and booleans in request parameters.
 */

/** An ordered PHP array. Plain JS objects reorder integer-like keys; this keeps PHP's order. */
export class PhpMap {
  constructor(readonly entries: Array<readonly [string | number, unknown]> = []) {}
  set(key: string | number, value: unknown): this {
    this.entries.push([key, value]);
    return this;
  }
  get size(): number {
    return this.entries.length;
  }
}

/** `json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE)`. */
export function phpJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : '0';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  if (value instanceof PhpMap) {
    const list = value.entries.every(([k], i) => String(k) === String(i));
    if (list) return `[${value.entries.map(([, v]) => phpJson(v)).join(',')}]`;
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(String(k))}:${phpJson(v)}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => phpJson(v)).join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${phpJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** PHP's `empty()`: unset, null, false, 0, "0", "" and empty arrays. */
export function phpEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '' || value === '0') return true;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** PHP's `is_numeric()` on a request value. */
export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'string') return false;
  return /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value);
}

/** PHP's `intval()` on a request value (leading digits of a string; booleans 0/1). */
export function intval(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const m = /^\s*([+-]?\d+)/.exec(value);
    if (!m) return 0;
    const n = Number(m[1]);
    return Number.isSafeInteger(n) ? n : 0;
  }
  return 0;
}

/** `filter_var($v, FILTER_VALIDATE_BOOLEAN)`: true for true/1/"1"/"true"/"on"/"yes", else false. */
export function phpBool(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value === 'number') return value === 1;
  if (typeof value === 'string') return ['1', 'true', 'on', 'yes'].includes(value.trim().toLowerCase());
  return false;
}

/** A request flag such as `expand_dropdowns`: PHP tests it for truthiness after "true"/"false" conversion. */
export function flag(value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'string') return value !== '' && value !== '0';
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'boolean') return value;
  return value !== null;
}

/** Objects from JSON bodies and bracket parameters: a plain record with no prototype. */
export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PhpMap);
}

/** Rebuilds parsed JSON with prototype-less objects, so keys like `__proto__` are inert data. */
export function detachPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(detachPrototypes);
  if (value !== null && typeof value === 'object') {
    const out = Object.create(null) as Dict;
    for (const key of Object.keys(value)) out[key] = detachPrototypes((value as Dict)[key]);
    return out;
  }
  return value;
}

/** An own property, never an inherited one. */
export function own(obj: Dict, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}
