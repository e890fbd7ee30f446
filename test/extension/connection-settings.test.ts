import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConnections, toSettingsEntry } from '../../src/connections/connection-settings';

describe('connection settings', () => {
  it('accepts valid entries, defaults TLS verification on, trims trailing slashes', () => {
    const { connections, problems } = parseConnections([{ id: 'prod', label: 'Prod', product: 'foreman', baseUrl: 'https://f.example.com/api/', username: 'admin' }]);
    assert.deepEqual(problems, []);
    assert.deepEqual(connections, [{ id: 'prod', label: 'Prod', product: 'foreman', baseUrl: 'https://f.example.com/api', username: 'admin', rejectUnauthorized: true }]);
  });
  it('reports, not drops silently, invalid and duplicate entries', () => {
    const { connections, problems } = parseConnections([
      { id: 'a', label: 'A', product: 'glpi', baseUrl: 'https://x' },
      { id: 'b', label: 'B', product: 'snipe-it', baseUrl: 'ftp://x' },
      { id: 'c c', label: 'C', product: 'snipe-it', baseUrl: 'https://x' },
      { id: 'd', label: 'D', product: 'snipe-it', baseUrl: 'https://x' },
      { id: 'd', label: 'D2', product: 'snipe-it', baseUrl: 'https://y' },
    ]);
    assert.deepEqual(connections.map((c) => c.id), ['d']);
    assert.deepEqual(problems.map((p) => p.index), [0, 1, 2, 4]);
    assert.match(problems[0].message, /product must be one of/);
    assert.match(problems[3].message, /used twice/);
  });
  it('writes back only what carries information', () => {
    assert.deepEqual(toSettingsEntry({ id: 'x', label: 'X', product: 'privacyidea', baseUrl: 'https://p', rejectUnauthorized: false, realm: 'r1' }), { id: 'x', label: 'X', product: 'privacyidea', baseUrl: 'https://p', rejectUnauthorized: false, realm: 'r1' });
  });
});
