import { mkdir, readdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DataFileError, DurableJsonFile } from './durable-json-file.js';
import type { RowId } from './table.js';

/** One persisted change. `$meta` is the product's small key/value area. */
export type Op =
  | readonly [table: string, op: 'put', row: { id: RowId }]
  | readonly [table: string, op: 'del', id: RowId]
  | readonly ['$meta', key: string, value: unknown];

export interface Segment {
  seq: number;
  ops: Op[];
}

const SEGMENT = /^(\d{12})\.json$/;

/**
 * The changes made since the last snapshot, one small lowdb file per group commit. Appending a segment
 * costs a write of just the changed rows, whatever the size of the product's data.
 */
export class WriteAheadLog {
  private dirReady = false;

  constructor(readonly dir: string) {}

  async append(segment: Segment): Promise<void> {
    if (!this.dirReady) {
      await mkdir(this.dir, { recursive: true });
      this.dirReady = true;
    }
    const db = new Low<Segment>(new DurableJsonFile(this.path(segment.seq)), segment);
    await db.write();
  }

  /** Segments after `afterSeq`, in order. Leftover temporary files of an interrupted write are removed. */
  async readAfter(afterSeq: number): Promise<Segment[]> {
    await mkdir(this.dir, { recursive: true });
    this.dirReady = true;
    const names = (await readdir(this.dir)).sort();
    const segments: Segment[] = [];
    for (const name of names) {
      if (name.startsWith('.') && name.endsWith('.tmp')) {
        await unlink(join(this.dir, name)).catch(() => undefined);
        continue;
      }
      const m = SEGMENT.exec(name);
      if (!m) continue;
      const seq = Number(m[1]);
      if (seq <= afterSeq) continue;
      const db = new Low<Segment | null>(new DurableJsonFile(join(this.dir, name)), null);
      await db.read();
      const s = db.data;
      if (!s || s.seq !== seq || !Array.isArray(s.ops)) {
        throw new DataFileError(
          join(this.dir, name),
          `${join(this.dir, name)} is not a valid write-ahead-log segment; move it away (losing the changes it holds) or point --data at another directory`,
        );
      }
      segments.push(s);
    }
    return segments;
  }

  /** Deletes the whole log (it belongs to data that no longer exists). */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    this.dirReady = false;
  }

  /** Deletes the segments that a durable snapshot now includes. */
  async pruneThrough(seq: number): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    await Promise.all(
      names.map((name) => {
        const m = SEGMENT.exec(name);
        return m && Number(m[1]) <= seq ? unlink(join(this.dir, name)).catch(() => undefined) : undefined;
      }),
    );
  }

  private path(seq: number): string {
    return join(this.dir, `${String(seq).padStart(12, '0')}.json`);
  }
}
