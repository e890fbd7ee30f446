import { ownPages, ownUint8Array, releasePages } from './own-pages.js';

/** Scratch pages are taken from the kernel this many bytes at a time. */
const CHUNK_BYTES = 1 << 20;

/**
 * Byte ranges handed out in order from pages of their own (`own-pages.ts`), all given back to the
 * kernel at once: room for many small arrays that grow while something is built and are then copied
 * into their final block, without leaving holes in malloc's heap.
 */
export class ScratchPages {
  private readonly buffers: ArrayBuffer[] = [];
  private chunk = ownUint8Array(0);
  private used = 0;

  /** `size` zeroed bytes, valid until `release`. */
  take(size: number): Uint8Array<ArrayBuffer> {
    if (this.used + size > this.chunk.length) {
      const buffer = ownPages(Math.max(CHUNK_BYTES, size));
      this.buffers.push(buffer);
      this.chunk = new Uint8Array(buffer);
      this.used = 0;
    }
    const bytes = this.chunk.subarray(this.used, this.used + size);
    this.used += size;
    return bytes;
  }

  /** Gives every page back; nothing may read what `take` handed out afterwards. */
  release(): void {
    for (const buffer of this.buffers) releasePages(buffer);
    this.buffers.length = 0;
    this.chunk = ownUint8Array(0);
    this.used = 0;
  }
}
