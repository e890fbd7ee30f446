import { createHash, type Hash } from 'node:crypto';

/**
 * The mock's response signature: `rsa_sha256_pss:` and 512 hex digits, the format and length of
 * privacyIDEA's RSA-PSS signature (a 2048-bit key's 256 bytes). It is computed as
 *
 *   digest = HMAC-SHA256(KEY, text)
 *   word i = fmix32(digest word (i mod 8) XOR (i + 1) * 0x9e3779b9), i = 0..63, in hex
 *
 * (`text` is the signed JSON). Clients that do not verify signatures cannot tell it from the real
 * thing, and nobody can verify it without the server's key anyway. Every response carries one, so the
 * HMAC over the text runs from the key's pre-hashed pad blocks (`Hash.copy()`, or SHA-256
 * compressions from the pads' midstates in JavaScript for short texts), and a caller that answers the
 * same prefix many times can keep the inner hash state after that prefix (`innerMidstate()`); the
 * stretch to 256 bytes is a few integer operations per word.
 */
const SIGNATURE_KEY = 'privacyidea-mock-response-signature';
export const SIGNATURE_PREFIX = 'rsa_sha256_pss:';
/** 32-bit words of a signature: 256 bytes, as a 2048-bit RSA key's. */
const WORDS = 64;
/** Characters of a signature: the prefix and 8 hex digits per word. */
export const SIGNATURE_LENGTH = SIGNATURE_PREFIX.length + WORDS * 8;

const KEY = Buffer.from(SIGNATURE_KEY, 'utf8');
const IPAD = Buffer.alloc(64, 0x36);
const OPAD = Buffer.alloc(64, 0x5c);
for (let i = 0; i < KEY.length; i++) {
  IPAD[i] ^= KEY[i];
  OPAD[i] ^= KEY[i];
}
const INNER = createHash('sha256').update(IPAD);
const OUTER = createHash('sha256').update(OPAD);

/** A hash that has consumed the HMAC's inner pad: feed it the text, then pass it to `signatureOf`. */
export function innerHash(): Hash {
  return INNER.copy();
}

/** Sets the digest from a native inner hash (which it finishes). */
function digestFrom(inner: Hash): void {
  const digest = OUTER.copy().update(inner.digest()).digest();
  for (let i = 0; i < 8; i++) d[i] = digest.readInt32BE(i * 4);
}

/** The signature of the text `inner` (from `innerHash()`) has consumed. Finishes `inner`. */
export function signatureOf(inner: Hash): string {
  digestFrom(inner);
  const out = Buffer.allocUnsafe(SIGNATURE_LENGTH);
  writeSignature(out, 0);
  return out.toString('latin1', 0, SIGNATURE_LENGTH);
}

export function signText(text: string): string {
  if (text.length > SHORT_TEXT || !ASCII.test(text)) return signatureOf(innerHash().update(text));
  // a short text: all in JavaScript, from the pad's midstate (cheaper than two native hash objects)
  const out = Buffer.allocUnsafe(SIGNATURE_LENGTH);
  writeTailSignature(NOTHING_YET, text, out, 0);
  return out.toString('latin1', 0, SIGNATURE_LENGTH);
}

/** `signatureOf(inner)`, written into `out` at `at`; answers the offset after it. Finishes `inner`. */
export function writeSignatureOf(inner: Hash, out: Buffer, at: number): number {
  digestFrom(inner);
  return writeSignature(out, at);
}

// ---- SHA-256 compression, for HMACs of short texts from the pads' midstates ----

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Int32Array(64);

/** One SHA-256 compression of the block in W[0..15] into `state`. */
function compress(state: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15];
    const w2 = W[i - 2];
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/** The state after hashing one 64-byte pad block. */
function midstate(pad: Buffer): Int32Array {
  const state = IV.slice();
  for (let i = 0; i < 16; i++) W[i] = pad.readInt32BE(i * 4);
  compress(state);
  return state;
}

const INNER_MID = midstate(IPAD);
const OUTER_MID = midstate(OPAD);
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const PREFIX_BYTES = Buffer.from(SIGNATURE_PREFIX, 'latin1');
const state = new Int32Array(8);
/** The HMAC digest of the signed text (as eight big-endian words): the stretch's input. */
const d = new Int32Array(8);

/**
 * The HMAC's inner hash after the pad block and the whole 64-byte blocks of a prefix, with the
 * prefix's last partial block kept: `writeTailSignature` then hashes only that and a tail.
 */
export interface InnerMidstate {
  readonly state: Int32Array;
  /** Bytes hashed into `state` (pad block included): a multiple of 64. */
  readonly hashed: number;
  /** The prefix's bytes after those (fewer than 64). */
  readonly rest: Uint8Array;
}

export function innerMidstate(prefix: Uint8Array): InnerMidstate {
  const st = INNER_MID.slice();
  const whole = prefix.length - (prefix.length % 64);
  for (let at = 0; at < whole; at += 64) {
    for (let i = 0; i < 16; i++) {
      const j = at + i * 4;
      W[i] = (prefix[j] << 24) | (prefix[j + 1] << 16) | (prefix[j + 2] << 8) | prefix[j + 3];
    }
    compress(st);
  }
  return { state: st, hashed: 64 + whole, rest: prefix.slice(whole) };
}

let scratch = new Uint8Array(256);
/** The inner hash after the pad block alone. */
const NOTHING_YET: InnerMidstate = { state: INNER_MID, hashed: 64, rest: new Uint8Array(0) };
/** Texts up to this length are signed in JavaScript when ASCII (as every pyDumps text is). */
const SHORT_TEXT = 2048;
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Writes the signature of (the prefix `mid` was made from, then the ASCII `tail`) into `out` at `at`;
 * answers the offset after it.
 */
export function writeTailSignature(mid: InnerMidstate, tail: string, out: Uint8Array, at: number): number {
  const n = mid.rest.length + tail.length;
  const end = Math.ceil((n + 9) / 64) * 64;
  if (scratch.length < end) scratch = new Uint8Array(end);
  const buf = scratch;
  buf.set(mid.rest);
  for (let i = 0; i < tail.length; i++) buf[mid.rest.length + i] = tail.charCodeAt(i);
  buf.fill(0, n, end);
  buf[n] = 0x80;
  const bits = (mid.hashed + n) * 8;
  buf[end - 6] = (bits / 0x10000000000) & 255;
  buf[end - 5] = (bits / 0x100000000) & 255;
  buf[end - 4] = (bits >>> 24) & 255;
  buf[end - 3] = (bits >>> 16) & 255;
  buf[end - 2] = (bits >>> 8) & 255;
  buf[end - 1] = bits & 255;
  state.set(mid.state);
  for (let block = 0; block < end; block += 64) {
    for (let i = 0; i < 16; i++) {
      const j = block + i * 4;
      W[i] = (buf[j] << 24) | (buf[j + 1] << 16) | (buf[j + 2] << 8) | buf[j + 3];
    }
    compress(state);
  }
  // outer hash: pad block, then the inner digest (32 bytes) padded to one block; 96 bytes in all
  for (let i = 0; i < 8; i++) W[i] = state[i];
  W[8] = 0x80000000 | 0;
  for (let i = 9; i < 15; i++) W[i] = 0;
  W[15] = 96 * 8;
  state.set(OUTER_MID);
  compress(state);
  d.set(state);
  return writeSignature(out, at);
}

/**
 * Writes `rsa_sha256_pss:` and the 256 bytes stretched from the digest `d` in hex into `out` at `at`;
 * answers the offset after it. Word i (0..63) is fmix32(d[i mod 8] XOR (i + 1) * 0x9e3779b9): distinct
 * for every word and digest, random-looking, and a few operations each.
 */
function writeSignature(out: Uint8Array, at: number): number {
  out.set(PREFIX_BYTES, at);
  let o = at + PREFIX_BYTES.length;
  for (let i = 0; i < WORDS; i++) {
    const v = stretch(d[i & 7], i);
    out[o] = HEX_DIGITS[(v >>> 28) & 15];
    out[o + 1] = HEX_DIGITS[(v >>> 24) & 15];
    out[o + 2] = HEX_DIGITS[(v >>> 20) & 15];
    out[o + 3] = HEX_DIGITS[(v >>> 16) & 15];
    out[o + 4] = HEX_DIGITS[(v >>> 12) & 15];
    out[o + 5] = HEX_DIGITS[(v >>> 8) & 15];
    out[o + 6] = HEX_DIGITS[(v >>> 4) & 15];
    out[o + 7] = HEX_DIGITS[v & 15];
    o += 8;
  }
  return o;
}

/** MurmurHash3's 32-bit finaliser over a digest word mixed with the word's position. */
function stretch(word: number, i: number): number {
  let x = word ^ Math.imul(i + 1, 0x9e3779b9);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
