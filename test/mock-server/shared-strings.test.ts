import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shareRepeatedStrings } from '../../mock-server/src/store/shared-strings';

describe('shareRepeatedStrings', () => {
  it('leaves every value as it was (repetitive and unique columns, other types, missing keys)', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      id: i + 1,
      login: `user${i}`,
      password: JSON.parse('"scrypt$12$same"') as string,
      city: ['Berlin', 'Paris', 'London'][i % 3],
      ...(i % 7 === 0 ? { note: null } : { note: `n${i % 2}` }),
      teams: [i % 4],
    }));
    const before = structuredClone(rows);
    shareRepeatedStrings(rows);
    assert.deepEqual(rows, before);
    shareRepeatedStrings([]);
  });
});
