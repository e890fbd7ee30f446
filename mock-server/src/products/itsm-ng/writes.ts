import { hashPassword, verifyPassword } from '../../passwords.js';
import { CREATE, DELETE, PURGE, UPDATE } from './builtins.js';
import type { Ctx, ItemType } from './context.js';
import { err, MSG } from './errors.js';
import type { Reply } from './http.js';
import { storedHash, type Model } from './model.js';
import { flag, intval, isDict, isNumeric, own, phpBool, type Dict } from './php.js';
import { passwordToHash } from './users.js';

/**
 * The API's write loops: `input` as one object (answers are single) or a list (bulk answers with
 * partial-success 207s), the rights check per object, and the exact result shapes: `{id, message}`
 * for adds, `[{"<id>": true, "message": ""}]` for updates and deletes.
 */

/** Objects of `input`: one object (single mode) or a list (bulk); undefined when neither. */
function inputList(input: unknown): { list: unknown[]; multiple: boolean } | undefined {
  if (Array.isArray(input)) return { list: input, multiple: true };
  if (isDict(input)) return { list: [input], multiple: false };
  return undefined;
}

const last = (ctx: Ctx) => ctx.messages[ctx.messages.length - 1] ?? '';

/** Resolves an `id` as the product's `getFromDB` would (numeric values only). */
function idOf(v: unknown): number | undefined {
  return isNumeric(v) ? intval(v) : undefined;
}

/**
 * Password work for a write, done before anything is changed: hashes of new passwords, and which
 * users already have the password they are given.
 */
export async function preparePasswords(m: Model, type: ItemType, input: unknown, updating: boolean): Promise<{ hashes: Map<string, string>; same: Set<string> }> {
  const hashes = new Map<string, string>();
  const same = new Set<string>();
  if (type.name !== 'User') return { hashes, same };
  const list = inputList(input)?.list ?? [];
  for (const obj of list) {
    if (!isDict(obj)) continue;
    const clear = passwordToHash(obj);
    if (clear === undefined) continue;
    if (!hashes.has(clear)) hashes.set(clear, await hashPassword(clear));
    const id = updating ? idOf(own(obj, 'id')) : undefined;
    const row = id === undefined ? undefined : m.users.get(id);
    const current = row ? storedHash(m, row) : undefined;
    if (current && (await verifyPassword(clear, current))) same.add(`${id}\n${clear}`);
  }
  return { hashes, same };
}

export function createItems(ctx: Ctx, type: ItemType, params: Dict, apiUrl: string): Reply {
  const parsed = inputList(params.input);
  if (!parsed) throw err.badArray();
  const results: Array<{ id: number | false; message: string }> = [];
  let failed = 0;
  for (const raw of parsed.list) {
    ctx.messages = [];
    const obj = Object.assign(Object.create(null), isDict(raw) ? raw : {}) as Dict;
    const allowed = !!type.create && (type.canCreate ? type.canCreate(ctx, obj) : ctx.can(type.right, CREATE));
    if (!allowed) {
      failed++;
      results.push({ id: false, message: MSG.rightMissing });
      continue;
    }
    if (own(obj, 'entities_id') === undefined) obj.entities_id = ctx.session.activeEntity;
    const id = type.create!(ctx, obj);
    if (id === false) failed++;
    results.push({ id: typeof id === 'number' ? id : false, message: last(ctx) });
  }
  if (parsed.multiple) {
    if (failed === parsed.list.length) throw err.write(400, 'ERROR_GLPI_ADD', results);
    if (failed > 0) throw err.write(207, 'ERROR_GLPI_PARTIAL_ADD', results);
    return { body: results, status: 201, headers: { Link: results.map((r) => `${apiUrl}/${type.name}/${r.id}`).join(',') } };
  }
  const only = results[0];
  if (failed > 0) throw err.write(400, 'ERROR_GLPI_ADD', only.message);
  return { body: only, status: 201, headers: { Location: `${apiUrl}/${type.name}/${only.id}` } };
}

/** One `{"<id>": result, "message": …}` element. */
function resultOf(id: unknown, ok: boolean, message: string): Record<string, unknown> {
  return { [String(id)]: ok, message };
}

export function updateItems(ctx: Ctx, type: ItemType, params: Dict, urlId: number | undefined): Reply {
  if (params.input === undefined || params.input === null) throw err.badArray();
  let input = params.input;
  if (urlId !== undefined && (urlId > 0 || (urlId === 0 && type.zeroIdIsItem)) && isDict(input) && own(input, 'id') === undefined) {
    input = Object.assign(Object.create(null), input, { id: urlId });
  }
  const parsed = inputList(input);
  if (!parsed) throw err.badArray();
  const results: unknown[] = [];
  let failed = 0;
  for (const obj of parsed.list) {
    ctx.messages = [];
    const rawId = isDict(obj) ? own(obj, 'id') : undefined;
    if (rawId === undefined || rawId === null) {
      results.push([]);
      continue;
    }
    const id = idOf(rawId);
    const row = id === undefined ? undefined : type.rows(ctx.model).get(id);
    if (!row) {
      // the product counts the failure but leaves it out of the answer
      failed++;
      continue;
    }
    const allowed = !!type.update && (type.canUpdate ? type.canUpdate(ctx, row) : ctx.can(type.right, UPDATE));
    if (!allowed) {
      failed++;
      results.push(resultOf(rawId, false, MSG.rightMissing));
      continue;
    }
    const ok = type.update!(ctx, row, obj as Dict) !== false;
    if (!ok) failed++;
    results.push(resultOf(row.id, ok, last(ctx)));
  }
  if (parsed.multiple) {
    if (failed === parsed.list.length) throw err.write(400, 'ERROR_GLPI_UPDATE', results);
    if (failed > 0) throw err.write(207, 'ERROR_GLPI_PARTIAL_UPDATE', results);
    return { body: results };
  }
  if (failed > 0) {
    const popped = results.pop() as Record<string, unknown> | undefined;
    throw err.write(400, 'ERROR_GLPI_UPDATE', popped ? popped.message : null);
  }
  return { body: results };
}

export function deleteItems(ctx: Ctx, type: ItemType, params: Dict, urlId: number | undefined): Reply {
  const purge = type.trash ? phpBool(params.force_purge ?? false) : true;
  const history = flag(params.history, true);
  const input = urlId !== undefined ? Object.assign(Object.create(null), { id: urlId }) : params.input;
  const parsed = inputList(input);
  if (!parsed) throw err.badArray();
  const results: Array<Record<string, unknown>> = [];
  let failed = 0;
  for (const obj of parsed.list) {
    ctx.messages = [];
    const rawId = isDict(obj) ? own(obj, 'id') : undefined;
    if (rawId === undefined || rawId === null) continue;
    const id = idOf(rawId);
    const row = id === undefined ? undefined : type.rows(ctx.model).get(id);
    if (!row) {
      failed++;
      results.push(resultOf(rawId, false, MSG.itemNotFound));
      continue;
    }
    const allowed =
      !!type.remove &&
      (type.canDelete ? type.canDelete(ctx, row, purge) : ctx.can(type.right, purge ? PURGE : DELETE) && (!type.canViewItem || type.canViewItem(ctx, row)));
    if (!allowed) {
      failed++;
      results.push(resultOf(rawId, false, MSG.rightMissing));
      continue;
    }
    const ok = type.remove!(ctx, row, purge, history);
    if (!ok) failed++;
    results.push(resultOf(rawId, ok, last(ctx)));
  }
  if (parsed.multiple) {
    if (failed === parsed.list.length) throw err.write(400, 'ERROR_GLPI_DELETE', results);
    if (failed > 0) throw err.write(207, 'ERROR_GLPI_PARTIAL_DELETE', results);
    return { body: results };
  }
  if (failed > 0) throw err.write(400, 'ERROR_GLPI_DELETE', results.pop()?.message ?? null);
  return { body: results };
}
