import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sqlDateTime } from '../../mock-server/src/sql-date-time';

describe('sqlDateTime', () => {
  it('formats each instant in UTC to the second, whatever was formatted before', () => {
    const at = (iso: string) => sqlDateTime(new Date(iso));
    assert.equal(at('2024-05-01T12:00:00.000Z'), '2024-05-01 12:00:00');
    assert.equal(at('2024-05-01T12:00:00.999Z'), '2024-05-01 12:00:00');
    assert.equal(at('2024-05-01T12:00:01.000Z'), '2024-05-01 12:00:01');
    assert.equal(at('2024-05-01T11:59:59.999Z'), '2024-05-01 11:59:59');
    assert.equal(at('1969-12-31T23:59:59.500Z'), '1969-12-31 23:59:59');
    assert.equal(at('1970-01-01T00:00:00.000Z'), '1970-01-01 00:00:00');
    assert.equal(at('2024-05-01T14:00:00.000+02:00'), '2024-05-01 12:00:00');
  });

  it('throws RangeError for an invalid date, as toISOString does, and formats the next one', () => {
    sqlDateTime(new Date('2024-05-01T12:00:00Z'));
    assert.throws(() => sqlDateTime(new Date('not a date')), RangeError);
    assert.equal(sqlDateTime(new Date('2024-05-01T12:00:00Z')), '2024-05-01 12:00:00');
  });
});
