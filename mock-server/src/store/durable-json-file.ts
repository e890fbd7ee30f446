import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { ownBuffer, releasePages } from '../own-pages.js';

/** Raised when a file on disk can't be used as it is; the message names the file and what to do. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'DataFileError';
  }
}

/** Bytes written per call when a file is written in pieces. */
const WRITE_BUFFER_BYTES = 1 << 20;

/** How a file's value and its JSON text turn into each other, when not by plain `JSON.stringify`/`parse`. */
export interface JsonLayout<T> {
  /** The value as JSON text in pieces, so a large snapshot never blocks the event loop for long. */
  chunks(data: T): Iterable<string>;
  /** The value of the file's bytes (throws JSON.parse's own SyntaxError on bad JSON). */
  parse(bytes: Buffer): T;
}

/**
 * A lowdb adapter that acknowledges a write only once it is on disk: the text goes to a temporary file
 * that is fsynced, then renamed over the target, then the directory is fsynced. A reader (or a process
 * killed mid-write) therefore only ever sees the old file or the new one, never a torn one.
 *
 * With a `layout`, serialisation yields to the event loop between pieces (big snapshots) and reading
 * goes through its parser; without one, `JSON.stringify` and `JSON.parse` are used (small files).
 */
export class DurableJsonFile<T> implements Adapter<T> {
  /**
   * @param prefetched the file's bytes, already being read by `readWholeFile` (start-up reads the next
   *   product's snapshot while this one is parsed)
   */
  constructor(
    readonly filename: string,
    private readonly layout?: JsonLayout<T>,
    private readonly prefetched?: Promise<Buffer<ArrayBuffer> | null>,
  ) {}

  async read(): Promise<T | null> {
    let bytes: Buffer<ArrayBuffer> | null;
    try {
      bytes = await (this.prefetched ?? readWholeFile(this.filename));
    } catch (e) {
      throw new DataFileError(this.filename, `cannot read ${this.filename}: ${(e as Error).message}`);
    }
    if (bytes === null) return null;
    try {
      // without a layout, one decode of the whole buffer: far faster than readFile's incremental decoding
      return this.layout ? this.layout.parse(bytes) : (JSON.parse(bytes.toString('utf-8')) as T);
    } catch (e) {
      throw new DataFileError(
        this.filename,
        `${this.filename} is not valid JSON (${(e as Error).message}); move it away to start from a fresh seed, or point --data at another directory`,
      );
    } finally {
      releasePages(bytes.buffer);
    }
  }

  /**
   * The bytes to write are in pages of their own (`ownPages`), given back as soon as they are written:
   * a Buffer from malloc lives until the garbage collector finds it, and under a write load the log's
   * segments (a few kilobytes each, one per group commit) left about 20 MB of such buffers, and then
   * their holes, in malloc's heap.
   */
  async write(data: T): Promise<void> {
    const temp = join(dirname(this.filename), `.${basename(this.filename)}.tmp`);
    const fh = await open(temp, 'w');
    try {
      if (this.layout) {
        // pieces are copied into one reused buffer, written (and the event loop let run) each time it fills
        let buffer = ownBuffer(WRITE_BUFFER_BYTES);
        try {
          let used = 0;
          for (const piece of this.layout.chunks(data)) {
            const bytes = Buffer.byteLength(piece);
            if (used + bytes > buffer.length && used > 0) {
              await writeAll(fh, buffer, used);
              used = 0;
              await yieldToEventLoop();
            }
            if (bytes > buffer.length) {
              releasePages(buffer.buffer);
              buffer = ownBuffer(bytes);
            }
            used += buffer.write(piece, used);
          }
          if (used) await writeAll(fh, buffer, used);
        } finally {
          releasePages(buffer.buffer);
        }
      } else {
        const text = JSON.stringify(data);
        const bytes = ownBuffer(Buffer.byteLength(text));
        try {
          bytes.write(text);
          await writeAll(fh, bytes, bytes.length);
        } finally {
          releasePages(bytes.buffer);
        }
      }
      await fh.sync();
    } catch (e) {
      await fh.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    await fh.close();
    await rename(temp, this.filename);
    await syncDirectory(dirname(this.filename));
  }
}

/** Writes the first `length` bytes of `bytes` at the file's position, however many calls that takes. */
async function writeAll(fh: FileHandle, bytes: Buffer, length: number): Promise<void> {
  for (let at = 0; at < length; ) at += (await fh.write(bytes, at, length - at)).bytesWritten;
}

/**
 * The whole file, or null when there is none. Read with as few read calls as the kernel allows, each
 * one job on the thread pool: `readFile` asks in 512 KB pieces, each needing a turn of the event loop,
 * so a read started before a long synchronous parse would make no progress during it.
 *
 * The bytes are in pages of their own, for the reader to give back with `releasePages` once it has
 * decoded them: left to the garbage collector, a 100,000-user start-up still held 117-148 MB of them
 * when it printed its banner.
 */
export async function readWholeFile(filename: string): Promise<Buffer<ArrayBuffer> | null> {
  let fh;
  try {
    fh = await open(filename, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const size = (await fh.stat()).size;
    const bytes = ownBuffer(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await fh.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await fh.close();
  }
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Makes a rename durable. Some file systems refuse fsync on a directory; that is not an error. */
export async function syncDirectory(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // best effort: the rename itself already happened
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
