import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../mock-server/src/app';
import { parseCommandLine } from '../../mock-server/src/args';
import { countCaches } from '../../mock-server/src/caches';
import { heapPolicy, IdleCollector } from '../../mock-server/src/heap-policy';
import { Lru } from '../../mock-server/src/lru';
import { PRODUCTS } from '../../mock-server/src/products/registry';
import { Store } from '../../mock-server/src/store';
import { ReplyCache } from '../../mock-server/src/products/privacyidea/reply-cache';
import { PreparedSuccess } from '../../mock-server/src/products/privacyidea/envelope';
import { fold, rememberedFolds } from '../../mock-server/src/products/snipe-it/php';
import { startMock } from '../support/mock-process';

describe('IdleCollector', () => {
  const counting = (quietTicks: number) => {
    let collections = 0;
    const collector = new IdleCollector(() => collections++, quietTicks);
    return { collector, collections: () => collections };
  };

  it('collects once after the given quiet ticks that follow requests', () => {
    const { collector, collections } = counting(3);
    collector.noteActivity();
    assert.equal(collector.tick(), false, 'the tick that sees the request');
    assert.equal(collector.tick(), false);
    assert.equal(collector.tick(), false);
    assert.equal(collector.tick(), true, 'third quiet tick');
    assert.equal(collections(), 1);
    for (let i = 0; i < 10; i++) collector.tick();
    assert.equal(collections(), 1, 'not again without new requests');
  });

  it('waits while requests keep coming, and never collects a server nobody asked', () => {
    const { collector, collections } = counting(2);
    for (let i = 0; i < 10; i++) collector.tick();
    assert.equal(collections(), 0, 'no request yet');
    for (let i = 0; i < 10; i++) {
      collector.noteActivity();
      collector.tick();
      collector.tick();
    }
    assert.equal(collections(), 0, 'a request every other tick');
    collector.tick();
    collector.tick();
    assert.equal(collections(), 1);
    collector.noteActivity();
    collector.tick();
    collector.tick();
    collector.tick();
    assert.equal(collections(), 2, 'new requests, a new collection');
  });
});

describe('heap policy', () => {
  it('empties the caches when it collects after a quiet spell, except those kept when idle', async () => {
    const answers = new Lru<string, string>({ entries: 10 });
    const orders = new Lru<string, string>({ entries: 10, keepWhenIdle: true });
    const replies = new ReplyCache(1_000_000, 10);
    answers.set('a', 'answer');
    orders.set('o', 'order');
    replies.set('r', 1, 1, PreparedSuccess.ofJson('[]'));
    assert.equal(fold('Ängel Yılmaz'), fold('angel yılmaz'));
    assert.ok(rememberedFolds() >= 2);
    const reports: string[] = [];
    const policy = heapPolicy(1, (m) => reports.push(m));
    try {
      await policy.start();
      assert.equal(answers.size, 1, 'not before the quiet spell');
      const until = Date.now() + 10_000;
      while (answers.size && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      assert.equal(answers.size, 0);
      assert.equal(replies.get('r', 1, 1), undefined);
      assert.equal(rememberedFolds(), 0, "Snipe-IT's collation keys");
      assert.equal(orders.peek('o'), 'order');
      assert.deepEqual(reports, []);
    } finally {
      policy.stop();
    }
  });
});

describe('heap policy: each product\'s caches', () => {
  it('empties a product\'s caches once its requests stop while other requests go on, and no one else\'s', async () => {
    const quiet = new Lru<string, string>({ entries: 10, product: 'quiet-product' });
    const busy = new Lru<string, string>({ entries: 10, product: 'busy-product' });
    const shared = new Lru<string, string>({ entries: 10 });
    const policy = heapPolicy(1, () => {});
    // the server stays busy throughout, so its own idle collection (which empties every cache) never runs
    const request = policy.observe(() => {});
    try {
      await policy.start();
      quiet.set('q', 'answer');
      busy.set('b', 'answer');
      shared.set('s', 'answer');
      policy.noteProductRequest('quiet-product');
      const until = Date.now() + 10_000;
      while (quiet.size && Date.now() < until) {
        request();
        policy.noteProductRequest('busy-product');
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(quiet.size, 0, 'the product whose requests stopped');
      assert.equal(busy.peek('b'), 'answer', 'the product still asked');
      assert.equal(shared.peek('s'), 'answer', 'a cache of no product waits for the whole server to go quiet');
      quiet.set('q', 'again');
      for (let i = 0; i < 15; i++) {
        request();
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(quiet.peek('q'), 'again', 'not emptied again without new requests to it');
    } finally {
      policy.stop();
    }
  });

  it('does nothing with --idle-collect 0', async () => {
    const cache = new Lru<string, string>({ entries: 10, product: 'some-product' });
    const policy = heapPolicy(0, () => {});
    try {
      await policy.start();
      cache.set('k', 'v');
      policy.noteProductRequest('some-product');
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(cache.peek('k'), 'v');
    } finally {
      policy.stop();
    }
  });

  it('every product\'s answer caches are listed under its id', async () => {
    const parsed = parseCommandLine(['--in-memory', '--users', '20'], {});
    assert.equal(parsed.kind, 'run');
    const config = (parsed as Extract<typeof parsed, { kind: 'run' }>).config;
    const store = await Store.open({ dataDir: config.dataDir, products: PRODUCTS, config });
    try {
      createApp({ store, config, products: PRODUCTS });
      for (const product of PRODUCTS) assert.ok(countCaches(product.id) > 0, product.id);
    } finally {
      await store.close();
    }
  });

  it('the app reports each answered request by its product\'s id, and nothing for the control API or unknown paths', async () => {
    const parsed = parseCommandLine(['--in-memory', '--users', '5'], {});
    const config = (parsed as Extract<typeof parsed, { kind: 'run' }>).config;
    const store = await Store.open({ dataDir: config.dataDir, products: PRODUCTS, config });
    const seen: string[] = [];
    try {
      const { fetch } = createApp({ store, config, products: PRODUCTS, onProductRequest: (product) => seen.push(product) });
      for (const path of ['/foreman/api/status', '/_mock/health', '/nowhere', '/privacyidea/auth', '/snipe-it/api/v1/users']) {
        await fetch(new Request(`http://127.0.0.1${path}`));
      }
      assert.deepEqual(seen, ['foreman', 'privacyidea', 'snipe-it']);
    } finally {
      await store.close();
    }
  });
});

describe('mock server idle collection (--idle-collect)', () => {
  const LOW_MEMORY_GC = /Mark-Compact \(reduce\).*low memory notification/;
  const waitFor = async (check: () => boolean, ms: number) => {
    const until = Date.now() + ms;
    while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    return check();
  };

  it('runs a memory-reducing full collection once the start-up and then requests have stopped for that long', async () => {
    const mock = await startMock(['--port', '0', '--in-memory', '--users', '50', '--idle-collect', '1'], {}, 60_000, ['--trace-gc']);
    const collections = () => mock.output().match(new RegExp(LOW_MEMORY_GC, 'g'))?.length ?? 0;
    try {
      assert.ok(await waitFor(() => collections() > 0, 10_000), `a low-memory collection after start-up in:\n${mock.output().slice(-2000)}`);
      // one collection is two mark-compact passes; let both be logged
      await new Promise((r) => setTimeout(r, 500));
      const afterStart = collections();
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(collections(), afterStart, 'not again without requests');
      const res = await fetch(`${mock.baseUrl}/_mock/health`);
      assert.equal(res.status, 200);
      assert.ok(await waitFor(() => collections() > afterStart, 10_000), `a low-memory collection after the request in:\n${mock.output().slice(-2000)}`);
      const again = await fetch(`${mock.baseUrl}/_mock/health`);
      assert.equal(again.status, 200, 'still answering after it');
      assert.equal(mock.errors(), '');
    } finally {
      await mock.stop();
    }
  });

  it('never runs it with --idle-collect 0', async () => {
    const mock = await startMock(['--port', '0', '--in-memory', '--users', '50', '--idle-collect', '0'], {}, 60_000, ['--trace-gc']);
    try {
      assert.equal((await fetch(`${mock.baseUrl}/_mock/health`)).status, 200);
      await new Promise((r) => setTimeout(r, 3000));
      assert.doesNotMatch(mock.output(), LOW_MEMORY_GC);
    } finally {
      await mock.stop();
    }
  });
});
