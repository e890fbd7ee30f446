/**
 * The JSON reader ServiceDesk Plus applies to `input_data` is the forgiving Java org.json kind: keys and
 * strings may be single-quoted (clients send Python dict reprs), keys may be bare words, `true`/`false`/
 * `null` are read case-insensitively, other bare words are strings, and a trailing comma is tolerated.
 * Duplicate keys are an error there, and so they are here.
 *
 * Objects come back without a prototype, so `__proto__`, `constructor` and `prototype` are ordinary
 * keys that can never reach Object.prototype.
 */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export class JsonSyntaxError extends Error {}

const MAX_DEPTH = 64;
/** Characters that end a bare word (org.json's list). */
const BARE_END = new Set([',', ':', ']', '}', '/', '\\', '"', '[', '{', ';', '=', '#']);
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function isJsonObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseLenientJson(text: string): Json {
  const p = new Reader(text);
  const value = p.value(0);
  p.skipSpace();
  if (p.pos < text.length) throw new JsonSyntaxError(`unexpected text at ${p.pos}`);
  return value;
}

class Reader {
  pos = 0;
  constructor(private readonly s: string) {}

  skipSpace(): void {
    while (this.pos < this.s.length && this.s.charCodeAt(this.pos) <= 32) this.pos++;
  }

  value(depth: number): Json {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError('nested too deeply');
    this.skipSpace();
    const ch = this.s[this.pos];
    if (ch === undefined) throw new JsonSyntaxError('unexpected end of input');
    if (ch === '{') return this.object(depth);
    if (ch === '[') return this.array(depth);
    if (ch === '"' || ch === "'") return this.quoted();
    return bareValue(this.bare());
  }

  private object(depth: number): JsonObject {
    this.pos++;
    const out = Object.create(null) as JsonObject;
    this.skipSpace();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const ch = this.s[this.pos];
      if (ch === undefined) throw new JsonSyntaxError('unterminated object');
      if (ch === '{' || ch === '[') throw new JsonSyntaxError('a key must be text');
      const key = ch === '"' || ch === "'" ? this.quoted() : this.bare();
      if (key in out) throw new JsonSyntaxError(`duplicate key "${key}"`);
      this.skipSpace();
      if (this.s[this.pos] === ':') this.pos++;
      else if (this.s[this.pos] === '=') {
        this.pos++;
        if (this.s[this.pos] === '>') this.pos++;
      } else throw new JsonSyntaxError(`expected ':' after key at ${this.pos}`);
      out[key] = this.value(depth + 1);
      this.skipSpace();
      const sep = this.s[this.pos];
      if (sep === '}') {
        this.pos++;
        return out;
      }
      if (sep !== ',' && sep !== ';') throw new JsonSyntaxError(`expected ',' or '}' at ${this.pos}`);
      this.pos++;
      this.skipSpace();
      if (this.s[this.pos] === '}') {
        this.pos++;
        return out;
      }
    }
  }

  private array(depth: number): Json[] {
    this.pos++;
    const out: Json[] = [];
    this.skipSpace();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === ',') {
        // org.json reads an empty slot as null
        out.push(null);
        this.pos++;
        continue;
      }
      out.push(this.value(depth + 1));
      this.skipSpace();
      const sep = this.s[this.pos];
      if (sep === ']') {
        this.pos++;
        return out;
      }
      if (sep !== ',') throw new JsonSyntaxError(`expected ',' or ']' at ${this.pos}`);
      this.pos++;
      this.skipSpace();
      if (this.s[this.pos] === ']') {
        this.pos++;
        return out;
      }
    }
  }

  private quoted(): string {
    const quote = this.s[this.pos++];
    let out = '';
    let start = this.pos;
    for (;;) {
      const ch = this.s[this.pos];
      if (ch === undefined || ch === '\n' || ch === '\r') throw new JsonSyntaxError('unterminated string');
      if (ch === quote) {
        out += this.s.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (ch !== '\\') {
        this.pos++;
        continue;
      }
      out += this.s.slice(start, this.pos);
      const esc = this.s[this.pos + 1];
      this.pos += 2;
      switch (esc) {
        case 'b':
          out += '\b';
          break;
        case 't':
          out += '\t';
          break;
        case 'n':
          out += '\n';
          break;
        case 'f':
          out += '\f';
          break;
        case 'r':
          out += '\r';
          break;
        case 'u': {
          const hex = this.s.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        case '"':
        case "'":
        case '\\':
        case '/':
          out += esc;
          break;
        default:
          throw new JsonSyntaxError('bad escape');
      }
      start = this.pos;
    }
  }

  /** A bare word up to the next delimiter, trimmed; it must not be empty. */
  private bare(): string {
    const start = this.pos;
    while (this.pos < this.s.length) {
      const ch = this.s[this.pos];
      if (BARE_END.has(ch) || this.s.charCodeAt(this.pos) < 32) break;
      this.pos++;
    }
    const word = this.s.slice(start, this.pos).trim();
    if (!word) throw new JsonSyntaxError(`missing value at ${start}`);
    return word;
  }
}

function bareValue(word: string): Json {
  const lower = word.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (NUMBER.test(word)) {
    const n = Number(word);
    // ids beyond 2^53 (cloud ids are large longs) keep their digits
    return Number.isSafeInteger(n) || !/^-?\d+$/.test(word) ? n : word;
  }
  return word;
}
