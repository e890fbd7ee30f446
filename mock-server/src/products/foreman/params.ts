import { parseBracketQuery, type BracketValue } from '../../http/bracket-params.js';

/**
 * Request parameters as Rails hands them to Foreman's controllers: the JSON body (or form body), the
 * query string and the path parameters merged into one ordered hash. Hashes are Maps, so no key —
 * `__proto__` included — can ever reach an object prototype.
 */
export type ParamValue = string | number | boolean | null | ParamValue[] | ParamHash;
export type ParamHash = Map<string, ParamValue>;

export const isHash = (v: ParamValue | undefined): v is ParamHash => v instanceof Map;

/** JSON nesting Ruby's parser accepts (`max_nesting`). */
const MAX_NESTING = 100;

export class JsonSyntaxError extends Error {}

/**
 * Parses JSON as Ruby's json gem does for Rails (quirks mode: any value at the top, comments allowed,
 * no NaN/Infinity), into Maps and arrays. Errors carry the gem's message shape.
 */
export function parseJson(text: string): ParamValue {
  let i = 0;
  let depth = 0;
  const n = text.length;
  const fail = (): never => {
    throw new Failure();
  };
  const skip = () => {
    for (;;) {
      const ch = text.charCodeAt(i);
      if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) i++;
      else if (ch === 0x2f && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) fail();
        i = end + 2;
      } else if (ch === 0x2f && text[i + 1] === '/') {
        const end = text.indexOf('\n', i + 2);
        i = end < 0 ? n : end + 1;
      } else return;
    }
  };
  const value = (): ParamValue => {
    skip();
    const ch = text[i];
    if (ch === '{') {
      if (++depth > MAX_NESTING) throw new JsonSyntaxError(`nesting of ${depth} is too deep`);
      i++;
      const hash: ParamHash = new Map();
      skip();
      if (text[i] === '}') {
        i++;
        depth--;
        return hash;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail();
        const key = string();
        skip();
        if (text[i] !== ':') fail();
        i++;
        hash.set(key, value());
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          depth--;
          return hash;
        }
        fail();
      }
    }
    if (ch === '[') {
      if (++depth > MAX_NESTING) throw new JsonSyntaxError(`nesting of ${depth} is too deep`);
      i++;
      const list: ParamValue[] = [];
      skip();
      if (text[i] === ']') {
        i++;
        depth--;
        return list;
      }
      for (;;) {
        list.push(value());
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          depth--;
          return list;
        }
        fail();
      }
    }
    if (ch === '"') return string();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
    return Number(m![0]);
  };
  const string = (): string => {
    i++;
    let out = '';
    for (;;) {
      if (i >= n) fail();
      const ch = text[i];
      const code = text.charCodeAt(i);
      if (ch === '"') {
        i++;
        return out;
      }
      if (code < 0x20) fail();
      if (ch !== '\\') {
        out += ch;
        i++;
        continue;
      }
      const esc = text[i + 1];
      if (esc === undefined || text.charCodeAt(i + 1) < 0x20) fail();
      i += 2;
      if (esc === 'u') {
        const hex = text.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail();
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
      } else out += ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[esc] ?? esc;
    }
  };
  skip();
  const start = i;
  let result: ParamValue;
  try {
    result = value();
  } catch (e) {
    if (e instanceof Failure) throw new JsonSyntaxError(`unexpected token at '${text.slice(start)}'`);
    throw e;
  }
  skip();
  if (i < n) throw new JsonSyntaxError(`unexpected token at '${text.slice(i)}'`);
  return result;
}

class Failure extends Error {}

/** `a[b][]=1` parameters (query string or form body) as Rack nests them; `[]` lists become arrays. */
export function parseFormParams(text: string): ParamHash {
  return fromBracket(parseBracketQuery(text)) as ParamHash;
}

function fromBracket(v: BracketValue): ParamValue {
  if (typeof v === 'string') return v;
  const keys = Object.keys(v);
  if (keys.length && keys.every((k, idx) => k === String(idx))) return keys.map((k) => fromBracket(v[k]));
  const out: ParamHash = new Map();
  for (const k of keys) out.set(k, fromBracket(v[k]));
  return out;
}

/** The merged parameters: body first, then the query string (which wins), then path parameters. */
export function mergeParams(...sources: ParamHash[]): ParamHash {
  const out: ParamHash = new Map();
  for (const s of sources) for (const [k, v] of s) out.set(k, v);
  return out;
}

/** A value Rails strong parameters permit as a scalar. */
export function isScalar(v: ParamValue | undefined): v is string | number | boolean | null {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Ruby's `blank?` for a parameter. */
export function blank(v: ParamValue | undefined): boolean {
  if (v === undefined || v === null || v === false) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (isHash(v)) return v.size === 0;
  return false;
}

/** Ruby's `String#to_i`: leading whitespace, a sign, digits (underscores between them); 0 if none. */
export function rubyToI(v: ParamValue | undefined): number {
  if (typeof v === 'string' && plainDigits(v)) return Number(v);
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean' || v === null || v === undefined) return 0;
  if (typeof v !== 'string') return 0;
  const m = /^\s*([+-]?)(\d+(?:_\d+)*)/.exec(v);
  if (!m) return 0;
  const n = Number(m[2].replace(/_/g, ''));
  return m[1] === '-' ? -n : n;
}

/** 1 to 15 ASCII digits (a safe integer as written), the common case, told without a RegExp. */
export function plainDigits(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 15) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Ruby's `Kernel#Integer(string)`; null when Ruby would raise (with Ruby's message). */
export function rubyInteger(v: string): { value: number } | { error: string } {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[bB][01]+(?:_[01]+)*|0[oO]?[0-7]+(?:_[0-7]+)*|\d+(?:_\d+)*)\s*$/.exec(v);
  if (!m) return { error: `invalid value for Integer(): ${rubyInspect(v)}` };
  const body = m[2].replace(/_/g, '');
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (body.length > 1 && body.startsWith('0')) n = parseInt(body.slice(1), 8);
  else n = Number(body);
  return { value: m[1] === '-' ? -n : n };
}

/** `String#inspect` for plain text. */
export function rubyInspect(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r')}"`;
}

/** Ruby's `to_s` of a scalar parameter (what a string column stores). */
export function rubyString(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number' && Number.isInteger(v) && !Object.is(v, -0)) return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}.0` : String(v);
  return v;
}

const FALSE_VALUES = new Set(['0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF']);

/** ActiveRecord's boolean cast: "" and nil → null; 0/"0"/"f"/"false"/"off" → false; anything else → true. */
export function castBoolean(v: string | number | boolean | null): boolean | null {
  if (v === null || v === '') return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return !FALSE_VALUES.has(v);
}

/** ActiveRecord's integer cast: null for nil or blank, else `to_i` ("abc" → 0, "7x" → 7, true → 1). */
export function castInteger(v: string | number | boolean | null): number | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (v.trim() === '') return null;
  return rubyToI(v);
}
