import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StringSharing } from '../../mock-server/src/store/shared-strings';

/** A string equal to `s` but its own copy, as `JSON.parse` gives one per occurrence. */
const copy = (s: string) => JSON.parse(JSON.stringify(s)) as string;

describe('StringSharing', () => {
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
    const sharing = new StringSharing([users, [], mail]);
    while (sharing.step(64));
    assert.deepEqual([users, mail], before);
  });

  it('counts the values it swapped: equal long strings across tables and columns, not short ones', () => {
    const a = [
      { id: 1, mail: copy('ada.lovelace@example.com'), short: copy('0123456789') },
      { id: 2, mail: copy('grace.hopper@example.com'), short: copy('0123456789') },
    ];
    const b = [{ id: 1, login: copy('ada.lovelace@example.com'), alias: copy('ada.lovelace@example.com') }];
    const sharing = new StringSharing([a, b]);
    assert.equal(sharing.step(100), false);
    assert.equal(sharing.swapped, 2);
  });

  it('goes through at most the given number of rows per step, across table ends', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i, text: copy('a label long enough') }));
    const sharing = new StringSharing([rows(5), rows(0), rows(4)]);
    const steps: Array<[boolean, number]> = [];
    let more = true;
    while (more) {
      more = sharing.step(3);
      steps.push([more, sharing.swapped]);
    }
    assert.deepEqual(steps, [
      [true, 2],
      [true, 5],
      [false, 8],
    ]);
    assert.equal(new StringSharing([]).step(1), false);
  });
});
