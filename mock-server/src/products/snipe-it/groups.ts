import { sqlDateTime } from '../../sql-date-time.js';
import type { ProductEnv } from '../product.js';
import { MSG, PERMISSION_KEYS } from './constants.js';
import { StoreFailure, type Req } from './context.js';
import { forbidden, modelNotFound } from './errors.js';
import { envelope, json, type Reply } from './http.js';
import { get, scalar, type InputValue } from './input.js';
import type { GroupRow, Permissions, SnipeModel } from './model.js';
import { fold, intval, mysqlId } from './php.js';
import { transformGroup } from './serialize.js';
import { allowedSort, listSmall, textSearch } from './small-tables.js';

const GROUPS_WEB_INDEX = '/admin/groups';

/** Every displayable permission at 0: what a group created without `permissions` gets. */
function defaultPermissions(): Permissions {
  const map: Permissions = {};
  for (const key of PERMISSION_KEYS) map[key] = 0;
  return map;
}

/** A permissions value decoded as `decodePermissions()` will: an object's entries cast to int. */
function permissionsOf(v: InputValue | undefined): Permissions | null {
  let source: unknown = v;
  if (typeof v === 'string') {
    try {
      source = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (!source || typeof source !== 'object' || Array.isArray(source)) return null;
  // no prototype: a key such as __proto__ is kept as the plain key PHP would keep
  const out = Object.create(null) as Permissions;
  for (const key of Object.keys(source)) {
    if (/^(0|-?[1-9]\d{0,17})$/.test(key)) continue;
    out[key] = intval((source as Record<string, InputValue>)[key]);
  }
  return Object.keys(out).length ? out : null;
}

/** Api\GroupsController: every action needs a superuser. */
export class GroupsApi {
  constructor(
    private readonly model: SnipeModel,
    private readonly env: ProductEnv,
  ) {}

  index(req: Req): Reply {
    if (!req.caller.superuser) return forbidden(req.negotiation);
    const m = this.model;
    const input = req.input.all;
    const sort = scalar(get(input, 'sort'));
    const creator = (g: GroupRow) => (g.created_by ? m.users.get(g.created_by) : undefined);
    const column = allowedSort(input, ['id', 'name', 'created_at', 'users_count'], 'created_at');
    const sortKeys =
      sort === 'created_by'
        ? [
            { key: (g: GroupRow) => creator(g)?.first_name, text: true },
            { key: (g: GroupRow) => creator(g)?.last_name, text: true },
          ]
        : column === 'users_count'
          ? [{ key: (g: GroupRow) => m.activeByGroup.count(g.id), text: false }]
          : column === 'id'
            ? [{ key: (g: GroupRow) => g.id, text: false }]
            : [{ key: (g: GroupRow) => (column === 'name' ? g.name : g.created_at), text: true }];
    const page = listSmall(m.groups.values(), input, {
      search: (s) => textSearch<GroupRow>(s, (g) => [[g.name], [g.created_at, true], [g.notes]]),
      filters: [['name', (g) => g.name]],
      sort: sortKeys,
    });
    return json({ total: page.total, rows: page.rows.map((g) => transformGroup(req.render, g, m.activeByGroup.count(g.id))) });
  }

  show(req: Req, raw: string): Reply {
    if (!req.caller.superuser) return forbidden(req.negotiation);
    const g = this.model.groups.get(mysqlId(raw) ?? 0);
    if (!g) return modelNotFound(req.negotiation, 'Group', GROUPS_WEB_INDEX);
    // findOrFail() loads no users_count
    return json(transformGroup(req.render, g, 0));
  }

  async store(req: Req): Promise<Reply> {
    if (!req.caller.superuser) return forbidden(req.negotiation);
    const input = req.input.all;
    // json_encode($request->input('permissions', $defaults)): a JSON string is stored as a string
    // literal, which decodes to no permissions at all
    const raw = get(input, 'permissions');
    const permissions = raw === undefined ? defaultPermissions() : typeof raw === 'string' ? null : permissionsOf(raw);
    return this.save(req, undefined, get(input, 'name') ?? null, get(input, 'notes') ?? null, permissions, MSG.groupCreated);
  }

  async update(req: Req, raw: string): Promise<Reply> {
    if (!req.caller.superuser) return forbidden(req.negotiation);
    const g = this.model.groups.get(mysqlId(raw) ?? 0);
    if (!g) return modelNotFound(req.negotiation, 'Group', GROUPS_WEB_INDEX);
    const input = req.input.all;
    // name, notes and permissions are all replaced by what the request has (absent = null)
    return this.save(req, g, get(input, 'name') ?? null, get(input, 'notes') ?? null, permissionsOf(get(input, 'permissions')), MSG.groupUpdated);
  }

  async destroy(req: Req, raw: string): Promise<Reply> {
    if (!req.caller.superuser) return forbidden(req.negotiation);
    const g = this.model.groups.get(mysqlId(raw) ?? 0);
    if (!g) return modelNotFound(req.negotiation, 'Group', GROUPS_WEB_INDEX);
    this.model.groups.delete(g.id);
    // the pivot rows would point at nothing; drop them so an id is never shared by two groups
    for (const u of this.model.users.toArray()) {
      if (!u.groups?.includes(g.id)) continue;
      const rest = u.groups.filter((id) => id !== g.id);
      const { groups: _old, ...row } = u;
      this.model.users.put(rest.length ? { ...row, groups: rest } : row);
    }
    await this.env.db.commit();
    return envelope('success', null, MSG.groupDeleted);
  }

  /** The Group model's rules (name required, 2–255 characters, unique), then the save. */
  private async save(req: Req, existing: GroupRow | undefined, name: InputValue, notes: InputValue, permissions: Permissions | null, message: string): Promise<Reply> {
    const errors: string[] = [];
    const missing = name === null || (typeof name === 'string' && name.trim() === '') || (Array.isArray(name) && name.length === 0);
    if (missing) errors.push('The name field is required.');
    else {
      if (typeof name === 'object') throw new StoreFailure('Array to string conversion (name)');
      const text = String(typeof name === 'boolean' ? (name ? '1' : '') : name);
      const length = [...text].length;
      if (length < 2) errors.push('The name field must be at least 2 characters.');
      if (length > 255) errors.push('The name field must not be greater than 255 characters.');
      const folded = fold(text);
      for (const other of this.model.groups.values()) {
        if (other.id !== existing?.id && fold(other.name) === folded) {
          errors.push('The name has already been taken.');
          break;
        }
      }
    }
    if (errors.length) return envelope('error', null, { name: errors });
    if (notes !== null && typeof notes === 'object') throw new StoreFailure('Array to string conversion (notes)');
    const now = sqlDateTime(req.now);
    const id = existing?.id ?? this.nextId();
    const row: GroupRow = {
      id,
      name: String(typeof name === 'boolean' ? (name ? '1' : '') : name),
      permissions,
      notes: notes === null ? null : String(notes),
      created_by: existing ? existing.created_by : req.caller.user.id,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
    this.model.groups.put(row);
    if (!existing) this.env.db.setMeta('groupAutoIncrement', id);
    await this.env.db.commit();
    return envelope('success', transformGroup(req.render, row, 0), message);
  }

  /** AUTO_INCREMENT: ids of deleted groups are not handed out again, even after a restart. */
  private nextId(): number {
    return Math.max(this.model.groups.nextId(), (this.env.db.getMeta<number>('groupAutoIncrement') ?? 0) + 1);
  }
}


