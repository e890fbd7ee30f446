import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownUint8Array } from '../../../mock-server/src/own-pages';
import { Postings } from '../../../mock-server/src/products/snipe-it/postings';
import { ScratchPages } from '../../../mock-server/src/scratch-pages';

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

  it('grow side by side in scratch pages without writing over each other, and keep their ids once moved and the scratch is given back', () => {
    const scratch = new ScratchPages();
    const lists = [new Postings(scratch), new Postings(scratch), new Postings(scratch)];
    const expected: number[][] = [[], [], []];
    // interleaved pushes: each list grows several times while the others take the ranges after it
    for (let id = 1; id <= 3000; id++) {
      const i = id % 3 === 0 ? 0 : id % 7 === 0 ? 1 : 2;
      const big = id * 997;
      lists[i].push(big);
      expected[i].push(big);
    }
    lists.forEach((list, i) => assert.deepEqual(list.ids(), expected[i]));
    const block = ownUint8Array(lists.reduce((n, list) => n + list.size, 0));
    let at = 0;
    for (const list of lists) at = list.moveTo(block, at);
    scratch.release();
    lists.forEach((list, i) => assert.deepEqual(list.ids(), expected[i]));
  });
});
