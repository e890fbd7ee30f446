/**
 * JSON text exactly as privacyIDEA's Python side writes it.
 *
 * A signed response is re-serialised with `json.dumps(content, sort_keys=True)`: keys sorted, `", "` and
 * `": "` separators, every non-ASCII character escaped as `\uXXXX`. Flask's own `jsonify` (used where no
 * signature is added) is the compact variant of the same. JWT segments use compact separators without
 * sorting. Python tells integers from floats; the only float the API sends is `time`, so floats are
 * marked explicitly with `PyFloat`.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export interface DumpOptions {
  /** `","`/`":"` instead of `", "`/`": "`. */
  compact?: boolean;
  /** Sort object keys (default true). */
  sortKeys?: boolean;
}

const NEEDS_ESCAPE = /[\u0000-\u001f"\\\u007f-\uffff]/;
const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

export function pyString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short) out += short;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Python's `repr(float)` for the values the API produces (integral floats keep a `.0`). */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? `${x}.0` : String(x);
}

export function pyDumps(value: unknown, options: DumpOptions = {}): string {
  const comma = options.compact ? ',' : ', ';
  const colon = options.compact ? ':' : ': ';
  const sort = options.sortKeys !== false;
  const write = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return pyString(v);
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloat(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v instanceof PyFloat) return pyFloat(v.value);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      let out = '[';
      for (let i = 0; i < v.length; i++) out += (i ? comma : '') + write(v[i]);
      return `${out}]`;
    }
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
    if (sort) keys.sort();
    if (keys.length === 0) return '{}';
    let out = '{';
    for (let i = 0; i < keys.length; i++) out += (i ? comma : '') + pyString(keys[i]) + colon + write(obj[keys[i]]);
    return `${out}}`;
  };
  return write(value);
}
