import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PagedList } from '../../src/tree/paged-list';

describe('PagedList', () => {
  it('fetches the first page once, then more pages on demand', async () => {
    const calls: Array<string | undefined> = [];
    const list = new PagedList<number>(async (cursor) => {
      calls.push(cursor);
      const start = Number(cursor ?? 0);
      return { items: [start, start + 1], total: 5, nextCursor: start + 2 < 5 ? String(start + 2) : undefined };
    });
    await Promise.all([list.ensureFirstPage(), list.ensureFirstPage()]);
    assert.deepEqual(calls, [undefined]);
    assert.deepEqual(list.items, [0, 1]);
    assert.equal(list.total, 5);
    assert.ok(list.hasMore);
    await list.loadMore();
    await list.loadMore();
    assert.deepEqual(list.items, [0, 1, 2, 3, 4, 5]);
    assert.ok(!list.hasMore);
    await list.loadMore();
    assert.deepEqual(calls, [undefined, '2', '4']);
  });

  it('keeps what it has and records the error when a page fails', async () => {
    let fail = false;
    const list = new PagedList<string>(async (cursor) => {
      if (fail) throw new Error('boom');
      return { items: [cursor ?? 'first'], nextCursor: 'next' };
    });
    await list.ensureFirstPage();
    fail = true;
    await list.loadMore();
    assert.deepEqual(list.items, ['first']);
    assert.equal((list.error as Error).message, 'boom');
    assert.ok(list.hasMore, 'the failed page can be retried');
    fail = false;
    await list.loadMore();
    assert.deepEqual(list.items, ['first', 'next']);
    assert.equal(list.error, undefined);
  });
});
