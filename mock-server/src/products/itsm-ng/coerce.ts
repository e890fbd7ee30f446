import type { Cell } from './model.js';
import { own, type Dict } from './php.js';
import { maxLength, type Column } from './schema.js';
import { sanitize } from './text.js';

/**
 * Turns an input value into what the column would store, or the MySQL (strict mode) error the
 * product would report. Strings are sanitized as the product's input filter does (`<`, `>`).
 */

export type Coerced = { ok: true; value: Cell } | { ok: false; message: string };

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function quoted(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function coerce(col: Column, v: unknown): Coerced {
  const bad = (what: string): Coerced => ({ ok: false, message: `Incorrect ${what} value: '${quoted(v)}' for column '${col.name}' at row 1` });
  if (v === null || v === 'NULL' || v === 'null') {
    return col.notNull ? { ok: false, message: `Column '${col.name}' cannot be null` } : { ok: true, value: null };
  }
  if (typeof v === 'object') {
    if (col.kind === 'json') return { ok: true, value: JSON.stringify(v) };
    return { ok: false, message: 'Operand should contain 1 column(s)' };
  }
  switch (col.kind) {
    case 'int': {
      let n: number;
      if (typeof v === 'boolean') n = v ? 1 : 0;
      else if (typeof v === 'number') n = v;
      else {
        const t = String(v).trim();
        if (t === '' && !col.notNull) return { ok: true, value: null };
        if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return bad('integer');
        n = Number(t);
      }
      if (!Number.isFinite(n)) return bad('integer');
      n = Math.round(n);
      if (n < INT_MIN || n > INT_MAX) return { ok: false, message: `Out of range value for column '${col.name}' at row 1` };
      return { ok: true, value: n };
    }
    case 'date': {
      const t = typeof v === 'boolean' ? (v ? '1' : '') : String(v).trim();
      if (t === '') return { ok: true, value: null };
      const m = DATE.exec(t);
      if (!m) return bad('datetime');
      const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
      const probe = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
      if (Number.isNaN(probe.getTime()) || probe.getUTCDate() !== Number(d) || Number(h) > 23) return bad('datetime');
      return { ok: true, value: `${y}-${mo}-${d} ${h}:${mi}:${s}` };
    }
    case 'json': {
      const t = String(v);
      try {
        JSON.parse(t);
      } catch {
        return { ok: false, message: `Invalid JSON text: "Invalid value." at position 0 in value for column '${col.name}'.` };
      }
      return { ok: true, value: t };
    }
    default: {
      const t = typeof v === 'boolean' ? (v ? '1' : '') : sanitize(String(v));
      if (t.length > maxLength(col.kind)) return { ok: false, message: `Data too long for column '${col.name}' at row 1` };
      return { ok: true, value: t };
    }
  }
}

/**
 * The table's columns present in `input`, coerced. Unknown keys, `id`, undisclosed and computed
 * columns and the keys in `skip` are left out (the product silently ignores them).
 */
export function columnValues(
  columns: readonly Column[],
  input: Dict,
  skip: ReadonlySet<string> = new Set(),
): { ok: true; values: Record<string, Cell> } | { ok: false; message: string } {
  const values: Record<string, Cell> = {};
  for (const col of columns) {
    if (col.name === 'id' || col.computed || col.secret || skip.has(col.name)) continue;
    const v = own(input, col.name);
    if (v === undefined) continue;
    const c = coerce(col, v);
    if (!c.ok) return c;
    values[col.name] = c.value;
  }
  return { ok: true, values };
}

