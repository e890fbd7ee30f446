import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdMap } from '../../mock-server/src/store/id-map';

describe('IdMap', () => {
  it('keeps numbers by id, 0 among them, across dense and other ids', () => {
    const places = new IdMap<number>();
    places.set(3, 0);
    places.set(1, 7);
    places.set('admin', 2);
    places.set(-1, 5);
    places.set(5_000_000, 9);
    assert.equal(places.size, 5);
    assert.equal(places.get(3), 0, 'a stored 0 is a value, not a gap');
    assert.equal(places.has(3), true);
    assert.equal(places.get(2), undefined);
    assert.equal(places.has(2), false);
    assert.deepEqual([...places.values()], [7, 0, 2, 5, 9]);
    assert.deepEqual(places.toArray(), [7, 0, 2, 5, 9], 'toArray: the same values in the same order');
    places.set(3, 4);
    places.delete(1);
    places.delete('admin');
    assert.equal(places.size, 3);
    assert.deepEqual([...places.values()], [4, 5, 9]);
    assert.deepEqual(places.toArray(), [4, 5, 9]);
    places.clear();
    assert.deepEqual(places.toArray(), []);
    assert.equal(places.size, 0);
    assert.equal(places.get(3), undefined);
  });
});
