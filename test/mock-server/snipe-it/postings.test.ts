import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownUint8Array } from '../../../mock-server/src/own-pages';
import { Postings } from '../../../mock-server/src/products/snipe-it/postings';

describe('Snipe-IT postings moved into one block', () => {
  it('keep their ids, and a later push copies the list out instead of writing over its neighbour', () => {
    const a = new Postings();
    const b = new Postings();
    for (const id of [1, 5, 300, 70_000]) a.push(id);
    for (const id of [2, 3, 1_000_000]) b.push(id);
    const block = ownUint8Array(a.size + b.size);
    assert.equal(b.moveTo(block, a.moveTo(block, 0)), block.length, 'the lists fill the block exactly');
    assert.deepEqual(a.ids(), [1, 5, 300, 70_000]);
    assert.deepEqual(b.ids(), [2, 3, 1_000_000]);
    a.push(80_000);
    a.push(90_000_000);
    assert.deepEqual(a.ids(), [1, 5, 300, 70_000, 80_000, 90_000_000]);
    assert.deepEqual(b.ids(), [2, 3, 1_000_000], 'the next list in the block is untouched');
  });

  it('grow from a one-byte list to ids that take several bytes', () => {
    const one = new Postings();
    one.push(7);
    one.moveTo(ownUint8Array(one.size), 0);
    one.push(5_000_000);
    assert.deepEqual(one.ids(), [7, 5_000_000]);
  });
});
