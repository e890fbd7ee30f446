import { releasePages } from '../own-pages.js';

/**
 * Leases on the pages of large answers (`answerMemory` in the command-line server), so they go back to
 * the kernel as soon as nothing needs them, instead of when the garbage collector finds them.
 *
 * Under repeated reads an answer that lives a millisecond in a cache and a few in a socket's queue is
 * often promoted before it dies, and then waits for a full collection: privacyIDEA's user lists (about
 * 125 kB each, a new one every millisecond) left 60–75 MB of dead answers in resident memory right after
 * its reads. So whoever keeps such memory (a cache entry, a response on its way out) takes a lease, and
 * the last one to give it back releases the pages.
 *
 * A lease never given back is harmless: the memory is freed when it is collected, as it always was. A
 * lease given back too early would not be, so code takes one for every holder it creates, and memory
 * that is not in pages of its own is never tracked. In particular, a response made from leased bytes
 * takes a lease of its own: the server's `LeasedAnswerResponse` gives one back for every leased body it
 * writes, whoever made the response.
 */
const leases = new WeakMap<ArrayBuffer, number>();

function ownPagesOf(bytes: Uint8Array): ArrayBuffer | undefined {
  const buffer = bytes.buffer as ArrayBuffer & { resizable?: boolean };
  return buffer.resizable ? buffer : undefined;
}

/** One more holder of `bytes`' pages (nothing, if they are not pages of their own). */
export function leaseAnswer(bytes: Uint8Array): void {
  const pages = ownPagesOf(bytes);
  if (pages) leases.set(pages, (leases.get(pages) ?? 0) + 1);
}

/** Whether `bytes` are under lease (a response carrying them gives one back once written). */
export function isLeased(bytes: Uint8Array): boolean {
  const pages = ownPagesOf(bytes);
  return pages !== undefined && leases.has(pages);
}

/** A holder is done with `bytes`: the last one releases their pages. */
export function returnAnswer(bytes: Uint8Array): void {
  const pages = ownPagesOf(bytes);
  const held = pages && leases.get(pages);
  if (!held) return;
  if (held > 1) leases.set(pages, held - 1);
  else {
    leases.delete(pages);
    releasePages(pages);
  }
}
