import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSnapshot, SNAPSHOT_FORMAT, snapshotChunks, type Snapshot } from '../../mock-server/src/store/snapshot';

/** Enough rows, of every kind a product stores, to fill many blocks. */
function sampleSnapshot(rows = 3000): Snapshot {
  const users = Array.from({ length: rows }, (_, i) => ({
    id: i + 1,
    login: `user${i}`,
    name: i % 7 === 0 ? 'Zoë Ångström 日本' : `Name ${i}`,
    note: i % 11 === 0 ? 'line one\nline two "quoted":[' : null,
    roles: [i % 3, i % 5],
    tech: { sites: [-1], groups: [] },
    admin: i % 2 === 0,
    score: i / 3,
  }));
  const groups = [{ id: 1, name: 'Admins' }];
  const links = Array.from({ length: 500 }, (_, i) => ({ id: i, users_id: i + 1, groups_id: 1 }));
  return {
    format: SNAPSHOT_FORMAT,
    product: 'foreman',
    seq: 7,
    seed: { seed: 3, users: rows },
    meta: { secret: 'x', nested: { list: [1, 2, { deep: true }] } },
    tables: { users, empty: [], groups, links },
  };
}

const layoutText = (s: Snapshot) => [...snapshotChunks(s)].join('');

/** Runs `body` while recording the length of every text JSON.parse is given. */
function parsedLengths(body: () => void): number[] {
  const lengths: number[] = [];
  const parse = JSON.parse;
  JSON.parse = (text: string, reviver?: Parameters<typeof parse>[1]) => {
    lengths.push(text.length);
    return parse(text, reviver);
  };
  try {
    body();
  } finally {
    JSON.parse = parse;
  }
  return lengths;
}

describe('snapshot file', () => {
  it('reads back exactly what it wrote, rows in order in the right tables', () => {
    const s = sampleSnapshot();
    assert.deepEqual(parseSnapshot(Buffer.from(layoutText(s))), s);
  });

  it('parses its rows a block at a time, never the whole text as one string', () => {
    const bytes = Buffer.from(layoutText(sampleSnapshot()));
    let value: unknown;
    const lengths = parsedLengths(() => (value = parseSnapshot(bytes)));
    assert.ok(bytes.length > 300_000);
    assert.equal((value as Snapshot).tables.users.length, 3000);
    assert.ok(lengths.length > 10, `${lengths.length} parses`);
    assert.ok(Math.max(...lengths) < 20_000, `longest parse ${Math.max(...lengths)} characters`);
  });

  it('reads any other layout of the same JSON as JSON', () => {
    const s = sampleSnapshot(50);
    const text = layoutText(s);
    const variants = {
      pretty: JSON.stringify(s, null, 2),
      'one line': JSON.stringify(s),
      'CRLF line ends': text.replace(/\n/g, '\r\n'),
      'a row over two lines': text.replace('{"id":5,', '{"id":5,\n'),
      'a blank line among rows': text.replace('{"id":9,', '\n{"id":9,'),
      // a line that looks like a table's opening, before the tables
      'meta over several lines': text.replace(/"meta":.*\n/, '"meta":{"secret":"x","nested":\n{"list":[\n1,2,{"deep":true}]}},\n'),
    };
    for (const [name, variant] of Object.entries(variants)) {
      assert.deepEqual(parseSnapshot(Buffer.from(variant)), JSON.parse(variant), name);
    }
    assert.deepEqual(parseSnapshot(Buffer.from(variants['meta over several lines'])), s);
  });

  it('fails on bad JSON as JSON.parse does, in rows or outside them', () => {
    const text = layoutText(sampleSnapshot(200));
    const broken = [
      text.replace('{"id":150,', '{"id":150,,'),
      text.replace('"tables":{', '"tables":{{'),
      text.slice(0, text.length / 2),
      text.replace(/,\n\{"id":200,.*\n/, ',\n'),
    ];
    for (const bad of broken) {
      let expected: Error | undefined;
      try {
        JSON.parse(bad);
      } catch (e) {
        expected = e as Error;
      }
      assert.ok(expected);
      assert.throws(() => parseSnapshot(Buffer.from(bad)), { name: 'SyntaxError', message: expected.message });
    }
  });
});
