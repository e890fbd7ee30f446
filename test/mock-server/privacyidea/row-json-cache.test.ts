import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LISTED_THROUGH_CACHE, RowJsonCache } from '../../../mock-server/src/products/privacyidea/render';

/** A cache over rows `{ id }` that counts its renderings. */
function counted(max: number) {
  const renders: number[] = [];
  const cache = new RowJsonCache<{ id: number }>((row) => {
    renders.push(row.id);
    return `{"id": ${row.id}}`;
  }, max);
  return { cache, renders };
}

const rowsOf = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: from + i }));

describe('privacyIDEA: rendered rows kept for short lists only', () => {
  it('renders a short list once and answers it again from the cache', () => {
    const { cache, renders } = counted(100);
    const rows = rowsOf(LISTED_THROUGH_CACHE);
    assert.deepEqual(cache.list(rows), rows.map((r) => `{"id": ${r.id}}`));
    assert.equal(renders.length, LISTED_THROUGH_CACHE);
    assert.deepEqual(cache.list(rows), rows.map((r) => `{"id": ${r.id}}`));
    assert.equal(renders.length, LISTED_THROUGH_CACHE, 'no second rendering');
  });

  it('renders a long list around the cache, leaving what it holds in place', () => {
    const { cache, renders } = counted(10_000);
    const one = rowsOf(1, 1_000_000);
    cache.list(one);
    const long = rowsOf(LISTED_THROUGH_CACHE + 1);
    assert.deepEqual(cache.list(long), long.map((r) => `{"id": ${r.id}}`));
    cache.list(long);
    assert.equal(renders.length, 1 + 2 * long.length, 'a long list is rendered each time');
    cache.list(one);
    assert.equal(renders.length, 1 + 2 * long.length, 'the short list is still kept');
    // the long list's rows were not kept either
    cache.list(long.slice(0, 1));
    assert.equal(renders.length, 2 + 2 * long.length);
  });

  it('keeps at most `max` rows: past half of it, the older half goes', () => {
    const { cache, renders } = counted(4);
    const rows = rowsOf(5);
    for (const row of rows) cache.list([row]);
    assert.equal(renders.length, 5);
    cache.list([rows[0]]);
    assert.equal(renders.length, 6, 'the first row was pushed out');
    cache.list([rows[4]]);
    assert.equal(renders.length, 6, 'the last row is kept');
  });
});
