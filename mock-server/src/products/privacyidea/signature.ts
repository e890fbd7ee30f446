import { createHmac } from 'node:crypto';

/**
 * The mock's response signature: `rsa_sha256_pss:` and 512 hex digits, the format and length of
 * privacyIDEA's RSA-PSS signature (a 2048-bit key's 256 bytes). Nobody can verify privacyIDEA's
 * signature without the server's key, and clients that do not verify cannot tell this one from it. It
 * is a function of the signed text (the body without `signature`), computed as
 *
 *   head, tail = the text split at its last `, "time": ` (the tail: time and version strings; "" if none)
 *   h          = HMAC-SHA256(KEY, head), as eight big-endian 32-bit words
 *   lane j     = h[j], then every UTF-16 unit c of the tail at position i: lane (i mod 8) = (lane XOR c) * 16777619
 *   fold       = fmix32 chain over the tail's length and the eight lanes
 *   word i     = fmix32(lane (i mod 8) XOR fold XOR (i + 1) * 0x9e3779b9), i = 0..63, in hex
 *
 * Every answer differs in its time, so only the tail is worked per answer: an answer kept for many
 * requests takes its head's HMAC once (`headDigest`), and each request costs a few operations per tail
 * character and per word.
 */
const KEY = 'privacyidea-mock-response-signature';
export const SIGNATURE_PREFIX = 'rsa_sha256_pss:';
/** 32-bit words of a signature: 256 bytes, as a 2048-bit RSA key's. */
const WORDS = 64;
/** Characters of a signature: the prefix and 8 hex digits per word. */
export const SIGNATURE_LENGTH = SIGNATURE_PREFIX.length + WORDS * 8;
/** Where the tail of a signed text starts (pyDumps sorts `time` after every other member but the versions). */
export const TAIL_START = ', "time": ';

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const PREFIX_BYTES = Buffer.from(SIGNATURE_PREFIX, 'latin1');
const lanes = new Int32Array(8);
/**
 * Where a signature is spelled before it is copied out: always the same plain buffer, as storing bytes one
 * at a time into arrays of two kinds (`out` may live in pages of its own) turns V8's stores generic and slow.
 */
const spelled = Buffer.allocUnsafeSlow(SIGNATURE_LENGTH);
spelled.set(PREFIX_BYTES, 0);

/** The HMAC of a signed text's head, as eight words: computed once for an answer given many times. */
export function headDigest(head: string | Uint8Array): Int32Array {
  const digest = createHmac('sha256', KEY).update(head).digest();
  const words = new Int32Array(8);
  for (let i = 0; i < 8; i++) words[i] = digest.readInt32BE(i * 4);
  return words;
}

/** The signature of `text`. */
export function signText(text: string): string {
  const at = text.lastIndexOf(TAIL_START);
  return at < 0 ? signParts(text, '') : signParts(text.slice(0, at), text.slice(at));
}

/** The signature of `head + tail`, a text already split where its tail starts (`TAIL_START`). */
export function signParts(head: string, tail: string): string {
  spell(headDigest(head), tail);
  return spelled.toString('latin1');
}

/**
 * Writes the signature of (the head `head` was made from, then `tail`) into `out` at `at`; answers the
 * offset after it.
 */
export function writeSignature(head: Int32Array, tail: string, out: Uint8Array, at: number): number {
  spell(head, tail);
  out.set(spelled, at);
  return at + SIGNATURE_LENGTH;
}

function spell(head: Int32Array, tail: string): void {
  lanes.set(head);
  for (let i = 0; i < tail.length; i++) lanes[i & 7] = Math.imul(lanes[i & 7] ^ tail.charCodeAt(i), 16777619);
  let fold = fmix32(tail.length);
  for (let j = 0; j < 8; j++) fold = fmix32(fold ^ lanes[j]);
  let o = PREFIX_BYTES.length;
  for (let i = 0; i < WORDS; i++) {
    const v = fmix32(lanes[i & 7] ^ fold ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0;
    spelled[o] = HEX_DIGITS[(v >>> 28) & 15];
    spelled[o + 1] = HEX_DIGITS[(v >>> 24) & 15];
    spelled[o + 2] = HEX_DIGITS[(v >>> 20) & 15];
    spelled[o + 3] = HEX_DIGITS[(v >>> 16) & 15];
    spelled[o + 4] = HEX_DIGITS[(v >>> 12) & 15];
    spelled[o + 5] = HEX_DIGITS[(v >>> 8) & 15];
    spelled[o + 6] = HEX_DIGITS[(v >>> 4) & 15];
    spelled[o + 7] = HEX_DIGITS[v & 15];
    o += 8;
  }
}

/** MurmurHash3's 32-bit finaliser. */
function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}
