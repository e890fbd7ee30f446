import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-json-file.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_LAYOUT, type Snapshot } from './snapshot.js';
import { Table, type Change, type Row, type RowId } from './table.js';
import type { Op, WriteAheadLog } from './write-ahead-log.js';

type MetaChange = { readonly table: '$meta'; readonly key: string; readonly value: unknown; readonly previous: unknown };
type PendingChange = Change | MetaChange;

interface Waiter {
  readonly through: number;
  resolve(): void;
  reject(e: Error): void;
}

/** Where a product's data lives on disk; absent for `--in-memory`. */
export interface ProductFiles {
  readonly snapshot: string;
  readonly wal: WriteAheadLog;
}

export interface CompactionPolicy {
  /** Fold the log into a new snapshot once it holds this many changes… */
  readonly maxOps: number;
  /** …or this many segment files. */
  readonly maxSegments: number;
}

export const DEFAULT_COMPACTION: CompactionPolicy = { maxOps: 20_000, maxSegments: 2_000 };

/**
 * One product's data: its tables in memory, and (unless in-memory) a snapshot file plus a write-ahead
 * log on disk.
 *
 * Writes use group commit: every change made since the last flush goes into the next log segment, so
 * one small file write serves all requests waiting for it. `commit()` resolves only once the caller's
 * changes are on disk. If a write fails, every change not yet on disk is undone in memory and every
 * waiter is rejected, so memory never claims what the disk does not hold.
 */
export class ProductDb {
  private readonly tables = new Map<string, Table<Row>>();
  private meta: Record<string, unknown> = {};
  private seedInfo = { seed: 0, users: 0 };
  private readonly resetHooks: Array<() => void> = [];

  private pending: PendingChange[] = [];
  private recorded = 0;
  private durable = 0;
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | undefined;
  private seq = 0;
  /** [seq, number of ops] of each log segment not yet folded into the snapshot file. */
  private unfolded: Array<readonly [number, number]> = [];
  private unfoldedOps = 0;
  private snapshotWrite: Promise<void> | undefined;
  /** Freshly seeded data whose snapshot file is not yet durable; no log segment is written before it is. */
  private seedSnapshot: Snapshot | undefined;
  /** The write of `seedSnapshot` in flight: resolves to its error, if it failed (never rejects). */
  private seedWrite: Promise<Error | undefined> | undefined;
  /** The loaded snapshot's tables, until `takeLoadedTables` hands them to string sharing. */
  private unshared: Row[][] = [];

  constructor(
    readonly product: string,
    private readonly files: ProductFiles | undefined,
    private readonly compaction: CompactionPolicy = DEFAULT_COMPACTION,
  ) {}

  /** The table of this name (the same object for the life of the process, across resets). */
  table<R extends Row>(name: string): Table<R> {
    let t = this.tables.get(name);
    if (!t) {
      t = new Table<Row>(name, (change) => this.record(change));
      this.tables.set(name, t);
    }
    return t as unknown as Table<R>;
  }

  /** Changes whenever any row of this product does (each table's version only grows): for answer caches. */
  get version(): number {
    let v = 0;
    for (const t of this.tables.values()) v += t.version;
    return v;
  }

  /** Row count of every table. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.tables].map(([name, t]) => [name, t.size]));
  }

  getMeta<T>(key: string): T | undefined {
    return this.meta[key] as T | undefined;
  }

  setMeta(key: string, value: unknown): void {
    const previous = this.meta[key];
    this.meta[key] = value;
    this.record({ table: '$meta', key, value, previous });
  }

  get seed(): { seed: number; users: number } {
    return this.seedInfo;
  }

  /** Called after a reset has replaced the data, so products can drop sessions and caches. */
  onReset(hook: () => void): void {
    this.resetHooks.push(hook);
  }

  /** Resolves once every change made so far is durable; rejects if writing them failed. */
  commit(): Promise<void> {
    if (!this.files) {
      this.pending = [];
      return Promise.resolve();
    }
    const through = this.recorded;
    if (through <= this.durable) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ through, resolve, reject }));
    this.scheduleFlush();
    return done;
  }

  /** Loads a snapshot and the log segments after it (start-up). */
  load(snapshot: Snapshot, segments: Array<{ seq: number; ops: Op[] }>): void {
    this.replace(snapshot);
    this.unshared = Object.values(snapshot.tables);
    for (const s of segments) {
      for (const op of s.ops) this.applyOp(op);
      this.seq = s.seq;
      this.noteSegment(s.seq, s.ops.length);
    }
  }

  /**
   * Loads freshly seeded data and starts writing it as the snapshot file in the background. Until that
   * is durable a restart would only seed the same data again (seeding is deterministic), and every
   * commit waits for it before logging anything, so nothing is acknowledged that the disk lacks.
   */
  loadSeeded(snapshot: Snapshot): void {
    this.replace(snapshot);
    if (!this.files) return;
    this.seedSnapshot = snapshot;
    this.seedWrite = this.writeSeed();
  }

  /**
   * Replaces all data with `snapshot` (a reset), and makes it durable as the new snapshot file before
   * resolving. Writes made while this runs land in later log segments.
   */
  async replaceWith(snapshot: Snapshot): Promise<void> {
    await this.idle();
    this.replace({ ...snapshot, seq: this.seq });
    for (const hook of this.resetHooks) hook();
    if (!this.files) return;
    if (this.seedSnapshot) {
      // the seed never reached the disk: this data replaces it as the pending base snapshot
      this.seedSnapshot = this.capture();
      const error = await (this.seedWrite ??= this.writeSeed());
      if (error) throw error;
    } else await this.writeSnapshot(this.capture(), true);
  }

  /** The current data as a snapshot (row objects are shared, not copied: rows are immutable). */
  capture(): Snapshot {
    const tables: Record<string, Row[]> = {};
    // synchronous, on the write path that decides a compaction is due: a plain copy of each table
    for (const [name, t] of this.tables) tables[name] = t.toArray();
    return {
      format: SNAPSHOT_FORMAT,
      product: this.product,
      seq: this.seq,
      seed: this.seedInfo,
      meta: structuredClone(this.meta),
      tables,
    };
  }

  /** Waits for in-flight writes (log and snapshot) to finish. */
  async idle(): Promise<void> {
    while (this.flushing || this.snapshotWrite || this.seedWrite) {
      await this.flushing;
      await this.snapshotWrite;
      await this.seedWrite;
    }
  }

  /**
   * The rows of the snapshot loaded at start-up, once, for `ValueSharing` (which the app runs after the
   * server is listening: it takes about a second at 5 × 100,000 users). Rows replaced since the load
   * are only left unshared. Empty after the first call, and for data seeded or reset in this process.
   */
  takeLoadedTables(): Row[][] {
    return this.unshared.splice(0);
  }

  private replace(snapshot: Snapshot): void {
    this.unshared = [];
    this.meta = structuredClone(snapshot.meta ?? {});
    this.seedInfo = snapshot.seed;
    this.seq = snapshot.seq;
    this.unfolded = [];
    this.unfoldedOps = 0;
    this.pending = [];
    this.durable = this.recorded;
    for (const t of this.tables.values()) if (!(t.name in snapshot.tables)) t.replaceAll([]);
    for (const [name, rows] of Object.entries(snapshot.tables)) this.table(name).replaceAll(rows);
  }

  private record(change: PendingChange): void {
    if (!this.files) return;
    this.pending.push(change);
    this.recorded++;
  }

  private applyOp(op: Op): void {
    if (op[0] === '$meta') {
      this.meta[op[1]] = op[2];
      return;
    }
    const t = this.table(op[0]);
    if (op[1] === 'put') {
      const row = op[2] as Row;
      t.apply(row.id, row);
    } else t.apply(op[2] as RowId, undefined);
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = undefined;
      if (this.pending.length && this.waiters.length) this.scheduleFlush();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length) {
      if (this.seedSnapshot) {
        const error = await (this.seedWrite ??= this.writeSeed());
        if (error) {
          // tried again at the next commit
          this.undo(this.pending);
          this.fail(error);
          return;
        }
      }
      const batch = this.pending;
      this.pending = [];
      const through = this.recorded;
      const seq = this.seq + 1;
      const ops = batch.map(toOp);
      // The state in memory right now is exactly "everything through this batch": the moment to
      // capture a snapshot, if one is due.
      const dueSnapshot =
        !this.snapshotWrite &&
        (this.unfoldedOps + ops.length >= this.compaction.maxOps ||
          this.unfolded.length + 1 >= this.compaction.maxSegments);
      const snapshot = dueSnapshot ? { ...this.capture(), seq } : undefined;
      try {
        await this.files!.wal.append({ seq, ops });
      } catch (e) {
        this.undo([...batch, ...this.pending]);
        this.fail(e as Error);
        return;
      }
      this.seq = seq;
      this.noteSegment(seq, ops.length);
      this.durable = through;
      this.resolveWaiters();
      if (snapshot) void this.writeSnapshot(snapshot, false);
    }
  }

  private noteSegment(seq: number, ops: number): void {
    this.unfolded.push([seq, ops]);
    this.unfoldedOps += ops;
  }

  private resolveWaiters(): void {
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.through <= this.durable) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private fail(error: Error): void {
    const e = new Error(`could not persist ${this.product} data: ${error.message}`, { cause: error });
    const waiters = this.waiters;
    this.waiters = [];
    this.pending = [];
    this.durable = this.recorded;
    for (const w of waiters) w.reject(e);
  }

  /** Reverts changes in memory, newest first. */
  private undo(changes: PendingChange[]): void {
    for (let i = changes.length - 1; i >= 0; i--) {
      const c = changes[i];
      if (c.table === '$meta') {
        const m = c as MetaChange;
        if (m.previous === undefined) delete this.meta[m.key];
        else this.meta[m.key] = m.previous;
      } else {
        const ch = c as Change;
        const id = ch.op === 'put' ? ch.row.id : ch.id;
        this.table(ch.table).apply(id, ch.previous);
      }
    }
  }

  /** Writes `seedSnapshot` (after removing any log left from older data); settles with the error, if any. */
  private writeSeed(): Promise<Error | undefined> {
    const files = this.files!;
    const snapshot = this.seedSnapshot!;
    const write = (async () => {
      await files.wal.clear();
      await new Low<Snapshot>(new DurableJsonFile(files.snapshot, SNAPSHOT_LAYOUT), snapshot).write();
    })();
    const settled = write.then(
      () => {
        if (this.seedSnapshot === snapshot) this.seedSnapshot = undefined;
        return undefined;
      },
      (e: Error) => e,
    );
    void settled.then(() => {
      if (this.seedWrite === settled) this.seedWrite = undefined;
    });
    return settled;
  }

  private writeSnapshot(snapshot: Snapshot, rethrow: boolean): Promise<void> {
    const files = this.files!;
    const write = (async () => {
      const db = new Low<Snapshot>(new DurableJsonFile(files.snapshot, SNAPSHOT_LAYOUT), snapshot);
      await db.write();
      const folded = this.unfolded.filter(([seq]) => seq <= snapshot.seq);
      this.unfolded = this.unfolded.filter(([seq]) => seq > snapshot.seq);
      for (const [, n] of folded) this.unfoldedOps -= n;
      await files.wal.pruneThrough(snapshot.seq);
    })();
    // A failed background compaction loses nothing (the log still holds every change); it is tried
    // again at the next threshold. idle() must never throw, so it waits on the settled promise.
    const settled: Promise<void> = write.then(
      () => undefined,
      () => undefined,
    );
    this.snapshotWrite = settled;
    void settled.then(() => {
      if (this.snapshotWrite === settled) this.snapshotWrite = undefined;
    });
    return rethrow ? write : settled;
  }
}

function toOp(c: PendingChange): Op {
  if (c.table === '$meta') return ['$meta', (c as MetaChange).key, (c as MetaChange).value];
  const ch = c as Change;
  return ch.op === 'put' ? [ch.table, 'put', ch.row] : [ch.table, 'del', ch.id];
}
