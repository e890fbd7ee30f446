import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Table, type Change, type RowId } from '../../mock-server/src/store/table';

interface P {
  readonly id: RowId;
  readonly name: string;
}

const ids = (t: Table<P>) => [...t.values()].map((r) => r.id);

describe('Table rows', () => {
  it('keeps rows by id, whatever the id, and lists small integer ids in id order, then the others as first stored', () => {
    const changes: Change[] = [];
    const t = new Table<P>('people', (c) => changes.push(c));
    for (const id of [3, 1, 'b', 2, 1_000_000, -4, 2.5, 'a', 0]) t.put({ id, name: `n${id}` });
    assert.equal(t.size, 9);
    assert.deepEqual(ids(t), [0, 1, 2, 3, 'b', 1_000_000, -4, 2.5, 'a']);
    for (const id of [0, 1, 2, 3, 'b', 1_000_000, -4, 2.5, 'a']) {
      assert.equal(t.get(id)?.name, `n${id}`, `get ${id}`);
      assert.equal(t.has(id), true, `has ${id}`);
    }
    for (const id of [4, 999_999, '1', 'c', -1, 7.5]) {
      assert.equal(t.get(id), undefined, `get ${id}`);
      assert.equal(t.has(id), false, `has ${id}`);
    }
    assert.equal(changes.length, 9);
    assert.equal(t.nextId(), 1_000_001);
  });

  it('replaces in place, deletes, and stores a deleted id again', () => {
    const t = new Table<P>('people', () => undefined);
    t.replaceAll([1, 2, 3, 'x', 5000].map((id) => ({ id, name: 'old' })));
    t.put({ id: 2, name: 'new' });
    t.put({ id: 'x', name: 'new' });
    t.put({ id: 5000, name: 'new' });
    assert.deepEqual(ids(t), [1, 2, 3, 'x', 5000], 'a replaced row keeps its place');
    assert.equal(t.get(2)?.name, 'new');
    assert.equal(t.get(5000)?.name, 'new');
    assert.equal(t.delete(2), true);
    assert.equal(t.delete(2), false);
    assert.equal(t.delete('x'), true);
    assert.equal(t.delete(5000), true);
    assert.equal(t.size, 2);
    assert.deepEqual(ids(t), [1, 3]);
    t.put({ id: 2, name: 'back' });
    assert.deepEqual(ids(t), [1, 2, 3], 'a row stored again under its id comes back to its place');
    assert.equal(t.size, 3);
    t.replaceAll([]);
    assert.equal(t.size, 0);
    assert.deepEqual(ids(t), []);
    assert.equal(t.get(1), undefined);
  });

  it('an id far past the rows so far stays findable once the rows reach it', () => {
    const t = new Table<P>('people', () => undefined);
    t.put({ id: 3000, name: 'far' });
    for (let id = 1; id <= 4000; id++) if (id !== 3000) t.put({ id, name: 'near' });
    assert.equal(t.size, 4000);
    assert.equal(t.get(3000)?.name, 'far');
    t.put({ id: 3000, name: 'far again' });
    assert.equal(t.size, 4000);
    assert.equal([...t.values()].filter((r) => r.id === 3000).length, 1);
    assert.equal(t.get(3000)?.name, 'far again');
    assert.equal(t.delete(3000), true);
    assert.equal(t.get(3000), undefined);
    assert.equal(t.size, 3999);
  });

  it('a walk sees rows stored ahead of it, as a Map walk would', () => {
    const t = new Table<P>('people', () => undefined);
    t.replaceAll([1, 2].map((id) => ({ id, name: 'n' })));
    const seen: RowId[] = [];
    for (const r of t.values()) {
      seen.push(r.id);
      if (r.id === 1) t.put({ id: 3, name: 'added' });
    }
    assert.deepEqual(seen, [1, 2, 3]);
  });
});
