import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstLayoutText } from '../support/first-layout';
import { isSnapshot, parseSnapshot, SNAPSHOT_FORMAT, snapshotChunks, type Snapshot } from '../../mock-server/src/store/snapshot';

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
    assert.ok(bytes.length > 150_000, `${bytes.length} bytes`);
    assert.equal((value as Snapshot).tables.users.length, 3000);
    assert.ok(lengths.length > 10, `${lengths.length} parses`);
    assert.ok(Math.max(...lengths) < 20_000, `longest parse ${Math.max(...lengths)} characters`);
  });

  it('writes each row as its values and each table\'s key sets once, in far fewer bytes than rows as objects', () => {
    const s = sampleSnapshot();
    const text = layoutText(s);
    const lines = text.split('\n');
    assert.ok(lines.includes('"users":{"rows":['));
    assert.ok(lines.includes('[0,2,"user1","Name 1",null,[1,1],{"sites":[-1],"groups":[]},false,0.3333333333333333],'));
    assert.ok(lines.includes('],"keys":[["id","login","name","note","roles","tech","admin","score"]]},'));
    assert.ok(lines.includes('"empty":{"rows":[],"keys":[]},'));
    assert.equal(text.match(/"login"/g)?.length, 1);
    assert.ok(text.length < firstLayoutText(s).length * 0.7, `${text.length} against ${firstLayoutText(s).length}`);
  });

  it('keeps each key set\'s names and order, leaves out undefined values, and reads __proto__ as a property', () => {
    const s = sampleSnapshot(0);
    const protoRow = JSON.parse('{"id":3,"__proto__":{"admin":true}}') as { id: number };
    s.tables.users = [
      { id: 1, a: 1, b: 'x' },
      { id: 2, b: 'y', a: 2 },
      { id: 4, a: undefined, b: 'z' },
      protoRow,
      { id: 5 },
      { id: 6, a: 3, b: 'w' },
    ] as Snapshot['tables'][string];
    const text = layoutText(s);
    assert.ok(text.includes('],"keys":[["id","a","b"],["id","b","a"],["id","b"],["id","__proto__"],["id"]]}'), text);
    const read = parseSnapshot(Buffer.from(text));
    assert.deepEqual(read.tables.users.map((r) => Object.keys(r)), [['id', 'a', 'b'], ['id', 'b', 'a'], ['id', 'b'], ['id', '__proto__'], ['id'], ['id', 'a', 'b']]);
    assert.deepEqual(JSON.stringify(read.tables.users), JSON.stringify(s.tables.users));
    const proto = read.tables.users[3];
    assert.equal(Object.getPrototypeOf(proto), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value, { admin: true });
  });

  it('reads data files of the first layout, rows as objects, as the current format', () => {
    const s = sampleSnapshot();
    const bytes = Buffer.from(firstLayoutText(s));
    let value: Snapshot | undefined;
    const lengths = parsedLengths(() => (value = parseSnapshot(bytes)));
    assert.deepEqual(value, s);
    assert.ok(Math.max(...lengths) < 20_000, `longest parse ${Math.max(...lengths)} characters`);
    assert.deepEqual(parseSnapshot(Buffer.from(JSON.stringify(JSON.parse(firstLayoutText(s)), null, 1))), s);
  });

  it('reads any other layout of the same JSON as JSON', () => {
    const s = sampleSnapshot(50);
    const text = layoutText(s);
    const variants = {
      pretty: JSON.stringify(JSON.parse(text), null, 2),
      'one line': JSON.stringify(JSON.parse(text)),
      'rows as objects': JSON.stringify(s),
      'CRLF line ends': text.replace(/\n/g, '\r\n'),
      'a row over two lines': text.replace('[0,5,', '[0,5,\n'),
      'a blank line among rows': text.replace('[0,9,', '\n[0,9,'),
      // a line that looks like a table's opening, before the tables
      'meta over several lines': text.replace(/"meta":.*\n/, '"meta":{"secret":"x","nested":\n{"list":[\n1,2,{"deep":true}]}},\n'),
    };
    for (const [name, variant] of Object.entries(variants)) assert.deepEqual(parseSnapshot(Buffer.from(variant)), s, name);
  });

  it('reads a row laid over several lines as JSON wherever the blocks of rows meet', () => {
    const s = sampleSnapshot();
    const lines = layoutText(s).split('\n');
    const first = lines.findIndex((line) => line.startsWith('[0,1,'));
    // every 7th row of the users, broken before a value or before a list (a line that opens like a row)
    for (let i = first; i < first + 3000; i += 7) {
      const broken = [...lines];
      broken[i] = i % 2 ? broken[i].replace(',', ',\n') : broken[i].replace(',[', ',\n[');
      assert.deepEqual(parseSnapshot(Buffer.from(broken.join('\n'))), s, `row line ${i}`);
    }
  });

  it('leaves a table whose rows do not match its key sets as the file has it, which is not a snapshot', () => {
    const text = layoutText(sampleSnapshot(200));
    const bad = {
      'an unknown key set': text.replace('\n[0,150,', '\n[1,150,'),
      'a value too few': text.replace(/\n\[0,152,(.*),50\.\d+\],/, '\n[0,152,$1],'),
      'a value too many': text.replace('\n[0,150,', '\n[0,150,150,'),
      'a key set number that is a string': text.replace('\n[0,150,', '\n["0",150,'),
      'a row that is an object': text.replace(/\n\[0,150,.*\],/, '\n{"id":150},'),
      'a name that is not a string': text.replace('"keys":[["id","login"', '"keys":[["id",7'),
      'no key sets': text.replace(/\],"keys":\[\["id","login".*\]\]\}/, ']}'),
    };
    for (const [name, variant] of Object.entries(bad)) {
      assert.notEqual(variant, text, name);
      for (const layout of [variant, JSON.stringify(JSON.parse(variant), null, 1)]) {
        const value = parseSnapshot(Buffer.from(layout));
        assert.ok(!Array.isArray(value.tables.users), name);
        assert.ok(Array.isArray(value.tables.links), name);
        assert.equal(isSnapshot(value), false, name);
      }
    }
  });

  it('fails on bad JSON as JSON.parse does, in rows or outside them', () => {
    const text = layoutText(sampleSnapshot(200));
    const broken = [
      // the last row long enough that a block's jump lands in it, then a comma and a blank line
      text.replace(/\n(\[0,200,.*)\n\]/, (_, row: string) => `\n[${' '.repeat(17_000)}${row.slice(1)},\n\n]`),
      text.replace('[0,150,', '[0,150,,'),
      text.replace('"tables":{', '"tables":{{'),
      text.slice(0, text.length / 2),
      text.replace(/,\n\[0,200,.*\n/, ',\n'),
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
