import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { RowShapes } from '../../mock-server/src/store/row-shapes';
import { Table, type Row } from '../../mock-server/src/store/table';

// V8's own answers about an object's layout: natives syntax is read when a function is compiled
setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
setFlagsFromString('--no-allow-natives-syntax');

/** A row of seven fields as the data file's loader makes it: one literal. */
const literal = (n: number) => ({ id: n, name: `n${n}`, mail: `m${n}@example.com`, phone: '555', title: 't', notes: '', active: 1 });

/** The same fields, the way code that starts small and adds fields makes them. */
function grown(n: number): Row {
  const row: Record<string, unknown> = { id: n };
  row.name = `n${n}`;
  row.mail = `m${n}@example.com`;
  row.phone = '555';
  row.title = 't';
  row.notes = '';
  row.active = 1;
  return row as unknown as Row;
}

describe('RowShapes', () => {
  it('remakes a row that grew field by field with the layout of its literal', () => {
    const row = grown(1);
    assert.equal(haveSameMap(row, literal(2)), false, 'a grown row is laid out otherwise than a literal');
    const shaped = new RowShapes().reshape(row);
    assert.notEqual(shaped, row);
    assert.deepEqual(shaped, row);
    assert.deepEqual(Object.keys(shaped), Object.keys(row), 'in the same order');
    assert.equal(haveSameMap(shaped, literal(2)), true);
  });

  it('makes a row that lost a field (a hash table then) an ordinary object again', () => {
    // (deleting the last field added only steps back to the shape before it)
    const row: Record<string, unknown> = Object.assign({ id: 0, spare: 'x' }, literal(1));
    delete row.spare;
    assert.equal(hasFastProperties(row), false);
    const shaped = new RowShapes().reshape(row as unknown as Row);
    assert.equal(hasFastProperties(shaped), true);
    assert.equal(haveSameMap(shaped, literal(2)), true);
    assert.deepEqual(shaped, literal(1));
  });

  it('keeps every own property as it is: undefined values, "__proto__" as a name, the prototype', () => {
    const row = JSON.parse('{"id":1,"__proto__":{"x":1},"gone":null}') as Record<string, unknown>;
    row.later = undefined;
    const shaped = new RowShapes().reshape(row as unknown as Row) as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(shaped), ['id', '__proto__', 'gone', 'later']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(shaped, '__proto__')?.value, { x: 1 });
    assert.equal(Object.getPrototypeOf(shaped), Object.prototype);
    assert.equal('later' in shaped && shaped.later === undefined, true);
  });

  it('reads a name as a name, never as code', () => {
    const name = '"]:0}; globalThis.hacked = 1; ({["';
    const shaped = new RowShapes().reshape({ id: 1, [name]: 2 } as unknown as Row) as unknown as Record<string, unknown>;
    assert.equal(shaped[name], 2);
    assert.equal((globalThis as Record<string, unknown>).hacked, undefined);
  });

  it('past its limit of key sets, keeps rows of new key sets as they are', () => {
    const shapes = new RowShapes(2);
    const a = shapes.reshape(grown(1));
    const b = shapes.reshape({ id: 2, other: 1 });
    const third = { id: 3, third: 1 };
    assert.equal(shapes.reshape(third), third);
    assert.notEqual(shapes.reshape(grown(4)), grown(4), 'a known key set is still remade');
    assert.equal(haveSameMap(a, literal(0)), true);
    assert.deepEqual(b, { id: 2, other: 1 });
  });
});

describe('Table.put', () => {
  it('stores a copy with the final layout, and reports that copy as the change', () => {
    const changes: Row[] = [];
    const t = new Table<Row>('people', (c) => c.op === 'put' && changes.push(c.row));
    const given = grown(7);
    t.put(given);
    const stored = t.get(7)!;
    assert.notEqual(stored, given);
    assert.deepEqual(stored, given);
    assert.equal(haveSameMap(stored, literal(8)), true);
    assert.equal(changes[0], stored, 'the store persists the row the table holds');
  });
});
