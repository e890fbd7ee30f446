import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValueSharing } from '../../mock-server/src/store/shared-values';

/** A string equal to `s` but its own copy, as `JSON.parse` gives one per occurrence. */
const copy = (s: string) => JSON.parse(JSON.stringify(s)) as string;

describe('ValueSharing', () => {
  it('leaves every value as it was (long and short strings, other types, missing keys)', () => {
    const users = Array.from({ length: 500 }, (_, i) => ({
      id: i + 1,
      login: `user.number${i}`,
      password: copy('scrypt$12$same-everywhere'),
      city: ['Berlin', 'Paris', 'London'][i % 3],
      ...(i % 7 === 0 ? { note: null } : { note: `n${i % 2}` }),
      teams: [i % 4],
    }));
    const mail = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, address: copy(`user.number${i}`), created: copy('2024-05-01 12:00:00') }));
    const before = structuredClone([users, mail]);
    const sharing = new ValueSharing([users, [], mail]);
    while (sharing.step(64));
    assert.deepEqual([users, mail], before);
  });

  it('counts the values it swapped: equal long strings across tables and columns, not short ones', () => {
    const a = [
      { id: 1, mail: copy('ada.lovelace@example.com'), short: copy('0123456789') },
      { id: 2, mail: copy('grace.hopper@example.com'), short: copy('0123456789') },
    ];
    const b = [{ id: 1, login: copy('ada.lovelace@example.com'), alias: copy('ada.lovelace@example.com') }];
    const sharing = new ValueSharing([a, b]);
    assert.equal(sharing.step(100), false);
    assert.equal(sharing.swappedStrings, 2);
  });

  it('makes equal short lists of plain values one frozen list, across tables and columns', () => {
    const a = [
      { id: 1, roles: [29], groups: [7, 8] },
      { id: 2, roles: [29], groups: [8, 7] },
      { id: 3, roles: ['29'], groups: [null] },
      { id: 4, roles: [1, 2], groups: ['null'] },
    ];
    const b = [{ id: 1, members: [7, 8], tags: [true], empty: [] as number[] }];
    const before = structuredClone([a, b]);
    const sharing = new ValueSharing([a, b]);
    assert.equal(sharing.step(10), false);
    assert.deepEqual([a, b], before);
    assert.equal(sharing.swappedLists, 2);
    assert.equal(a[1].roles, a[0].roles);
    assert.equal(b[0].members, a[0].groups);
    assert.notEqual(a[1].groups, a[0].groups, 'order tells lists apart');
    assert.notEqual(a[2].roles, a[0].roles, 'a number is not its text');
    assert.notEqual(a[3].groups, a[2].groups, 'null is not "null"');
    assert.ok(Object.isFrozen(a[0].roles));
    assert.throws(() => (a[1].roles as number[]).push(1), TypeError);
    assert.deepEqual(a[0].roles, [29]);
  });

  it('leaves alone lists of objects or lists, long lists, -0, and lists already frozen', () => {
    const frozen = Object.freeze([5]);
    const rows = () => [
      { id: 1, nested: [[1]], objects: [{ x: 1 }], long: Array.from({ length: 17 }, (_, i) => i), zero: [-0], own: frozen },
      { id: 2, nested: [[1]], objects: [{ x: 1 }], long: Array.from({ length: 17 }, (_, i) => i), zero: [-0], own: [5] },
    ];
    const t = rows();
    const sharing = new ValueSharing([t]);
    sharing.step(10);
    assert.equal(sharing.swappedLists, 0);
    for (const key of ['nested', 'objects', 'long', 'zero'] as const) {
      assert.notEqual(t[1][key], t[0][key], key);
      assert.equal(Object.isFrozen(t[0][key]), false, key);
    }
    assert.equal(t[0].own, frozen);
    assert.ok(Object.is(t[1].zero[0], -0));
    assert.deepEqual(t, rows());
  });

  it('goes through at most the given number of rows per step, across table ends', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i, text: copy('a label long enough') }));
    const sharing = new ValueSharing([rows(5), rows(0), rows(4)]);
    const steps: Array<[boolean, number]> = [];
    let more = true;
    while (more) {
      more = sharing.step(3);
      steps.push([more, sharing.swappedStrings]);
    }
    assert.deepEqual(steps, [
      [true, 2],
      [true, 5],
      [false, 8],
    ]);
    assert.equal(new ValueSharing([]).step(1), false);
  });
});
