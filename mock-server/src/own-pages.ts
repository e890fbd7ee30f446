/**
 * Memory in pages of its own, for large buffers.
 *
 * A Buffer's or typed array's bytes come from malloc, and glibc keeps what a freed block leaves in the
 * middle of its heap: an index build's scratch arrays, or a few thousand answers of tens of kilobytes,
 * interleaved with blocks that live on, leave the process holding tens of megabytes of free heap for
 * good (Node cannot ask glibc to give it back). A resizable ArrayBuffer is different: V8 reserves it
 * straight from the kernel and unmaps it when it is collected. The kernel zeroes each page on first touch,
 * a few microseconds a page.
 *
 * V8 gives arrays over resizable buffers an element kind of their own, and code that indexes arrays of
 * both kinds from one place falls back to slow generic loads and stores. So an index takes all its arrays
 * from here whatever their size, and bytes written one at a time go to a plain array first.
 */

/** ES2024's resizable ArrayBuffer constructor (Node 20 has it; the project's ES lib predates it). */
const Resizable = ArrayBuffer as unknown as new (size: number, options: { maxByteLength: number }) => ArrayBuffer;

/** `size` zeroed bytes in pages of their own (at least one page). */
export function ownPages(size: number): ArrayBuffer {
  return new Resizable(size, { maxByteLength: size });
}

/**
 * Gives `buffer`'s pages (from `ownPages`) back to the kernel at once, without waiting for the garbage
 * collector to find it unreachable; nothing may read it afterwards.
 */
export function releasePages(buffer: ArrayBuffer): void {
  (buffer as unknown as { resize(size: number): void }).resize(0);
}

/** A zeroed Int32Array of `length`, in pages of its own. */
export const ownInt32Array = (length: number): Int32Array<ArrayBuffer> => new Int32Array(ownPages(length * 4));

/** A zeroed Uint8Array of `length`, in pages of its own. */
export const ownUint8Array = (length: number): Uint8Array<ArrayBuffer> => new Uint8Array(ownPages(length));

/** A zeroed Buffer of `size` bytes, in pages of its own. */
export const ownBuffer = (size: number): Buffer<ArrayBuffer> => Buffer.from(ownPages(size), 0, size);
