import type { Row } from './table.js';

/**
 * Rows remade in one step with their final shape, as the data file's rows are when loaded.
 *
 * A row built in code (a literal, then properties added or deleted, or a spread plus a new field) keeps
 * the properties its first literal did not have outside the object, in a separate array, and a deleted
 * property turns the object into a hash table. At 100,000 users a product, the rows the bench's writes
 * put held 12 MB of such arrays. A table stores instead a copy made by an object literal of the row's
 * own key set, which V8 lays out with every property inside the object.
 */
export class RowShapes {
  /** One literal maker per key set, keyed by the names joined with a character no column name holds. */
  private readonly makers = new Map<string, (values: unknown[]) => Row>();

  constructor(private readonly limit = MAX_KEY_SETS) {}

  /** `row` with the same properties and values, made by its key set's literal. */
  reshape<R extends Row>(row: R): R {
    const keys = Object.keys(row);
    const signature = keys.join('\u0000');
    let make = this.makers.get(signature);
    if (!make) {
      // a table whose rows keep changing their key sets would compile without end; past the limit, rows stay as given
      if (this.makers.size >= this.limit) return row;
      this.makers.set(signature, (make = objectLiteralOf(keys, 0)));
    }
    return make(Object.values(row)) as R;
  }
}

/** More than any product's table has (ITSM-NG's 100,000 seeded users have 353). */
const MAX_KEY_SETS = 4096;

/**
 * A function returning an object literal with these property names, the value of name i taken from
 * `values[first + i]`. Made with `Function` from the names, each written as a JSON string, so a name
 * cannot be read as code.
 */
export function objectLiteralOf(keys: readonly string[], first: number): (values: unknown[]) => Row {
  // `__proto__:` in a literal would set the prototype; as a computed name it is a property, as in JSON
  const fields = keys.map((k, i) => `${k === '__proto__' ? '["__proto__"]' : JSON.stringify(k)}:v[${i + first}]`);
  return new Function('v', `return {${fields.join(',')}};`) as (values: unknown[]) => Row;
}
