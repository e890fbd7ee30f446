import { createHmac, timingSafeEqual } from 'node:crypto';
import { pyDumps } from './pyjson.js';

/**
 * privacyIDEA's auth tokens: HS256 JWTs made and checked with PyJWT. Decoding follows PyJWT's steps and
 * reports its exception texts, because privacyIDEA puts them into the 4304/4305 messages.
 */

/** PyJWT sorts header keys and writes compact JSON. */
const HEADER_SEGMENT = b64url(Buffer.from('{"alg":"HS256","typ":"JWT"}'));

function b64url(buf: Buffer): string {
  return buf.toString('base64url');
}

function hmac(secret: string, input: string | Buffer): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(input).digest();
}

/** The claims in insertion order (PyJWT does not sort the payload). */
export function encodeJwt(claims: Record<string, unknown>, secret: string): string {
  const input = `${HEADER_SEGMENT}.${b64url(Buffer.from(pyDumps(claims, { compact: true, sortKeys: false })))}`;
  return `${input}.${b64url(hmac(secret, input))}`;
}

export type JwtCheck =
  /** `token`: the token's text as first verified (the same characters, a long-lived string). */
  | { ok: true; claims: Record<string, unknown>; token: string }
  | { ok: false; expired: boolean; reason: string };

class DecodeError extends Error {}

const B64_ALPHABET = /[A-Za-z0-9+/\-_]/;

/**
 * PyJWT's `base64url_decode`: pad to a multiple of four, then Python's lenient decoder, which skips
 * characters outside the alphabet and fails when the data cannot be completed by the padding.
 */
function pyB64Decode(segment: Buffer): Buffer | null {
  const pads = segment.length % 4 ? 4 - (segment.length % 4) : 0;
  let data = '';
  let padding = pads;
  let ended = false;
  for (const byte of segment) {
    const ch = String.fromCharCode(byte);
    if (ch === '=') {
      ended = true;
      padding++;
    } else if (!ended && B64_ALPHABET.test(ch)) data += ch === '-' ? '+' : ch === '_' ? '/' : ch;
  }
  const rest = data.length % 4;
  if (rest === 1 || (rest === 2 && padding < 2) || (rest === 3 && padding < 1)) return null;
  return Buffer.from(data, 'base64');
}

/** Python's UTF-8 decoding error text for the first bad sequence, or the decoded string. */
function pyUtf8(bytes: Buffer): { text: string } | { error: string } {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const start = i;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return { error: `'utf-8' codec can't decode byte 0x${hex2(b)} in position ${i}: invalid start byte` };
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) {
        const end = bytes.length - 1;
        return {
          error:
            end === i
              ? `'utf-8' codec can't decode byte 0x${hex2(b)} in position ${i}: unexpected end of data`
              : `'utf-8' codec can't decode bytes in position ${i}-${end}: unexpected end of data`,
        };
      }
      const c = bytes[i + k];
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) {
        return { error: `'utf-8' codec can't decode byte 0x${hex2(b)} in position ${i}: invalid continuation byte` };
      }
    }
    i += need + 1;
  }
  return { text: bytes.subarray(start).toString('utf8') };
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** Python's first `json.loads` complaint about a text JSON.parse rejected (the common cases). */
function pyJsonError(text: string): string {
  let i = 0;
  while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  if (text[i] === '{') {
    let j = i + 1;
    while (j < text.length && ' \t\n\r'.includes(text[j])) j++;
    if (text[j] !== '"' && text[j] !== '}') return `Expecting property name enclosed in double quotes: ${where(text, j)}`;
  }
  return `Expecting value: ${where(text, i)}`;
}

function where(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `line ${line} column ${column} (char ${pos})`;
}

function loadJson(bytes: Buffer, what: 'header' | 'payload'): Record<string, unknown> {
  const decoded = pyUtf8(bytes);
  if ('error' in decoded) throw new DecodeError(`Invalid ${what} string: ${decoded.error}`);
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch {
    throw new DecodeError(`Invalid ${what} string: ${pyJsonError(decoded.text)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DecodeError(`Invalid ${what} string: must be a json object`);
  }
  return value as Record<string, unknown>;
}

/** A token whose signature and claims checked out, with its `exp` (undefined when it has none). */
interface Verified {
  readonly token: string;
  readonly secret: string;
  readonly claims: Record<string, unknown>;
  readonly exp: number | undefined;
}

/**
 * Tokens already verified, by their exact text: every API request carries one, and decoding it (a
 * couple of kilobytes of base64 and JSON, and an HMAC) would cost more than answering. Only the time
 * check is repeated. Bounded; a forged token never gets here (it fails verification).
 */
const verified = new Map<string, Verified>();
const MAX_VERIFIED = 256;
/** The last tokens seen, compared as text first (cheaper than hashing kilobytes for the map). */
const recent: Array<[string, Verified]> = [];
const RECENT = 4;

function known(token: string, secret: string): Verified | undefined {
  for (const [t, v] of recent) if (t === token && v.secret === secret) return v;
  const v = verified.get(token);
  if (!v || v.secret !== secret) return undefined;
  if (recent.unshift([token, v]) > RECENT) recent.pop();
  return v;
}

function timeChecked(v: Verified, nowSeconds: number): JwtCheck {
  if (v.exp !== undefined && v.exp <= nowSeconds) return { ok: false, expired: true, reason: 'Signature has expired' };
  return { ok: true, claims: v.claims, token: v.token };
}

/** `jwt.decode(token, secret, algorithms=['HS256'])` with the clock at `nowSeconds`. */
export function decodeJwt(token: string, secret: string, nowSeconds: number): JwtCheck {
  const hit = known(token, secret);
  if (hit) return timeChecked(hit, nowSeconds);
  try {
    const raw = Buffer.from(token, 'utf8');
    const lastDot = raw.lastIndexOf(0x2e);
    const firstDot = lastDot < 0 ? -1 : raw.subarray(0, lastDot).indexOf(0x2e);
    if (lastDot < 0 || firstDot < 0) throw new DecodeError('Not enough segments');
    const headerBytes = pyB64Decode(raw.subarray(0, firstDot));
    if (!headerBytes) throw new DecodeError('Invalid header padding');
    const header = loadJson(headerBytes, 'header');
    const payloadBytes = pyB64Decode(raw.subarray(firstDot + 1, lastDot));
    if (!payloadBytes) throw new DecodeError('Invalid payload padding');
    const signature = pyB64Decode(raw.subarray(lastDot + 1));
    if (!signature) throw new DecodeError('Invalid crypto padding');

    if (!('alg' in header)) throw new DecodeError('Algorithm not specified');
    if (header.alg !== 'HS256') throw new DecodeError('The specified alg value is not allowed');
    const expected = hmac(secret, raw.subarray(0, lastDot));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new DecodeError('Signature verification failed');
    }
    const claims = loadJson(payloadBytes, 'payload');
    let exp: number | undefined;
    if ('exp' in claims) {
      exp = Math.trunc(Number(claims.exp));
      if (!Number.isFinite(exp)) throw new DecodeError('Expiration Time claim (exp) must be an integer.');
    }
    const v: Verified = { token, secret, claims, exp };
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value as string);
    verified.set(token, v);
    return timeChecked(v, nowSeconds);
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false, expired: false, reason: e.message };
    throw e;
  }
}
