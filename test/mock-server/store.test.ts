import assert from 'node:assert/strict';
import { chmod, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createApp } from '../../mock-server/src/app';
import { defaultConfig } from '../../mock-server/src/config';
import type { ProductModule } from '../../mock-server/src/products/product';
import { ValueSharing } from '../../mock-server/src/store/shared-values';
import { Store } from '../../mock-server/src/store';
import { tempDir } from '../support/mock-process';

interface Item {
  id: number;
  name: string;
}

/** A minimal product, so the store is tested on its own (no HTTP involved). */
const widgets: ProductModule = {
  id: 'foreman',
  title: 'Widgets',
  prefix: '/widgets',
  apiBase: '/widgets',
  async seed(roster) {
    return { tables: { items: roster.map((p, i) => ({ id: i + 1, name: p.login })) }, meta: { created: roster.length } };
  },
  app: () => new Hono(),
  credentials: () => '',
  errorResponse: (c, status) => c.json({}, status as 500),
  expiredResponse: (c) => c.json({}, 401),
};

async function open(dir: string | undefined, users = 20, compaction?: { maxOps: number; maxSegments: number }) {
  const config = { ...defaultConfig(), users, dataDir: dir };
  return Store.open({ dataDir: dir, products: [widgets], config, compaction });
}

describe('store', () => {
  it('seeds on first open, then loads; indexes stay consistent across puts and deletes', async () => {
    const dir = await tempDir();
    try {
      const store = await open(dir.path);
      assert.deepEqual(store.report.seeded, ['foreman']);
      const items = store.db('foreman').table<Item>('items');
      const byName = items.unique((r) => r.name);
      const sorted = items.sorted((a, b) => a.name.localeCompare(b.name));
      assert.equal(items.size, 20);
      assert.equal(sorted.size, 20);
      const first = sorted.all()[0];
      items.put({ id: first.id, name: 'zzz-last' });
      assert.equal(sorted.all().at(-1)!.name, 'zzz-last');
      assert.equal(byName.get(first.name), undefined);
      assert.equal(byName.get('zzz-last')!.id, first.id);
      items.delete(2);
      assert.equal(sorted.size, 19);
      await store.db('foreman').commit();
      const again = await open(dir.path);
      assert.deepEqual(again.report.seeded, []);
      const reloaded = again.db('foreman').table<Item>('items');
      assert.equal(reloaded.size, 19);
      assert.equal(reloaded.get(first.id)!.name, 'zzz-last');
      assert.equal(reloaded.get(2), undefined);
    } finally {
      await dir.remove();
    }
  });

  it('group-commits concurrent writes into few log segments, every one durable on resolve', async () => {
    const dir = await tempDir();
    try {
      const store = await open(dir.path);
      const db = store.db('foreman');
      const items = db.table<Item>('items');
      await Promise.all(
        Array.from({ length: 200 }, (_, i) => {
          items.put({ id: 1000 + i, name: `new-${i}` });
          return db.commit();
        }),
      );
      const segments = await readdir(join(dir.path, 'foreman.wal'));
      assert.ok(segments.length >= 1 && segments.length < 200, `${segments.length} segments for 200 writes`);
      const reopened = await open(dir.path);
      assert.equal(reopened.db('foreman').table<Item>('items').size, 220);
    } finally {
      await dir.remove();
    }
  });

  it('folds the log into the snapshot once it grows, keeping later changes', async () => {
    const dir = await tempDir();
    try {
      const store = await open(dir.path, 20, { maxOps: 10, maxSegments: 1000 });
      const db = store.db('foreman');
      const items = db.table<Item>('items');
      for (let i = 0; i < 25; i++) {
        items.put({ id: 500 + i, name: `c-${i}` });
        await db.commit();
      }
      await db.idle();
      const snap = JSON.parse(await readFile(join(dir.path, 'foreman.json'), 'utf8'));
      assert.ok(snap.seq >= 10, `snapshot includes the log up to ${snap.seq}`);
      const left = await readdir(join(dir.path, 'foreman.wal'));
      assert.ok(left.length < 25, `${left.length} segments left after compaction`);
      const reopened = await open(dir.path);
      assert.equal(reopened.db('foreman').table<Item>('items').size, 45);
    } finally {
      await dir.remove();
    }
  });

  it('undoes changes that could not be persisted, and rejects the commit', { skip: process.getuid?.() === 0 ? 'root ignores file permissions' : false }, async () => {
    const dir = await tempDir();
    try {
      const store = await open(dir.path);
      const db = store.db('foreman');
      const items = db.table<Item>('items');
      await chmod(join(dir.path, 'foreman.wal'), 0o500);
      items.put({ id: 1, name: 'changed' });
      await assert.rejects(db.commit(), /could not persist foreman data/);
      assert.notEqual(items.get(1)!.name, 'changed');
      await chmod(join(dir.path, 'foreman.wal'), 0o700);
    } finally {
      await dir.remove();
    }
  });

  it('undoes changes that could not be persisted (log directory replaced by a file)', async () => {
    const dir = await tempDir();
    try {
      const store = await open(dir.path);
      const db = store.db('foreman');
      const items = db.table<Item>('items');
      const { rm, writeFile } = await import('node:fs/promises');
      await rm(join(dir.path, 'foreman.wal'), { recursive: true, force: true });
      await writeFile(join(dir.path, 'foreman.wal'), 'not a directory');
      const before = items.get(1)!;
      items.put({ id: 1, name: 'changed' });
      items.delete(3);
      db.setMeta('created', -1);
      await assert.rejects(db.commit(), /could not persist foreman data/);
      assert.equal(items.get(1), before);
      assert.ok(items.get(3));
      assert.equal(db.getMeta('created'), 20);
    } finally {
      await dir.remove();
    }
  });

  it('keeps everything in memory with no data directory', async () => {
    const store = await open(undefined, 5);
    const items = store.db('foreman').table<Item>('items');
    items.put({ id: 99, name: 'x' });
    await store.db('foreman').commit();
    assert.equal(items.size, 6);
    await store.reset({ seed: 1, users: 3 });
    assert.equal(items.size, 3);
  });
  it('hands the loaded snapshot\'s tables to string sharing once the server is listening, not while it starts', async () => {
    const LABEL = 'the same long label on every row';
    const labelled: ProductModule = {
      ...widgets,
      async seed(roster) {
        return { tables: { items: roster.map((p, i) => ({ id: i + 1, name: p.login, label: LABEL })) } };
      },
    };
    const config = { ...defaultConfig(), users: 50 };
    const dir = await tempDir();
    try {
      const openLabelled = () => Store.open({ dataDir: dir.path, products: [labelled], config: { ...config, dataDir: dir.path } });
      await (await openLabelled()).close();
      // loaded from the file: every row has its own copy of the label until the pass runs
      const loaded = (await openLabelled()).db('foreman');
      const before = structuredClone(Array.from(loaded.table('items').values()));
      assert.ok(before.length >= 50);
      const tables = loaded.takeLoadedTables();
      assert.deepEqual(loaded.takeLoadedTables(), []);
      const sharing = new ValueSharing(tables);
      while (sharing.step(7));
      assert.equal(sharing.swappedStrings, before.length - 1);
      assert.deepEqual(Array.from(loaded.table('items').values()), before);

      // the app takes them as warm-up work, after started()
      const waiting = await openLabelled();
      createApp({ store: waiting, config, products: [labelled] });
      await new Promise((done) => setImmediate(done));
      assert.equal(waiting.db('foreman').takeLoadedTables().length, 1);
      const store = await openLabelled();
      const mock = createApp({ store, config, products: [labelled] });
      mock.started();
      await new Promise((done) => setImmediate(done));
      assert.deepEqual(store.db('foreman').takeLoadedTables(), []);
    } finally {
      await dir.remove();
    }
  });
});
