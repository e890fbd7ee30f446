import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Table } from '../../../mock-server/src/store/table';
import type { Rec } from '../../../mock-server/src/products/itsm-ng/model';
import { OrderedRows } from '../../../mock-server/src/products/itsm-ng/ordered-rows';
import { compareCells } from '../../../mock-server/src/products/itsm-ng/text';

/** The user list orders must stay exactly what the store's SortedView would hold, whatever the writes. */
describe('ITSM-NG OrderedRows', () => {
  it('agrees with SortedView through random puts (in place or moving), trashing and deletes', () => {
    const t = new Table<Rec>('users', () => undefined);
    const names = ['ada', 'Alan', 'grace', 'Émile', 'mary', 'ma', 'zoe', null];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const row = (id: number): Rec => ({ id, name: names[rnd(names.length)], is_deleted: rnd(5) === 0 ? 1 : 0, phone: String(rnd(1000)) }) as unknown as Rec;
    t.replaceAll(Array.from({ length: 200 }, (_, i) => row(i + 1)));
    const byName = (a: Rec, b: Rec) => compareCells(a.name, b.name);
    const live = (r: Rec) => r.is_deleted !== 1;
    const mine = [t.watch(new OrderedRows(() => t.values(), byName, live)), t.watch(new OrderedRows(() => t.values(), () => 0, live))];
    const reference = [t.sorted(byName, live), t.sorted(() => 0, live)];
    const check = (why: string) => mine.forEach((v, i) => assert.deepEqual(v.all().map((r) => r.id), reference[i].all().map((r) => r.id), why));
    check('built');
    for (let step = 0; step < 3000; step++) {
      const id = 1 + rnd(260);
      const old = t.get(id);
      const op = rnd(10);
      if (op < 5 && old) t.put({ ...old, phone: String(step) } as Rec);
      else if (op < 8) t.put(row(id));
      else t.delete(id);
      if (rnd(4) === 0) check(`step ${step}`);
    }
    check('end');
  });
});
