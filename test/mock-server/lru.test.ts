import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lru } from '../../mock-server/src/lru';

describe('Lru', () => {
  it('never holds more than its entries, and forgets the least recently used first (a peek does not count as use)', () => {
    const lru = new Lru<number, string>({ entries: 8 });
    for (let i = 0; i < 8; i++) lru.set(i, `v${i}`);
    lru.get(0);
    lru.peek(1);
    lru.set(8, 'v8');
    assert.ok(lru.size <= 8);
    assert.equal(lru.peek(0), 'v0', 'used recently');
    assert.equal(lru.peek(1), undefined, 'only peeked at');
    assert.equal(lru.peek(8), 'v8', 'the newest');
    for (let i = 9; i < 1000; i++) {
      lru.set(i, `v${i}`);
      assert.ok(lru.size <= 8);
    }
    assert.equal(lru.peek(999), 'v999');
  });

  it('keeps the total weight within its bound, counting replaced and deleted entries out, and refuses values over the largest share', () => {
    const weigh = (key: string, value: string) => key.length + value.length;
    const lru = new Lru<string, string>({ entries: 1000, weight: 100, weigh, largestShare: 1 / 8 });
    const total = () => {
      let sum = 0;
      for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l']) {
        const v = lru.peek(k);
        if (v !== undefined) sum += weigh(k, v);
      }
      return sum;
    };
    lru.set('a', 'x'.repeat(13));
    assert.equal(lru.peek('a'), undefined, '14 is over an eighth of 100');
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l']) {
      lru.set(k, 'x'.repeat(11));
      assert.ok(total() <= 100, `after ${k}`);
    }
    lru.set('l', 'y');
    lru.delete('k');
    lru.set('m', 'x'.repeat(11));
    assert.equal(lru.peek('l'), 'y', 'a replaced entry counts with its new weight');
    assert.ok(total() + weigh('m', 'x'.repeat(11)) <= 100);
    lru.clear();
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) lru.set(k, 'x'.repeat(11));
    assert.equal(lru.size, 7, 'clear forgets the weight too: 7 × 12 fit in 100');
  });

  it('computes a missing value once and then answers it', () => {
    const lru = new Lru<string, number>({ entries: 4 });
    let calls = 0;
    const compute = () => ++calls;
    assert.equal(lru.getOrSet('k', compute), 1);
    assert.equal(lru.getOrSet('k', compute), 1);
    assert.equal(calls, 1);
  });

  it('keeps only the entries of one generation of the data', () => {
    const lru = new Lru<string, number>({ entries: 8, weight: 80, weigh: () => 10, largestShare: 1 });
    lru.keepOnly(1);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.keepOnly(1);
    assert.equal(lru.get('a'), 1, 'the same generation keeps its entries');
    lru.keepOnly('1');
    assert.equal(lru.size, 0, 'another generation (by ===) drops them all');
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) lru.set(k, 0);
    assert.equal(lru.size, 8, 'and their weight: 8 × 10 fit in 80 again');
    lru.keepOnly(2);
    lru.keepOnly(1);
    assert.equal(lru.size, 0, 'going back is a change too');
  });

  it('tells each kept value as it leaves, once, whatever makes it leave, and never one it still holds', () => {
    const dropped: string[] = [];
    const lru = new Lru<string, string>({ entries: 4, weight: 40, weigh: (_k, v) => v.length, largestShare: 1 / 2, onDrop: (k, v) => dropped.push(`${k}=${v}`) });
    assert.equal(lru.set('big', 'x'.repeat(21)), false, 'over the largest share: not kept');
    assert.deepEqual(dropped, [], 'a value never kept is not told');
    assert.equal(lru.set('a', 'a1'), true);
    lru.set('a', 'a1');
    assert.deepEqual(dropped, [], 'set again to the same value: still held');
    lru.set('a', 'a2');
    assert.deepEqual(dropped, ['a=a1'], 'replaced');
    lru.delete('a');
    lru.delete('a');
    assert.deepEqual(dropped, ['a=a1', 'a=a2'], 'deleted, once');
    for (const k of ['b', 'c', 'd', 'e', 'f']) lru.set(k, k);
    assert.deepEqual(dropped.slice(2), ['b=b', 'c=c'], 'evicted, least recently used first');
    lru.keepOnly(1);
    lru.keepOnly(2);
    assert.deepEqual(dropped.slice(4).sort(), ['d=d', 'e=e', 'f=f'], 'a new generation drops the rest');
    assert.equal(lru.size, 0);
    lru.set('g', 'g');
    lru.clear();
    assert.deepEqual(dropped.slice(7), ['g=g'], 'cleared');
    const held = new Set<string>();
    const leases = new Lru<number, string>({ entries: 8, onDrop: (_k, v) => held.delete(v) });
    for (let i = 0; i < 100; i++) {
      const v = `v${i % 13}`;
      if (leases.set(i % 13, v)) held.add(v);
      for (const h of held) assert.equal(leases.peek(Number(h.slice(1))), h, 'what was told to go is not held, and what is held was not told');
    }
  });
});
