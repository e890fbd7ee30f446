import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListView } from '../../../mock-server/src/products/foreman/list-view';
import { Table } from '../../../mock-server/src/store/table';

interface P {
  readonly id: number;
  readonly name: string | null;
  readonly hidden?: boolean;
}

const byName = (a: P, b: P) => (a.name === b.name ? 0 : a.name === null ? 1 : b.name === null ? -1 : a.name < b.name ? -1 : 1);

describe('Foreman: ListView keeps the order SortedView keeps, through any writes', () => {
  it('agrees with SortedView after random puts, replacements and deletes', () => {
    const table = new Table<P>('people', () => undefined);
    const names = ['ann', 'bob', null, 'cy', 'dee', 'Ann', 'bob'];
    table.replaceAll(Array.from({ length: 300 }, (_, i) => ({ id: i + 1, name: names[i % names.length] })));
    const reference = table.sorted(byName, (p) => !p.hidden);
    const view = table.watch(new ListView<P>(() => table.values(), byName, (p) => !p.hidden));
    const byId = table.watch(new ListView<P>(() => table.values(), () => 0, (p) => !p.hidden));
    const ids = (rows: readonly P[]) => rows.map((r) => r.id);
    assert.deepEqual(ids(view.all()), ids(reference.all()));
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let step = 0; step < 3000; step++) {
      const id = 1 + rand(400);
      const op = rand(10);
      const old = table.get(id);
      if (op < 5 && old) table.put({ ...old, hidden: rand(20) === 0 }); // same sort key (mostly)
      else if (op < 8) table.put({ id, name: names[rand(names.length)], hidden: rand(15) === 0 });
      else table.delete(id);
      if (step % 50 === 0 || step > 2950) {
        assert.deepEqual(ids(view.all()), ids(reference.all()), `step ${step}`);
        assert.deepEqual(ids(byId.all()), [...table.values()].filter((p) => !p.hidden).map((p) => p.id).sort((a, b) => a - b), `by id, step ${step}`);
        assert.equal(view.size, reference.size);
      }
    }
    // rows replaced in place are the new objects
    for (const r of view.all()) assert.equal(r, table.get(r.id));
  });
});
