import type { JsonLayout } from './durable-json-file.js';
import { KeySetList, RowMaker } from './keyed-rows.js';
import type { Row } from './table.js';

export const SNAPSHOT_FORMAT = 'user-directory-mock/2';
/** The first layout, with every row an object; still read (and written as the current one from then on). */
const FORMAT_1 = 'user-directory-mock/1';

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
 * Each table is `{"rows":[…],"keys":[…]}`: its rows as keyed rows (`keyed-rows.ts`), then the key sets
 * they name, which are only known once every row has been written.
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
    yield asciiOnly(`${firstTable ? '' : ','}\n${JSON.stringify(name)}:{"rows":[`);
    firstTable = false;
    const keySets = new KeySetList();
    for (let i = 0; i < rows.length; i++) yield (i === 0 ? '\n' : ',\n') + asciiOnly(keySets.rowJson(rows[i]));
    yield `${rows.length ? '\n' : ''}],"keys":${asciiOnly(JSON.stringify(keySets.list))}}`;
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
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
/** A newline then the bracket that closes a table's rows. */
const ROWS_END = Buffer.from('\n]');
/** The line that opens a table with rows, as `snapshotChunks` writes it: its name, then `:{"rows":[`. */
const TABLE_OPENING = /^("(?:[^"\\]|\\.)*"):\{"rows":\[$/;
/** The same in the first layout: the name, then `:[`, and a row object on each line. */
const TABLE_OPENING_1 = /^("(?:[^"\\]|\\.)*"):\[$/;

/**
 * The value of a snapshot file. Text laid out as `snapshotChunks` writes it (or as the first layout
 * did) is read a block of rows at a time: `JSON.parse` of the whole file needs all of it as one string,
 * which lives through the parse, is promoted, and stays until the next full collection (at 100,000
 * users a product, over 100 MB still held when the server printed its banner). Anything else (a file
 * edited by hand, or one that is not valid JSON) is parsed whole, so it reads exactly as JSON, errors
 * included. A table whose keyed rows do not match its key sets is left as it is in the file, which
 * `isSnapshot` then refuses.
 */
export function parseSnapshot(bytes: Buffer): Snapshot {
  return (parseByBlocks(bytes) ?? fromFileValue(JSON.parse(bytes.toString('utf-8')))) as Snapshot;
}

interface TableText {
  /** Byte ranges of row blocks, start and end in turn. */
  readonly blocks: number[];
  readonly keyed: boolean;
}

/** The value, or undefined when the text is not laid out as `snapshotChunks` writes it. */
function parseByBlocks(bytes: Buffer): unknown {
  // every line but the rows' is kept: with the rows left out it is the snapshot with empty tables
  const outline: string[] = [];
  const tableTexts = new Map<string, TableText>();
  let inTables = false;
  let table: TableText | undefined;
  let rowOpening = 0;
  for (let at = 0; at < bytes.length; ) {
    if (table) {
      // the rows end at the first line that closes the list (no raw newline is inside a JSON value)
      const close = bytes[at] === CLOSE_BRACKET ? at - 1 : bytes.indexOf(ROWS_END, at);
      if (close < 0 || (close > at && !rowBlocks(bytes, at, close, rowOpening, table.blocks))) return undefined;
      table = undefined;
      at = close + 1;
    }
    let end = bytes.indexOf(NEWLINE, at);
    if (end < 0) end = bytes.length;
    const line = bytes.toString('utf-8', at, end);
    outline.push(line);
    const opening = inTables ? (TABLE_OPENING.exec(line) ?? TABLE_OPENING_1.exec(line)) : null;
    if (opening) {
      const keyed = opening[0].endsWith('{"rows":[');
      table = { blocks: [], keyed };
      rowOpening = keyed ? OPEN_BRACKET : OPEN_BRACE;
      tableTexts.set(JSON.parse(opening[1]) as string, table);
    }
    inTables ||= line === '"tables":{';
    at = end + 1;
  }
  if (table) return undefined;
  let snapshot: { format?: unknown; tables?: Record<string, unknown> };
  try {
    snapshot = JSON.parse(outline.join('\n')) as typeof snapshot;
  } catch {
    return undefined;
  }
  const keyedLayout = snapshot.format !== FORMAT_1;
  try {
    for (const [name, text] of tableTexts) {
      if (text.keyed !== keyedLayout) return undefined;
      const rows = rowsOf(bytes, text, snapshot.tables?.[name]);
      if (!rows) return undefined;
      snapshot.tables![name] = rows;
    }
  } catch {
    return undefined;
  }
  return fromFileValue(snapshot);
}

/**
 * Splits the rows between `start` and `close` (the newline before the list's closing bracket) into
 * blocks of about `ROW_BLOCK_BYTES`, each from the start of a row line to the end of a row (its comma
 * left out), and lists their byte ranges in `blocks`. Only the lines where blocks meet are looked at:
 * a split anywhere but between two rows leaves a block that is not valid JSON, and the caller then
 * parses the whole text. False when the rows are not laid out as one a line.
 */
function rowBlocks(bytes: Buffer, start: number, close: number, rowOpening: number, blocks: number[]): boolean {
  // the last row's comma would be JSON's syntax error, which a block's parse leaves out
  if (bytes[close - 1] === COMMA) return false;
  for (let from = start; from < close; ) {
    if (bytes[from] !== rowOpening) return false;
    const end = close - from > ROW_BLOCK_BYTES ? bytes.indexOf(NEWLINE, from + ROW_BLOCK_BYTES) : close;
    if (end === close) {
      blocks.push(from, close);
      return true;
    }
    if (bytes[end - 1] !== COMMA) return false;
    blocks.push(from, end - 1);
    from = end + 1;
  }
  // a blank line before the closing bracket: the block before it lost a comma that JSON refuses there
  return false;
}

/** A table's rows from its blocks; undefined when they do not fit what the outline holds for it. */
function rowsOf(bytes: Buffer, text: TableText, inOutline: unknown): Row[] | undefined {
  const rows: Row[] = [];
  const blocks = text.blocks;
  if (!text.keyed) {
    if (!Array.isArray(inOutline) || inOutline.length) return undefined;
    for (let i = 0; i < blocks.length; i += 2) for (const row of parseBlock(bytes, blocks[i], blocks[i + 1])) rows.push(row as Row);
    return rows;
  }
  const keyed = keyedTable(inOutline);
  if (!keyed || keyed.rows.length) return undefined;
  for (let i = 0; i < blocks.length; i += 2) if (!keyed.maker.makeInto(parseBlock(bytes, blocks[i], blocks[i + 1]), rows)) return undefined;
  return rows;
}

/** A table as the current layout writes it, `{"rows":[…],"keys":[…]}`, with a maker for its key sets. */
function keyedTable(table: unknown): { rows: unknown[]; maker: RowMaker } | undefined {
  const { rows, keys } = (table ?? {}) as { rows?: unknown; keys?: unknown };
  const maker = RowMaker.of(keys);
  return maker && Array.isArray(rows) ? { rows, maker } : undefined;
}

function parseBlock(bytes: Buffer, start: number, end: number): unknown[] {
  return JSON.parse(`[${bytes.toString('utf-8', start, end)}]`) as unknown[];
}

/**
 * A parsed file's value as the snapshot it holds: in the current layout, each table's keyed rows made
 * into row objects (those already made are left alone); in the first, only the format is renamed.
 */
function fromFileValue(value: unknown): unknown {
  const s = value as { format?: unknown; tables?: Record<string, unknown> };
  if (typeof s !== 'object' || s === null || typeof s.tables !== 'object' || s.tables === null) return value;
  if (s.format === FORMAT_1) {
    s.format = SNAPSHOT_FORMAT;
    return s;
  }
  if (s.format !== SNAPSHOT_FORMAT) return value;
  for (const [name, table] of Object.entries(s.tables)) {
    if (Array.isArray(table)) continue;
    const keyed = keyedTable(table);
    const made: Row[] = [];
    if (keyed?.maker.makeInto(keyed.rows, made)) s.tables[name] = made;
  }
  return s;
}

/** How a snapshot file is written and read. */
export const SNAPSHOT_LAYOUT: JsonLayout<Snapshot> = { chunks: snapshotChunks, parse: parseSnapshot };

/** The format a data file names when it is ours but in a layout this version does not read (a later one). */
export function unreadableFormat(value: unknown): string | undefined {
  const format = (value as { format?: unknown } | null)?.format;
  return typeof format === 'string' && /^user-directory-mock\/\d+$/.test(format) && format !== SNAPSHOT_FORMAT ? format : undefined;
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
