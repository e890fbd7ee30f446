import type { JsonLayout } from './durable-json-file.js';
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

/** Rows are decoded and parsed in blocks of about this many bytes. */
const ROW_BLOCK_BYTES = 16 * 1024;

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
/** The line that opens a table with rows, as `snapshotChunks` writes it: its name, then `:[`. */
const TABLE_OPENING = /^("(?:[^"\\]|\\.)*"):\[$/;

/**
 * The value of a snapshot file. Text laid out as `snapshotChunks` writes it is read a block of rows
 * at a time: `JSON.parse` of the whole file needs all of it as one string, which lives through the
 * parse, is promoted, and stays until the next full collection (at 100,000 users a product, over
 * 100 MB still held when the server printed its banner). Anything else (a file edited by hand, or one
 * that is not valid JSON) is parsed whole, so it reads exactly as JSON, errors included.
 */
export function parseSnapshot(bytes: Buffer): Snapshot {
  return (parseByBlocks(bytes) ?? JSON.parse(bytes.toString('utf-8'))) as Snapshot;
}

/** The value, or undefined when the text is not laid out as `snapshotChunks` writes it. */
function parseByBlocks(bytes: Buffer): unknown {
  // every line but the rows' is kept: with the rows left out it is the snapshot with empty tables
  const outline: string[] = [];
  const rowsOf = new Map<string, unknown[]>();
  let inTables = false;
  let rows: unknown[] | undefined;
  let blockStart = -1;
  let blockEnd = -1;
  let rowEndedInComma = false;
  const parseBlock = (into: unknown[]) => {
    const block = JSON.parse(`[${bytes.toString('utf-8', blockStart, blockEnd)}]`) as unknown[];
    for (const row of block) into.push(row);
    blockStart = -1;
  };
  try {
    for (let at = 0; at < bytes.length; ) {
      let end = bytes.indexOf(NEWLINE, at);
      if (end < 0) end = bytes.length;
      if (rows) {
        if (bytes[at] === OPEN_BRACE) {
          if (blockStart < 0) blockStart = at;
          rowEndedInComma = bytes[end - 1] === COMMA;
          blockEnd = rowEndedInComma ? end - 1 : end;
          if (blockEnd - blockStart >= ROW_BLOCK_BYTES) parseBlock(rows);
          at = end + 1;
          continue;
        }
        // the last row's comma would be JSON's syntax error, which a block's parse leaves out
        if (bytes[at] !== CLOSE_BRACKET || rowEndedInComma) return undefined;
        if (blockStart >= 0) parseBlock(rows);
        rows = undefined;
      }
      const line = bytes.toString('utf-8', at, end);
      outline.push(line);
      const opening = inTables ? TABLE_OPENING.exec(line) : null;
      if (opening) {
        rows = [];
        rowsOf.set(JSON.parse(opening[1]) as string, rows);
      }
      inTables ||= line === '"tables":{';
      at = end + 1;
    }
    if (rows) return undefined;
    const snapshot = JSON.parse(outline.join('\n')) as { tables?: Record<string, unknown> };
    for (const [name, tableRows] of rowsOf) {
      const empty = snapshot.tables?.[name];
      if (!Array.isArray(empty) || empty.length) return undefined;
      snapshot.tables![name] = tableRows;
    }
    return snapshot;
  } catch {
    return undefined;
  }
}

/** How a snapshot file is written and read. */
export const SNAPSHOT_LAYOUT: JsonLayout<Snapshot> = { chunks: snapshotChunks, parse: parseSnapshot };

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
