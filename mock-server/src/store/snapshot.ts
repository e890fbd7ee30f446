import type { Row } from './table.js';

export const SNAPSHOT_FORMAT = 'user-directory-mock/1';

/** What a product's main data file holds: every table, plus the WAL position it includes. */
export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  product: string;
  /** The last write-ahead-log segment folded into this snapshot. */
  seq: number;
  /** The seed the data started from (informational; a restart keeps the data). */
  seed: { seed: number; users: number };
  meta: Record<string, unknown>;
  tables: Record<string, Row[]>;
}

/**
 * The snapshot as JSON text, one row per line (diffable, greppable), in small pieces (a row each) that
 * the writer copies into a reused buffer: writing 100,000 rows then leaves no large strings behind for
 * the garbage collector, and never blocks the event loop for more than a few milliseconds at a time.
 * The output is a pure function of the snapshot: the same data gives the same bytes.
 *
 * The text is pure ASCII (other characters as `\uXXXX` escapes): V8 then reads it as a one-byte
 * string, which parses faster and yields strings half the size of those from a two-byte source.
 */
export function* snapshotChunks(s: Snapshot): Iterable<string> {
  yield asciiOnly(
    `{"format":${JSON.stringify(s.format)},"product":${JSON.stringify(s.product)},"seq":${s.seq},` +
      `"seed":${JSON.stringify(s.seed)},\n"meta":${JSON.stringify(s.meta)},\n"tables":{`,
  );
  let firstTable = true;
  for (const [name, rows] of Object.entries(s.tables)) {
    yield asciiOnly(`${firstTable ? '' : ','}\n${JSON.stringify(name)}:[`);
    firstTable = false;
    for (let i = 0; i < rows.length; i++) yield (i === 0 ? '\n' : ',\n') + asciiOnly(JSON.stringify(rows[i]));
    yield rows.length ? '\n]' : ']';
  }
  yield '\n}}\n';
}

const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;

function escapeChar(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** The same JSON text with every non-ASCII character escaped. */
export function asciiOnly(json: string): string {
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, escapeChar) : json;
}

export function isSnapshot(value: unknown): value is Snapshot {
  const s = value as Snapshot;
  return (
    typeof s === 'object' &&
    s !== null &&
    s.format === SNAPSHOT_FORMAT &&
    typeof s.seq === 'number' &&
    typeof s.tables === 'object' &&
    s.tables !== null &&
    Object.values(s.tables).every(Array.isArray)
  );
}
