import type { Ctx, ItemType } from './context.js';
import type { Cell, Model, Rec } from './model.js';
import { userDisplayName } from './names.js';
import { PhpMap } from './php.js';
import { LOG_COLUMNS } from './schema.js';

/**
 * The item history (`glpi_logs`): what the product records on create, field updates, trash,
 * restore and relation changes, readable as `User/:id/Log` and with `with_logs=true`.
 */

export const HISTORY = {
  DELETE_ITEM: 13,
  RESTORE_ITEM: 14,
  ADD_RELATION: 15,
  DEL_RELATION: 16,
  ADD_SUBITEM: 17,
  UPDATE_SUBITEM: 18,
  DELETE_SUBITEM: 19,
  CREATE_ITEM: 20,
} as const;

export interface HistoryEntry {
  linkedAction?: number;
  itemtypeLink?: string;
  searchOption?: number;
  oldValue?: string;
  newValue?: string;
}

/**
 * The last history line's author, as one string for the lines after it by the same user: a session's
 * lines are written one after another, and a string each held 1.35 MB in the 56,000 lines of the
 * bench's updates ("glpi (2)" every time).
 */
let lastUserName = '';
function sharedUserName(name: string): string {
  if (name !== lastUserName) lastUserName = name;
  return lastUserName;
}

/** Appends a history line for an item, attributed to the session's user ("glpi (2)"). */
export function logHistory(ctx: Ctx, itemtype: string, itemsId: number, e: HistoryEntry): void {
  const logs = ctx.model.logs;
  const who = ctx.user ? userDisplayName(ctx.user) : '';
  const row: Record<string, Cell> = { id: ctx.model.nextId(logs), itemtype, items_id: itemsId };
  if (e.itemtypeLink) row.itemtype_link = e.itemtypeLink;
  if (e.linkedAction) row.linked_action = e.linkedAction;
  row.user_name = sharedUserName(`${who} (${ctx.session.userId})`);
  row.date_mod = ctx.nowSql;
  if (e.searchOption) row.id_search_option = e.searchOption;
  row.old_value = e.oldValue ?? '';
  row.new_value = e.newValue ?? '';
  logs.put(row as unknown as Rec);
}

/** Removes an item's history (the product does on purge). */
export function purgeHistory(m: Model, itemtype: string, itemsId: number): void {
  for (const row of [...m.logsByItem.get(`${itemtype}:${itemsId}`)]) m.deleteRow(m.logs, row.id);
}

/** `_logs` of a read: the raw history rows keyed by id. */
export function logsOf(m: Model, itemtype: string, itemsId: number): PhpMap {
  const rows = [...m.logsByItem.get(`${itemtype}:${itemsId}`)].sort((a, b) => a.id - b.id);
  const out = new PhpMap();
  for (const r of rows) {
    const fields: Record<string, unknown> = {};
    for (const col of LOG_COLUMNS) fields[col.name] = r[col.name] === undefined ? col.def : r[col.name];
    out.set(r.id, fields);
  }
  return out;
}

export const logType: ItemType = {
  name: 'Log',
  table: 'glpi_logs',
  columns: LOG_COLUMNS,
  colMap: new Map(LOG_COLUMNS.map((c) => [c.name, c])),
  rows: (m) => m.logs,
  right: 'user',
  trash: false,
  entityAssigned: false,
  children: [],
  label: (_m, r) => String(r.id),
  attachedTo: (m, itemtype, id) => m.logsByItem.get(`${itemtype}:${id}`),
};
