import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreparedSuccess } from '../../../mock-server/src/products/privacyidea/envelope';
import { ReplyCache } from '../../../mock-server/src/products/privacyidea/reply-cache';

/** A reply of `size` bytes that counts how often it is disposed of. */
function reply(size: number): PreparedSuccess & { disposals: number } {
  const r = { size, disposals: 0, dispose: () => void r.disposals++ };
  return r as unknown as PreparedSuccess & { disposals: number };
}

describe('privacyIDEA: the reply cache lets replies go exactly once', () => {
  it('disposes of a replaced reply, an evicted one, and all of them on a change or when emptied', () => {
    const cache = new ReplyCache(1000, 3);
    const a = reply(100);
    const b = reply(100);
    const c = reply(100);
    assert.equal(cache.set('a', 1, 1, a), true);
    assert.equal(cache.set('b', 1, 1, b), true);
    assert.equal(cache.get('a', 1, 1), a);
    const a2 = reply(100);
    cache.set('a', 1, 1, a2);
    assert.equal(a.disposals, 1, 'replaced');
    cache.set('a', 1, 1, a2); // the same reply again is kept, not disposed of
    assert.equal(a2.disposals, 0);
    cache.set('c', 1, 1, c);
    const d = reply(100);
    cache.set('d', 1, 1, d); // over 3 entries: the oldest one not asked for since goes
    assert.deepEqual([b.disposals, a2.disposals, c.disposals, d.disposals], [1, 0, 0, 0]);
    assert.equal(cache.get('b', 1, 1), undefined);

    assert.equal(cache.get('c', 2, 1), undefined); // a store changed: everything goes
    assert.deepEqual([a2.disposals, c.disposals, d.disposals], [1, 1, 1]);

    const e = reply(100);
    cache.set('e', 2, 1, e);
    cache.clear();
    cache.clear();
    assert.equal(e.disposals, 1);
  });

  it('does not keep (nor dispose of) a reply over a quarter of its bytes, and says so', () => {
    const cache = new ReplyCache(1000, 3);
    const big = reply(300);
    assert.equal(cache.set('big', 1, 1, big), false);
    assert.equal(cache.get('big', 1, 1), undefined);
    assert.equal(big.disposals, 0);
  });
});
