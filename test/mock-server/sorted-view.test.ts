import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareIds, Table } from '../../mock-server/src/store/table';

interface P {
  readonly id: number;
  readonly name: string | null;
  readonly hidden?: boolean;
  readonly phone?: string;
}

const byName = (a: P, b: P) => (a.name === b.name ? 0 : a.name === null ? 1 : b.name === null ? -1 : a.name < b.name ? -1 : 1);

/** What a view must hold: the visible rows, sorted afresh (ties by id). */
function expected(table: Table<P>, compare: (a: P, b: P) => number): number[] {
  return [...table.values()].filter((p) => !p.hidden).sort((a, b) => compare(a, b) || compareIds(a.id, b.id)).map((p) => p.id);
}

describe('SortedView', () => {
  it('stays sorted through random puts (in place or moving), hiding and deletes; replaced rows are the new objects', () => {
    const table = new Table<P>('people', () => undefined);
    const names = ['ann', 'bob', null, 'cy', 'dee', 'Ann', 'bob', 'émile'];
    table.replaceAll(Array.from({ length: 300 }, (_, i) => ({ id: i + 1, name: names[i % names.length] })));
    const views = [byName, () => 0].map((compare) => ({ compare, view: table.sorted(compare, (p) => !p.hidden) }));
    for (const { compare, view } of views) assert.deepEqual(ids(view.all()), expected(table, compare), 'built');
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let step = 0; step < 3000; step++) {
      const id = 1 + rand(400);
      const op = rand(10);
      const old = table.get(id);
      if (op < 5 && old) table.put({ ...old, phone: String(step), hidden: rand(20) === 0 }); // same sort key
      else if (op < 8) table.put({ id, name: names[rand(names.length)], hidden: rand(15) === 0 });
      else table.delete(id);
      if (step % 50 === 0 || step > 2950) {
        for (const { compare, view } of views) {
          assert.deepEqual(ids(view.all()), expected(table, compare), `step ${step}`);
          assert.equal(view.size, expected(table, compare).length);
        }
      }
    }
    for (const { view } of views) for (const r of view.all()) assert.equal(r, table.get(r.id), 'the view holds the current row object');
  });

  it('a delete is seen by the next read; a replacement that no longer sorts there moves', () => {
    const table = new Table<P>('people', () => undefined);
    table.replaceAll([1, 2, 3].map((id) => ({ id, name: `n${id}` })));
    const view = table.sorted(byName);
    assert.deepEqual(ids(view.all()), [1, 2, 3]);
    table.delete(2);
    assert.deepEqual(ids(view.slice(0, 10)), [1, 3]);
    table.put({ id: 1, name: 'z' });
    assert.deepEqual(ids(view.all()), [3, 1], 'a replacement that no longer sorts there moves');
  });
});

describe('SortedView by id (privacyIDEA’s and ServiceDesk Plus’s table order)', () => {
  it('holds the current rows by id through random updates, inserts below the largest id and deletes', () => {
    const table = new Table<P>('people', () => undefined);
    table.replaceAll(Array.from({ length: 200 }, (_, i) => ({ id: 2 * (i + 1), name: `n${i}` })));
    const order = table.sorted((a, b) => a.id - b.id);
    assert.deepEqual(ids(order.all()), [...table.values()].map((p) => p.id));
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let step = 0; step < 2000; step++) {
      const id = 1 + rand(500);
      if (rand(4) === 0) table.delete(id);
      else table.put({ id, name: `s${step}` });
      if (step % 100 === 0 || step > 1990) {
        const rows = order.all();
        assert.deepEqual(ids(rows), [...table.values()].map((p) => p.id).sort((a, b) => a - b), `step ${step}`);
        for (const r of rows) assert.equal(r, table.get(r.id), 'the current row object');
      }
    }
  });
});

function ids(rows: readonly P[]): number[] {
  return rows.map((r) => r.id);
}
