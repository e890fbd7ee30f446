import { leaseAnswer, returnAnswer } from '../../http/answer-leases.js';
import { Lru } from '../../lru.js';
import { hashPassword } from '../../passwords.js';
import { sqlDateTime } from '../../sql-date-time.js';
import type { ProductEnv } from '../product.js';
import { ASSET_MODELS } from './catalog.js';
import { DELETE_REFUSALS, MSG } from './constants.js';
import type { Req } from './context.js';
import { forbidden, modelNotFound, validationFailed } from './errors.js';
import { encodedJson, envelope, json, jsonText, type Reply } from './http.js';
import { filled, get, has, listOf, scalar } from './input.js';
import { likeMatcher, paging } from './listing.js';
import type { SnipeModel, UserRow } from './model.js';
import { compareText, foldLike, isNumericString, mysqlId } from './php.js';
import { heldAccessories, heldLicenses, transformAccessory, transformAsset, transformLicense, transformUser } from './serialize.js';
import { attributesOf, companyFromInput, fill, groupIdsFromInput, looselyEquals, NO_PASSWORD, permissionsFromInput, sameRow, toRow } from './user-form.js';
import type { UserQuery } from './users-query.js';
import { userJson } from './user-json.js';
import { groupRules, modelRules, requestRules } from './validation.js';

const USERS_WEB_INDEX = '/users';

function count(n: number, [one, many]: readonly [string, string]): string {
  return n === 1 ? one : many.replace(':count', String(n));
}

/** Bodies of list pages larger than this are not kept (the cache stays a few megabytes). */
const CACHED_PAGE_BYTES = 256 * 1024;
/** All cached list pages together (a page of 50 users is about 70 kB). */
const CACHED_PAGES_BYTES = 8 * 1024 * 1024;
/** Rendered users kept for GET /users/{id} (about 1.5 kB each). */
const SHOWN_USERS = 2048;

/** Api\UsersController. */
export class UsersApi {
  /** Rendered list pages of the data's current version, keyed by the caller, APP_URL and the parameters. */
  // a kept page holds a lease on its bytes (answer-leases.ts): they go back to the kernel when it leaves
  private readonly pages = new Lru<string, string | Uint8Array>({
    entries: 512,
    weight: CACHED_PAGES_BYTES,
    weigh: (_key, body) => body.length,
    onDrop: (_key, body) => {
      if (typeof body !== 'string') returnAnswer(body);
    },
    product: 'snipe-it',
  });
  /** Recently shown users' bodies, valid for one data version, caller and APP_URL (`shownFor`). */
  private shown = new Map<UserRow, string | Uint8Array>();
  private shownFor = '';

  constructor(
    private readonly model: SnipeModel,
    private readonly query: UserQuery,
    private readonly env: ProductEnv,
  ) {}

  /** GET /users */
  index(req: Req): Reply {
    if (!req.caller.can('users', 'view')) return forbidden(req.negotiation);
    // pages of older data can never be asked for again: they go as soon as the data changes
    this.pages.keepOnly(this.model.version);
    const key = `${req.caller.user.id}|${req.render.appUrl}|${JSON.stringify(req.input.all)}`;
    const hit = this.pages.get(key);
    if (hit !== undefined) return encodedJson(hit);
    const all = this.query.run(req.input.all);
    const { offset, limit } = paging(req.input.all, all.length);
    const end = Math.min(all.length, offset + limit);
    let body = `{"total":${all.length},"rows":[`;
    for (let i = offset; i < end; i++) body += (i > offset ? ',' : '') + userJson(req.render, all.row(i), true);
    const reply = jsonText(`${body}]}`);
    if (reply.body.length <= CACHED_PAGE_BYTES && this.pages.set(key, reply.body) && typeof reply.body !== 'string') leaseAnswer(reply.body);
    return reply;
  }

  /** GET /users/{id}: soft-deleted users are not found here. */
  show(req: Req, raw: string): Reply {
    if (!req.caller.can('users', 'view')) return forbidden(req.negotiation);
    const user = this.model.activeUser(mysqlId(raw));
    if (!user) return envelope('error', null, MSG.userNotFound);
    const generation = `${this.model.version}|${req.caller.user.id}|${req.render.appUrl}`;
    if (generation !== this.shownFor) {
      this.shown = new Map();
      this.shownFor = generation;
    }
    const hit = this.shown.get(user);
    if (hit !== undefined) return encodedJson(hit);
    const reply = jsonText(userJson(req.render, user, true));
    if (this.shown.size >= SHOWN_USERS) this.shown.clear();
    this.shown.set(user, reply.body);
    return reply;
  }

  /** GET /users/me: the token's owner, loaded without counts. */
  me(req: Req): Reply {
    return json(transformUser(req.render, req.caller.user, false));
  }

  /** POST /users */
  async store(req: Req): Promise<Reply> {
    const input = req.input.all;
    const invalid = requestRules('POST', input, this.model);
    if (invalid) return validationFailed(req.negotiation, invalid);
    if (!req.caller.can('users', 'create')) return forbidden(req.negotiation);

    const attrs = fill(Object.create(null), input);
    attrs.company_id = companyFromInput(get(input, 'company_id'));
    const password = filled(input, 'password') ? String(scalar(get(input, 'password'))) : undefined;
    attrs.password = password === undefined ? NO_PASSWORD : password;
    const errors = modelRules(attrs, undefined, this.model);
    if (errors) return envelope('error', null, errors);
    const permissions = has(input, 'permissions') ? permissionsFromInput(input.permissions, req.caller.superuser) : null;
    const groups = filled(input, 'groups') ? groupIdsFromInput(input.groups, this.model) : [];

    const now = sqlDateTime(req.now);
    const base = { id: this.model.users.nextId(), created_at: now, updated_at: now, created_by: req.caller.user.id };
    // coerce once before hashing: a value the database would refuse fails the request untouched
    toRow(base, attrs, { permissions, groups });
    if (password !== undefined) {
      attrs.password = await hashPassword(password);
      // another request may have taken the username while the hash was computed
      const late = modelRules(attrs, undefined, this.model);
      if (late) return envelope('error', null, late);
    }
    const row = toRow({ ...base, id: this.model.users.nextId() }, attrs, { permissions, groups });
    this.model.users.put(row);
    await this.env.db.commit();

    // the payload is the in-memory model: unsent columns have not been read back with their defaults
    const shown: UserRow = {
      ...row,
      locale: has(input, 'locale') ? (row.locale === undefined ? 'en-US' : row.locale) : null,
      autoassign_licenses: has(input, 'autoassign_licenses') ? (row.autoassign_licenses ?? 1) : 0,
    };
    return envelope('success', transformUser(req.render, shown, false), MSG.userCreated);
  }

  /** PUT/PATCH /users/{id} */
  async update(req: Req, raw: string, method: 'PUT' | 'PATCH'): Promise<Reply> {
    const target = this.model.activeUser(mysqlId(raw));
    if (!target) return modelNotFound(req.negotiation, 'User', USERS_WEB_INDEX);
    const input = req.input.all;
    const invalid = requestRules(method, input, this.model);
    if (invalid) return validationFailed(req.negotiation, invalid);
    if (!req.caller.can('users', 'edit')) return forbidden(req.negotiation);

    if (looselyEquals(target.id, get(input, 'manager_id'))) return envelope('error', null, MSG.ownManager);
    const password = filled(input, 'password') ? String(scalar(get(input, 'password'))) : undefined;
    const syncGroups = has(input, 'groups') && req.caller.superuser;
    const updatedAt = sqlDateTime(req.now);
    /** The row `current` becomes with this request's fields (or the model's validation errors). */
    const build = (current: UserRow, storedPassword: string | undefined): { error: Reply } | { row: UserRow } => {
      const attrs = fill(attributesOf(current), input);
      if (filled(input, 'company_id')) attrs.company_id = companyFromInput(input.company_id);
      if (storedPassword !== undefined) attrs.password = storedPassword;
      const errors = modelRules(attrs, current.id, this.model);
      if (errors) return { error: envelope('error', null, errors) };
      const permissions = has(input, 'permissions') ? permissionsFromInput(input.permissions, req.caller.superuser) : (current.permissions ?? null);
      const groups = syncGroups ? groupIdsFromInput(input.groups, this.model) : [...(current.groups ?? [])];
      const base = { id: current.id, created_at: current.created_at, updated_at: updatedAt, created_by: current.created_by, last_login: current.last_login };
      const row = toRow(base, attrs, { permissions, groups });
      // an unchanged model is not saved, so its updated_at stays
      return { row: sameRow(row, current) ? { ...row, updated_at: current.updated_at } : row };
    };
    // validates and coerces (a value the database would refuse fails here, untouched)
    const first = build(target, password === undefined ? undefined : NO_PASSWORD);
    if ('error' in first) return first.error;
    // Snipe-IT checks `groups` only after saving the user; the mock checks first so a refused
    // request changes nothing (the answer is the same)
    if (syncGroups) {
      const bad = groupRules(input.groups, this.model);
      if (bad) return envelope('error', null, bad);
    }
    let row = first.row;
    if (password !== undefined) {
      const hash = await hashPassword(password);
      // the row may have changed while the hash was computed: apply the request to what is there now
      const current = this.model.activeUser(target.id);
      if (!current) return modelNotFound(req.negotiation, 'User', USERS_WEB_INDEX);
      const again = build(current, hash);
      if ('error' in again) return again.error;
      row = again.row;
    }
    if (has(input, 'location_id')) {
      // the user's checked-out assets move with them
      const location = row.location_id ?? null;
      for (const asset of [...this.model.assetsByUser.get(target.id)]) {
        if (asset.location_id !== location) this.model.assets.put({ ...asset, location_id: location });
      }
    }
    this.model.users.put(row);
    await this.env.db.commit();
    return envelope('success', transformUser(req.render, row, false), MSG.userUpdated);
  }

  /** DELETE /users/{id}: DeleteUserRequest's refusals, then a soft delete. */
  async destroy(req: Req, raw: string): Promise<Reply> {
    if (!req.caller.can('users', 'delete')) return forbidden(req.negotiation);
    const target = this.model.users.get(mysqlId(raw) ?? 0);
    if (target) {
      const refusals: Record<string, string[]> = {};
      const self = String(req.caller.user.id);
      if (raw === self || (isNumericString(raw) && Number(raw) === req.caller.user.id)) refusals.user = [MSG.deleteSelf];
      const h = this.model.holdings(target.id);
      if (h.managedUsers) refusals.managed_users = [count(h.managedUsers, DELETE_REFUSALS.managed_users)];
      if (h.managedLocations) refusals.managed_locations = [count(h.managedLocations, DELETE_REFUSALS.managed_locations)];
      if (h.assets) refusals.assigned_assets = [count(h.assets, DELETE_REFUSALS.assigned_assets)];
      if (h.licenses) refusals.assigned_licenses = [count(h.licenses, DELETE_REFUSALS.assigned_licenses)];
      if (h.accessories) refusals.assigned_accessories = [count(h.accessories, DELETE_REFUSALS.assigned_accessories)];
      if (target.deleted_at) refusals.deleted_at = [MSG.deletedWarning];
      if (Object.keys(refusals).length) return validationFailed(req.negotiation, refusals, `${req.negotiation.appUrl}${USERS_WEB_INDEX}`);
    } else return envelope('error', null, MSG.userNotFound);

    const now = sqlDateTime(req.now);
    this.model.users.put({ ...target, deleted_at: now, updated_at: now });
    await this.env.db.commit();
    return envelope('success', null, MSG.userDeleted);
  }

  /** POST /users/{id}/restore */
  async restore(req: Req, raw: string): Promise<Reply> {
    if (!req.caller.can('users', 'delete')) return forbidden(req.negotiation);
    const target = this.model.users.get(mysqlId(raw) ?? 0);
    if (!target) return envelope('error', null, MSG.userNotFound);
    // the policy's delete() refuses items already deleted, unless the caller is an admin
    if (!req.caller.hasAccess('admin') && target.deleted_at) return forbidden(req.negotiation);
    if (!target.deleted_at) return envelope('error', MSG.userNotDeleted, null);
    // restore() saves the model, so its rules run again: a username taken meanwhile makes it fail
    if (modelRules({ ...attributesOf(target) }, target.id, this.model)) return envelope('error', null, MSG.userNotFound);
    const { deleted_at: _gone, ...rest } = target;
    this.model.users.put({ ...rest, updated_at: sqlDateTime(req.now) });
    await this.env.db.commit();
    return envelope('success', null, MSG.userRestored);
  }

  /** GET /users/{id}/assets (deleted users included; optional category_id and model_id filters). */
  assets(req: Req, raw: string): Reply {
    const c = req.caller;
    if (!c.can('users', 'view') || !c.can('assets', 'view')) return forbidden(req.negotiation);
    const target = this.model.users.get(mysqlId(raw) ?? 0);
    if (!target) return envelope('error', null, MSG.userNotFound);
    const input = req.input.all;
    let assets = [...this.model.assetsByUser.get(target.id)].sort((a, b) => a.id - b.id);
    if (filled(input, 'category_id')) {
      const category = mysqlId(scalar(get(input, 'category_id')));
      assets = assets.filter((a) => ASSET_MODELS.find((m) => m.id === a.model_id)?.category_id === category);
    }
    if (filled(input, 'model_id')) {
      const models = new Set(listOf(get(input, 'model_id')).map((v) => mysqlId(v)));
      assets = assets.filter((a) => models.has(a.model_id));
    }
    return json({ total: assets.length, rows: assets.map((a) => transformAsset(req.render, a)) });
  }

  /** GET /users/{id}/licenses: one row per seat held; needs users.edit on top of the view rights. */
  licenses(req: Req, raw: string): Reply {
    const c = req.caller;
    if (!c.can('users', 'view') || !c.can('licenses', 'view')) return forbidden(req.negotiation);
    const target = this.model.users.get(mysqlId(raw) ?? 0);
    if (!target) return envelope('error', null, MSG.userNotFound);
    if (!c.can('users', 'edit')) return forbidden(req.negotiation);
    const rows = heldLicenses(this.model, target.id).map((l) => transformLicense(req.render, l));
    return json({ total: rows.length, rows });
  }

  /** GET /users/{id}/accessories: `findOrFail`, so deleted or unknown users are "User not found". */
  accessories(req: Req, raw: string): Reply {
    const c = req.caller;
    if (!c.can('users', 'view')) return forbidden(req.negotiation);
    const target = this.model.activeUser(mysqlId(raw));
    if (!target) return modelNotFound(req.negotiation, 'User', USERS_WEB_INDEX);
    if (!c.can('accessories', 'view')) return forbidden(req.negotiation);
    const rows = heldAccessories(this.model, target.id).map((a) => transformAccessory(req.render, a));
    return json({ total: rows.length, rows });
  }

  /** GET /users/selectlist: the select2 list (no permission needed), 50 a page by last, first name. */
  selectlist(req: Req): Reply {
    const input = req.input.all;
    const match = filled(input, 'search') ? likeMatcher(String(scalar(get(input, 'search')))) : undefined;
    const like = (v: string | null | undefined) => !!v && match!(foldLike(v));
    const matches: UserRow[] = [];
    for (const u of this.model.users.values()) {
      if (u.deleted_at) continue;
      if (match !== undefined) {
        const full = u.last_name === null || u.last_name === undefined ? null : `${u.first_name} ${u.last_name}`;
        if (!(like(u.first_name) || like(u.last_name) || like(full) || like(u.username) || like(u.email) || like(u.employee_num))) continue;
      }
      matches.push(u);
    }
    matches.sort((a, b) => compareText(a.last_name, b.last_name) || compareText(a.first_name, b.first_name) || a.id - b.id);
    const pageInput = scalar(get(input, 'page'));
    const page = typeof pageInput === 'string' && /^\d+$/.test(pageInput) && Number(pageInput) >= 1 ? Number(pageInput) : typeof pageInput === 'number' && Number.isInteger(pageInput) && pageInput >= 1 ? pageInput : 1;
    const perPage = 50;
    const lastPage = Math.max(1, Math.ceil(matches.length / perPage));
    const results = matches.slice((page - 1) * perPage, page * perPage).map((u) => {
      let text = u.last_name ? `${u.last_name}, ` : '';
      text += u.first_name;
      if (u.username) text += ` (${u.username})`;
      if (u.employee_num) text += ` - #${u.employee_num}`;
      return { id: u.id, text, image: `${req.render.appUrl}/uploads/default.png` };
    });
    return json({
      results,
      pagination: { more: page < lastPage, per_page: perPage },
      total_count: matches.length,
      page,
      page_count: lastPage,
    });
  }

  /** POST /users/{id}/email: mails the user their inventory. */
  email(req: Req, raw: string): Reply {
    if (!req.caller.can('users', 'edit')) return forbidden(req.negotiation);
    const target = this.model.activeUser(mysqlId(raw));
    if (!target) return envelope('error', null, MSG.userNotFound);
    if (!target.email) return envelope('error', null, MSG.noEmail);
    return envelope('success', null, MSG.inventoryMailed);
  }

  /** POST /users/two_factor_reset */
  twoFactorReset(req: Req): Reply {
    if (!req.caller.can('users', 'edit')) return forbidden(req.negotiation);
    const input = req.input.all;
    if (!filled(input, 'id')) return json({ message: MSG.noIdProvided }, 500);
    const target = this.model.users.get(mysqlId(scalar(get(input, 'id'))) ?? 0);
    if (!target) return json({ message: MSG.twoFactorResetFailed }, 500);
    return json({ message: MSG.twoFactorReset });
  }
}
