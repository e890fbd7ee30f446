import { createHash } from 'node:crypto';
import { READ } from './builtins.js';
import type { Ctx, ItemType } from './context.js';
import { err } from './errors.js';
import type { Reply } from './http.js';
import { logsOf } from './logs.js';
import { cell, type Cell, type Model, type Rec } from './model.js';
import { parseRange, rangeAnswer } from './paging.js';
import { flag, intval, isDict, phpEmpty, phpJson, type Dict } from './php.js';
import { foreignKeyOf, itemtype } from './registry.js';
import { renderRow, type RenderOptions } from './render.js';
import { compareCells, fold, httpDate, likeMatcher, textSearchValue } from './text.js';

/**
 * Reads: one item (`GET /<Itemtype>/<id>`), a collection (`GET /<Itemtype>/`) and the sub-items of
 * an item (`GET /<Itemtype>/<id>/<Subtype>/`), with their parameters, paging headers and statuses.
 */

function listOfStrings(v: unknown): string[] {
  const values = Array.isArray(v) ? v : isDict(v) ? Object.values(v) : [];
  return values.filter((x): x is string => typeof x === 'string');
}

export function renderOptions(params: Dict): RenderOptions {
  return {
    expand: flag(params.expand_dropdowns, false),
    hateoas: flag(params.get_hateoas, true),
    onlyId: flag(params.only_id, false),
    addKeysNames: listOfStrings(params.add_keys_names),
  };
}

function readable(ctx: Ctx, type: ItemType, row: Rec): boolean {
  return ctx.can(type.right, READ) && (!type.canViewItem || type.canViewItem(ctx, row));
}

export function getItem(ctx: Ctx, type: ItemType, id: number, params: Dict): Reply {
  const m = ctx.model;
  const row = type.rows(m).get(id);
  if (!row) throw err.itemNotFound();
  if (!readable(ctx, type, row)) throw err.rightMissing();
  const fields = renderRow(m, ctx.apiUrl, type, row, renderOptions(params));
  if (flag(params.with_documents, false)) fields._documents = [];
  if (flag(params.with_logs, false)) fields._logs = logsOf(m, type.name, row.id);
  const headers: Record<string, string> = {};
  const modifiedCol = type.colMap.get('date_mod');
  const modified = modifiedCol ? cell(row, modifiedCol) : null;
  if (typeof modified === 'string') {
    const h = httpDate(modified);
    if (h) headers['Last-Modified'] = h;
  }
  if (flag(params.get_sha1, false)) return { body: createHash('sha1').update(phpJson(fields)).digest('hex'), headers };
  return { body: fields, headers };
}

/** `getMultipleItems?items[0][itemtype]=User&items[0][items_id]=2…` */
export function getMultipleItems(ctx: Ctx, params: Dict): Reply {
  const items = params.items;
  if (!Array.isArray(items) && !isDict(items)) throw err.badArray();
  const out: unknown[] = [];
  for (const it of Array.isArray(items) ? items : Object.values(items)) {
    if (!isDict(it)) throw err.badArray();
    const type = typeof it.itemtype === 'string' ? itemtype(it.itemtype) : undefined;
    if (!type) throw err.resourceNotFound();
    out.push(getItem(ctx, type, intval(it.items_id), params).body);
  }
  return { body: out };
}

export interface Parent {
  type: ItemType;
  /** `undefined` when the URL segment was not numeric. */
  id: number | undefined;
}

/** Rows of `child` under a parent: by the parent's foreign key, by itemtype/items_id, or by the parent's own key. */
function childRows(m: Model, child: ItemType, parent: ItemType, parentRow: Rec): Iterable<Rec> {
  const fk = foreignKeyOf(parent);
  if (child.colMap.has(fk)) {
    const indexed = child.byColumn?.(m, fk, parentRow.id);
    if (indexed) return indexed;
    return [...child.rows(m).values()].filter((r) => (r[fk] ?? 0) === parentRow.id);
  }
  if (child.attachedTo) return child.attachedTo(m, parent.name, parentRow.id);
  const childFk = foreignKeyOf(child);
  const col = parent.colMap.get(childFk);
  if (col) {
    const target = child.rows(m).get(cell(parentRow, col) as number);
    return target ? [target] : [];
  }
  return [];
}

/** PHP's `(int)` cast of a request value. */
function intCast(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v)) return v.length ? 1 : 0;
  if (isDict(v)) return Object.keys(v).length ? 1 : 0;
  return intval(v);
}

/** `searchText[<column>]=<pattern>` filters (LIKE, AND-ed); a column the table lacks matches nothing. */
function textFilters(type: ItemType, searchText: unknown): Array<(m: Model, row: Rec) => boolean> | undefined {
  if (!isDict(searchText)) return [];
  const entries = Object.keys(searchText).map((k) => [k, searchText[k]] as const);
  const filters: Array<(m: Model, row: Rec) => boolean> = [];
  const keys = Object.keys(searchText);
  const expanded: Array<readonly [string | string[], unknown]> =
    keys.length === 1 && keys[0] === 'all' ? [[type.colMap.has('comment') ? ['name', 'comment'] : ['name'], searchText.all]] : entries;
  for (const [field, value] of expanded) {
    if (phpEmpty(value) || (typeof value !== 'string' && typeof value !== 'number')) continue;
    const fields = Array.isArray(field) ? field : [field];
    const cols = fields.map((f) => type.colMap.get(f));
    if (cols.some((c) => c === undefined)) return undefined;
    const pattern = textSearchValue(String(value));
    const match = pattern === null ? undefined : likeMatcher(pattern);
    filters.push((m, row) =>
      cols.some((col) => {
        if (col!.secret) return false;
        const v = col!.computed ? (type.computed?.(m, row)[col!.name] ?? null) : cell(row, col!);
        if (match === undefined) return v === null;
        return v !== null && match(fold(String(v)));
      }),
    );
  }
  return filters;
}

function sortValue(m: Model, type: ItemType, sort: string): (row: Rec) => Cell {
  const col = type.colMap.get(sort)!;
  if (col.secret) return (row) => row.id;
  if (col.computed) return (row) => type.computed?.(m, row)[sort] ?? null;
  return (row) => cell(row, col);
}

export function getItems(ctx: Ctx, type: ItemType, params: Dict, parent?: Parent): Reply {
  const m = ctx.model;
  if (!ctx.can(type.right, READ)) throw err.rightMissing();
  let parentRow: Rec | undefined;
  if (parent) {
    parentRow = parent.id === undefined ? undefined : parent.type.rows(m).get(parent.id);
    if (!parentRow) throw err.itemNotFound();
    if (!readable(ctx, parent.type, parentRow)) throw err.rightMissing();
  }
  const range = parseRange(params.range, ctx.session.listLimit);
  const order = params.order === undefined ? 'ASC' : typeof params.order === 'string' ? params.order.toUpperCase() : '';
  if (order !== 'ASC' && order !== 'DESC') throw err.generic('order must be DESC or ASC');
  const sort = params.sort === undefined ? 'id' : typeof params.sort === 'string' ? params.sort : String(params.sort);
  if (!type.colMap.has(sort)) throw err.generic(`sort param is not a field of ${type.table}`);
  const deleted = type.trash ? intCast(params.is_deleted ?? false) : 0;
  const filters = textFilters(type, params.searchText);

  let rows: readonly Rec[];
  if (!filters) rows = [];
  else if (type.name === 'User' && !parent && !filters.length && (sort === 'id' || sort === 'name') && (deleted === 0 || deleted === 1)) {
    const views = sort === 'id' ? m.usersById : m.usersByName;
    rows = deleted ? views.trash.all() : views.live.all();
  } else {
    const source = parentRow ? childRows(m, type, parent!.type, parentRow) : type.rows(m).values();
    const compute = (): Rec[] => {
      const key = sortValue(m, type, sort);
      const out: Array<{ row: Rec; key: Cell }> = [];
      for (const row of source) {
        if (type.trash && ((row.is_deleted ?? 0) as number) !== deleted) continue;
        if (type.entityAssigned && type.canViewItem && !type.canViewItem(ctx, row)) continue;
        if (!filters.every((f) => f(m, row))) continue;
        out.push({ row, key: key(row) });
      }
      out.sort((a, b) => compareCells(a.key, b.key) || a.row.id - b.row.id);
      return out.map((o) => o.row);
    };
    const large = !parentRow && type.rows(m).size > 5000;
    if (large) m.listCache.keepOnly(m.searchVersion());
    rows = large
      ? m.listCache.getOrSet([type.name, type.rows(m).version, sort, deleted, JSON.stringify(params.searchText ?? null), ctx.session.activeEntities.join(',')].join('|'), compute)
      : compute();
  }

  const total = rows.length;
  if (range.start > total) throw err.rangeExceed(total);
  const desc = order === 'DESC';
  const at = (i: number) => (desc ? rows[total - 1 - i] : rows[i]);
  const page: Rec[] = [];
  const [from, to] = range.limit > 0 ? [range.start, Math.min(total, range.start + range.limit)] : [0, total];
  for (let i = from; i < to; i++) page.push(at(i));

  const opts = renderOptions(params);
  const body = page.map((row) => renderRow(m, ctx.apiUrl, type, row, opts));
  const { contentRange, partial } = rangeAnswer(range, total);
  const headers: Record<string, string> = { 'Accept-Range': `${type.name} 1000` };
  if (total > 0) headers['Content-Range'] = contentRange;
  return { body, status: partial ? 206 : 200, headers };
}
