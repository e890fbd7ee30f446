import type { Table } from '../../store/table.js';
import { rightsOf, type RightName } from './builtins.js';
import type { Cell, Model, Rec, Tree } from './model.js';
import type { Dict } from './php.js';
import type { Column } from './schema.js';
import type { Session } from './sessions.js';

/**
 * What a request's endpoint logic works with, and the contract every served itemtype fulfils
 * (read side: columns, names, visibility; write side: optional add/update/delete hooks).
 */

export interface Ctx {
  readonly model: Model;
  readonly session: Session;
  /** The logged-in user's row (may have been purged meanwhile). */
  readonly user: Rec | undefined;
  readonly now: Date;
  readonly nowSql: string;
  readonly apiUrl: string;
  /** "Messages after redirect" raised while handling the current item; the API reports the last. */
  messages: string[];
  /** Password hashes computed before any mutation, keyed by clear text. */
  readonly hashes: ReadonlyMap<string, string>;
  /** `<user id>\n<password>` pairs whose password equals the user's current one (checked beforehand). */
  readonly samePassword: ReadonlySet<string>;
  /** Whether the session's active profile holds `bits` of `right`. */
  can(right: RightName, bits: number): boolean;
}

export function sessionCan(session: Session, right: RightName, bits: number): boolean {
  return (rightsOf(session.profileId)[right] & bits) === bits;
}

/** An add/update hook's verdict: the new id (add) or true (update), or false with messages set. */
export type WriteResult = number | boolean;

export interface ItemType {
  /** The class name, as the product spells it (answers use it, whatever case the URL had). */
  readonly name: string;
  readonly table: string;
  readonly columns: readonly Column[];
  readonly colMap: ReadonlyMap<string, Column>;
  rows(m: Model): Table<Rec>;
  readonly right: RightName;
  /** Has a trash bin (`is_deleted`). */
  readonly trash: boolean;
  /** Rows belong to an entity: collections and reads see only the active entities. */
  readonly entityAssigned: boolean;
  /** Child classes listed in `links` (`<Itemtype>/<id>/<Child>/`). */
  readonly children: readonly string[];
  /** `GET /<Itemtype>/0` reads item 0 (only Entity) instead of listing. */
  readonly zeroIdIsItem?: boolean;
  /** Tree dropdowns: the parent column and the derived tree. */
  readonly tree?: { readonly field: string; tree(m: Model): Tree };
  /** Values of columns computed from other rows (tree names and levels). */
  computed?(m: Model, row: Rec): Record<string, Cell>;
  /** The name shown for a row when a foreign key is expanded. */
  label(m: Model, row: Rec): string;
  /** Rows whose `column` equals `value`, when an index can answer without a scan. */
  byColumn?(m: Model, column: string, value: number): Iterable<Rec> | undefined;
  /** Rows attached to any item through `itemtype` + `items_id` (history, documents). */
  attachedTo?(m: Model, itemtype: string, id: number): Iterable<Rec>;
  /** Item-level read visibility (entity rules), beyond the READ right. */
  canViewItem?(ctx: Ctx, row: Rec): boolean;
  create?(ctx: Ctx, input: Dict): WriteResult;
  update?(ctx: Ctx, row: Rec, input: Dict): WriteResult;
  /** Trash (purge false) or purge a row; rights are checked by the caller. */
  remove?(ctx: Ctx, row: Rec, purge: boolean, history: boolean): boolean;
  /** The right bits an add needs beyond CREATE on `right` (relations check their ends instead). */
  canCreate?(ctx: Ctx, input: Dict): boolean;
  canUpdate?(ctx: Ctx, row: Rec): boolean;
  canDelete?(ctx: Ctx, row: Rec, purge: boolean): boolean;
}
