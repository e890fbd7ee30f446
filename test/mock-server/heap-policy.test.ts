import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heapPolicy, IdleCollector } from '../../mock-server/src/heap-policy';
import { Lru } from '../../mock-server/src/lru';
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
