import { access, constants, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { MockConfig, ProductId } from './config.js';
import type { ProductModule } from './products/product.js';
import { Seeder, type SeedSource } from './seed.js';
import { DataFileError, DurableJsonFile, readWholeFile } from './store/durable-json-file.js';
import { DEFAULT_COMPACTION, ProductDb, type CompactionPolicy } from './store/product-db.js';
import { isSnapshot, SNAPSHOT_LAYOUT, unreadableFormat, type Snapshot } from './store/snapshot.js';
import { WriteAheadLog } from './store/write-ahead-log.js';

export { DataFileError } from './store/durable-json-file.js';

export interface StoreOptions {
  /** Data directory; undefined keeps everything in memory (lowdb's Memory adapter semantics). */
  dataDir: string | undefined;
  products: readonly ProductModule[];
  config: MockConfig;
  compaction?: CompactionPolicy;
}

/** What `open` found: which products were seeded now, and which were loaded from disk. */
export interface OpenReport {
  seeded: ProductId[];
  loaded: Array<{ product: ProductId; seed: { seed: number; users: number } }>;
}

/**
 * All products' data. With a data directory each product has one lowdb snapshot file
 * (`<product>.json`) plus a write-ahead log (`<product>.wal/`) of the changes since; without one,
 * data lives in memory only.
 */
export class Store {
  private constructor(
    private readonly dbs: Map<ProductId, ProductDb>,
    private readonly options: StoreOptions,
    readonly report: OpenReport,
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    const dir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
    if (dir) await ensureWritable(dir);
    const dbs = new Map<ProductId, ProductDb>();
    const report: OpenReport = { seeded: [], loaded: [] };
    const seeder = new Seeder({ seed: options.config.seed, users: options.config.users }, options.config);
    const snapshotFile = (i: number) => (dir && i < options.products.length ? join(dir, `${options.products[i].id}.json`) : undefined);
    // each snapshot is read while the one before it is parsed; a failed read is reported when its turn comes
    const prefetch = (i: number) => {
      const file = snapshotFile(i);
      if (!file) return undefined;
      const bytes = readWholeFile(file);
      bytes.catch(() => undefined);
      return bytes;
    };
    let next = prefetch(0);
    for (const [i, product] of options.products.entries()) {
      const bytes = next;
      next = prefetch(i + 1);
      const files = dir ? { snapshot: snapshotFile(i)!, wal: new WriteAheadLog(join(dir, `${product.id}.wal`)) } : undefined;
      const db = new ProductDb(product.id, files, options.compaction ?? DEFAULT_COMPACTION);
      const snapshot = files ? await readSnapshot(files.snapshot, bytes) : null;
      if (snapshot) {
        db.load(snapshot, await files!.wal.readAfter(snapshot.seq));
        report.loaded.push({ product: product.id, seed: snapshot.seed });
      } else {
        // A log without its snapshot belongs to data that no longer exists: the db removes it before
        // writing the new snapshot, in the background.
        db.loadSeeded(await seeder.seed(product));
        report.seeded.push(product.id);
      }
      dbs.set(product.id, db);
    }
    return new Store(dbs, options, report);
  }

  db(product: ProductId): ProductDb {
    const db = this.dbs.get(product);
    if (!db) throw new Error(`no such product: ${product}`);
    return db;
  }

  /** The seed the current data was made from (what a plain reset restores). */
  get currentSeed(): SeedSource {
    const first = this.options.products[0];
    return first ? this.db(first.id).seed : { seed: this.options.config.seed, users: this.options.config.users };
  }

  get persistent(): boolean {
    return this.options.dataDir !== undefined;
  }

  /** Replaces every product's data with a fresh seed; resolves once that is on disk. */
  async reset(source: SeedSource): Promise<void> {
    const seeder = new Seeder(source, this.options.config);
    for (const product of this.options.products) {
      const snapshot = await seeder.seed(product);
      await this.db(product.id).replaceWith(snapshot);
    }
  }

  /** Waits until every write in flight is on disk. */
  async close(): Promise<void> {
    await Promise.all([...this.dbs.values()].map((db) => db.idle()));
  }
}

async function ensureWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK | constants.R_OK | constants.X_OK);
  } catch (e) {
    throw new DataFileError(
      dir,
      `data directory ${dir} is not usable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); fix its permissions, or choose another with --data DIR, or use --in-memory`,
    );
  }
}

async function readSnapshot(file: string, bytes?: Promise<Buffer<ArrayBuffer> | null>): Promise<Snapshot | null> {
  const db = new Low<unknown>(new DurableJsonFile<unknown>(file, SNAPSHOT_LAYOUT, bytes), null);
  await db.read();
  if (db.data === null) return null;
  const format = unreadableFormat(db.data);
  if (format) {
    throw new DataFileError(
      file,
      `${file} is in a layout this version of the mock server does not read (${format}, from a later version); start that version on it, or move it away to start from a fresh seed, or point --data at another directory`,
    );
  }
  if (!isSnapshot(db.data)) {
    throw new DataFileError(
      file,
      `${file} is not a User Directory mock data file; move it away to start from a fresh seed, or point --data at another directory`,
    );
  }
  return db.data;
}
