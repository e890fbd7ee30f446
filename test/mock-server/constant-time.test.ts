import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretEquals } from '../../mock-server/src/constant-time';

describe('secretEquals', () => {
  it('is true only for the same text', () => {
    const expected = 'mock-snipe-it-token';
    assert.equal(secretEquals(expected, expected), true);
    assert.equal(secretEquals(`${expected}`.slice(0), expected), true);
    for (const other of ['', 'm', 'mock-snipe-it-toke', 'mock-snipe-it-tokeN', `${expected}x`, `${expected}${expected}`, 'mock-snipe-it-tokenmock', '\0'.repeat(expected.length), null, undefined]) {
      assert.equal(secretEquals(other, expected), false, JSON.stringify(other));
    }
    // a presented text that repeats a prefix must not pass for a longer expected one
    assert.equal(secretEquals('ab', 'abab'), false);
    assert.equal(secretEquals('', ''), true);
    assert.equal(secretEquals('x', ''), false);
  });
});
