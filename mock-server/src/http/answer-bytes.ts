import { ownBuffer } from '../own-pages.js';

/**
 * Encoded answer bodies. Answers are most of what a server under reads allocates and frees, and in
 * malloc's heap their holes outlive them (see `ownPages`), so a large one can get pages of its own.
 *
 * Only where the process's `Response` hands a body's bytes to the socket as they are: the Fetch API's own
 * `Response` (undici's, which `app.request()` uses) refuses a body over a resizable buffer. The command-line
 * server, whose @hono/node-server replaces it with one that does, turns that on; elsewhere answers stay
 * with malloc. Small answers always do: a page costs more than they do.
 */

/** Bodies from this size on get pages of their own, once turned on. */
const OWN_PAGES_FROM = 16 * 1024;

let ownPagesFrom = Infinity;

/** Large answers get pages of their own from now on (the command-line server, once it listens). */
export function answersInOwnPages(): void {
  ownPagesFrom = OWN_PAGES_FROM;
}

/** `size` writable bytes. */
export function answerMemory(size: number): Buffer<ArrayBuffer> {
  return size < ownPagesFrom ? Buffer.allocUnsafe(size) : ownBuffer(size);
}

/**
 * An answer's body as a cache keeps it: the text itself, or, from 16 KB on once turned on, its UTF-8
 * bytes in pages of their own.
 *
 * A kept answer dies when its entry is replaced (a write to its row, a new second for a timed answer),
 * usually after the young generation has promoted it. Kept as malloc'd bytes, dead answers waited for a
 * full collection: under 32 clients' updates they held 22 MB of malloc's heap at its peak, and malloc
 * keeps its heap at its highest (its free blocks lie among live ones). A string lives in V8's heap,
 * which compacts, and the adapter writes it with the headers in one call (Node encodes a short one on
 * the stack).
 */
export type AnswerBody = string | Buffer<ArrayBuffer>;

/** `text` as a body to keep (see `AnswerBody`). */
export function answerBody(text: string): AnswerBody {
  return inOwnPages(text, 'utf8') ?? text;
}

/** `text` as UTF-8, or as Latin-1 for text known to be ASCII or Latin-1 (a plain copy). */
export function answerBytes(text: string, encoding: 'utf8' | 'latin1' = 'utf8'): Buffer<ArrayBuffer> {
  return inOwnPages(text, encoding) ?? Buffer.from(text, encoding);
}

/** `text`'s bytes in pages of their own when they are large enough for that (and it is turned on). */
function inOwnPages(text: string, encoding: 'utf8' | 'latin1'): Buffer<ArrayBuffer> | undefined {
  // UTF-8 takes at most 3 bytes a UTF-16 unit: most answers (get by id on every request) are known to be
  // small without measuring them first, and none are while the policy is off
  const bound = encoding === 'latin1' ? text.length : text.length * 3;
  if (bound < ownPagesFrom) return undefined;
  const size = encoding === 'latin1' ? text.length : Buffer.byteLength(text, 'utf8');
  if (size < ownPagesFrom) return undefined;
  const bytes = ownBuffer(size);
  bytes.write(text, 0, encoding);
  return bytes;
}
