import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Table } from '../../mock-server/src/store/table';
import { WarmUp } from '../../mock-server/src/warm-up';

interface P {
  readonly id: number;
  readonly login: string;
  readonly team?: number;
  readonly tags?: readonly string[];
}

/** Look-ups answered from scratch, to compare the indexes with. */
const byLogin = (t: Table<P>, login: string) => [...t.values()].find((p) => p.login === login);
const inTeam = (t: Table<P>, team: number) => [...t.values()].filter((p) => p.team === team).map((p) => p.id).sort((a, b) => a - b);
const ids = (rows: ReadonlySet<P>) => [...rows].map((p) => p.id).sort((a, b) => a - b);

describe('lazy indexes', () => {
  it('answer as if built from the start, whether first asked before or after changes or a clear', () => {
    const table = new Table<P>('people', () => undefined);
    table.replaceAll(Array.from({ length: 200 }, (_, i) => ({ id: i + 1, login: `u${i + 1}`, team: i % 7, tags: i % 3 ? ['a'] : ['a', 'b'] })));
    const logins = table.unique((p) => p.login);
    const teams = table.group((p) => p.team);
    const tags = table.group((p) => p.tags);
    // most keys hold one row (stored bare, not in a set)
    const loginGroups = table.group((p) => p.login);
    let seed = 3;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const check = (label: string) => {
      for (const login of ['u1', 'u50', 'u199', 'u250', `x${rand(300)}`]) assert.equal(logins.get(login), byLogin(table, login), `${label}: ${login}`);
      for (let team = 0; team < 8; team++) {
        assert.deepEqual(ids(teams.get(team)), inTeam(table, team), `${label}: team ${team}`);
        assert.equal(teams.count(team), inTeam(table, team).length);
      }
      assert.equal(loginGroups.count('u1'), byLogin(table, 'u1') ? 1 : 0, `${label}: login group u1`);
      assert.equal(tags.count('b'), [...table.values()].filter((p) => p.tags?.includes('b')).length, `${label}: tag b`);
    };
    // changes before anyone asked: nothing is indexed yet, and the first look-up must still see them
    for (let step = 0; step < 300; step++) {
      const id = 1 + rand(260);
      if (rand(4) === 0) table.delete(id);
      else table.put({ id, login: rand(2) ? `u${id}` : `x${rand(300)}`, team: rand(8), tags: rand(2) ? ['b'] : undefined });
    }
    check('first look-up after changes');
    for (let step = 0; step < 300; step++) {
      const id = 1 + rand(260);
      if (rand(4) === 0) table.delete(id);
      else table.put({ id, login: `x${rand(300)}`, team: rand(8) });
    }
    check('kept in step');
    // updates that keep some keys and change others: entries kept in place must hold the new rows
    for (let step = 0; step < 300; step++) {
      const id = 1 + rand(260);
      const old = table.get(id);
      if (!old) continue;
      const tags = [undefined, ['a'], ['b'], ['a', 'b']][rand(4)];
      table.put({ id, login: rand(3) ? old.login : `y${rand(300)}`, team: rand(3) ? old.team : rand(8), tags });
      if (rand(20) === 0) check(`mid-way through keyed updates (${step})`);
    }
    for (const p of table.values()) {
      assert.equal(logins.get(p.login), byLogin(table, p.login));
      assert.ok(loginGroups.get(p.login).has(p), `login ${p.login} holds the current row ${p.id}`);
      if (p.team !== undefined) assert.ok(teams.get(p.team).has(p), `team ${p.team} holds the current row ${p.id}`);
      for (const tag of p.tags ?? []) assert.ok(tags.get(tag).has(p), `tag ${tag} holds the current row ${p.id}`);
    }
    check('after keyed updates');
    table.replaceAll([{ id: 1, login: 'u1', team: 2 }]);
    check('after replacing every row');
    table.put({ id: 2, login: 'u50', team: 2, tags: ['b'] });
    check('after a put into the rebuilt indexes');
  });

  it("gives a key's rows as the table holds them now, however the set is read", () => {
    const table = new Table<P>('people', () => undefined);
    table.replaceAll(Array.from({ length: 10 }, (_, i) => ({ id: i + 1, login: `u${i + 1}`, team: i < 9 ? 1 : 2 })));
    const teams = table.group((p) => p.team);
    const before = [...teams.get(1)];
    // updates that keep every row in its team: new objects, same ids
    for (const p of before) table.put({ ...p, login: `${p.login}-renamed` });
    const group = teams.get(1);
    const current = before.map((p) => table.get(p.id)!);
    assert.equal(group.size, 9);
    assert.deepEqual([...group], current, 'the current objects, in the order first added');
    for (const [i, p] of [...group].entries()) assert.equal(p, current[i]);
    assert.deepEqual([...group.values()], current);
    assert.deepEqual([...group.keys()], current);
    assert.deepEqual([...group.entries()], current.map((p) => [p, p]));
    const seen: P[] = [];
    group.forEach((value, key, set) => {
      assert.equal(value, key);
      assert.equal(set, group);
      seen.push(value);
    });
    assert.deepEqual(seen, current);
    assert.equal(group.has(current[0]), true);
    assert.equal(group.has(before[0]), false, 'not the object an update replaced');
    assert.equal(group.has({ id: 10, login: 'u10', team: 2 }), false);
    // moving rows out and back, down to one row
    table.put({ ...table.get(1)!, team: 2 });
    assert.deepEqual(ids(teams.get(2)), [1, 10]);
    assert.equal(teams.count(1), 8);
    for (let id = 2; id <= 8; id++) table.delete(id);
    assert.deepEqual([...teams.get(1)], [table.get(9)], 'a lone row, the current one');
    table.put({ ...table.get(9)!, login: 'last' });
    assert.equal([...teams.get(1)][0].login, 'last');
  });
});

describe('WarmUp', () => {
  it('holds tasks back until started, then runs one per turn; after that, runs new tasks soon', async () => {
    const warm = new WarmUp();
    const ran: string[] = [];
    warm.schedule(() => ran.push('a'));
    warm.schedule(() => ran.push('b'));
    await new Promise((r) => setImmediate(r));
    assert.equal(ran.length, 0, 'nothing runs before the server is up');
    warm.start();
    assert.equal(ran.length, 0, 'not in the caller’s turn');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(ran, ['a'], 'one task per turn');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(ran, ['a', 'b']);
    warm.schedule(() => ran.push('c'));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(ran, ['a', 'b', 'c']);
  });
  it('runs a chain of tasks on an otherwise idle event loop, without waiting for something else to wake it', async () => {
    const warm = new WarmUp();
    warm.start();
    let left = 20;
    const done = new Promise<boolean>((resolve) => {
      const timeout = setTimeout(() => resolve(false), 2000);
      const step = () => {
        if (--left > 0) warm.schedule(step);
        else {
          clearTimeout(timeout);
          resolve(true);
        }
      };
      warm.schedule(step);
    });
    assert.equal(await done, true, `${left} of 20 tasks left after 2 s`);
  });
  it('hands its rows to an index that reads them itself, and feeds every row to one that does not', () => {
    const table = new Table<P>('people', () => undefined);
    table.replaceAll(Array.from({ length: 50 }, (_, i) => ({ id: i + 1, login: `u${i + 1}` })));
    const fed: number[] = [];
    table.watch({ add: (p) => fed.push(p.id), remove: () => undefined, clear: () => undefined });
    assert.equal(fed.length, 50);

    let source: (() => Iterable<P>) | undefined;
    let added = 0;
    table.watch({ add: () => added++, remove: () => undefined, clear: () => undefined, attach: (rows) => (source = rows) });
    assert.equal(added, 0);
    assert.deepEqual([...source!()].map((p) => p.id), fed);
    // the source follows the table
    table.put({ id: 51, login: 'u51' });
    assert.equal(added, 1);
    assert.equal([...source!()].length, 51);

    // a sorted view registered on a filled table reads it when first used
    const view = table.sorted((a, b) => b.id - a.id);
    assert.deepEqual(view.slice(0, 2).map((p) => p.id), [51, 50]);
  });
});
