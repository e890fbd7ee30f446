import { inlineMarkdown } from './markdown.js';
import type { UserRow } from './model.js';
import { e, eOrNull, phpEscaped } from './php.js';
import { displayName, fullName, type RenderContext } from './serialize.js';

/**
 * `phpJson(transformUser(ctx, u, withCounts))` without building the object: the key order and
 * constant parts are written once here and only the row's values are encoded. The reference
 * (serialize.ts) stays the specification; a test compares both byte for byte.
 */

const NEEDS_PHP_ESCAPE = /[/\u0080-\uffff]/;
/** Text that `json_encode` writes as it is, between quotes (no quote, backslash, control, slash or non-ASCII character). */
const WRITTEN_AS_IS = /^[^"\\\u0000-\u001f/\u0080-\uffff]*$/;

/** A string as `json_encode` writes it (`\/`, `\uXXXX` beyond ASCII). */
export function phpString(s: string): string {
  // most values are plain ASCII: quoting them skips JSON.stringify's copy and the escape test on it
  if (WRITTEN_AS_IS.test(s)) return `"${s}"`;
  const j = JSON.stringify(s);
  return NEEDS_PHP_ESCAPE.test(j) ? phpEscaped(j) : j;
}

function stringOrNull(s: string | null): string {
  return s === null ? 'null' : phpString(s);
}

function named(row: { id: number; name: string } | undefined): string {
  return row ? `{"id":${row.id},"name":${phpString(e(row.name))}}` : 'null';
}

function dateTimeJson(value: string | null | undefined): string {
  if (!value) return 'null';
  const hour = Number(value.slice(11, 13));
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const formatted = `${value.slice(0, 10)} ${String(h12).padStart(2, '0')}:${value.slice(14, 16)} ${hour < 12 ? 'AM' : 'PM'}`;
  return `{"datetime":${phpString(value)},"formatted":${phpString(formatted)}}`;
}

function dateOnlyJson(value: string | null | undefined): string {
  if (!value) return 'null';
  const d = phpString(value.slice(0, 10));
  return `{"date":${d},"formatted":${d}}`;
}

function avatarUrl(u: UserRow, appUrl: string): string {
  if (u.avatar) return /^https?:\/\//.test(u.avatar) ? u.avatar : `${appUrl}/uploads/avatars/${e(u.avatar)}`;
  return `${appUrl}/uploads/default.png`;
}

/** The caller's rights that `available_actions` shows, looked up once per request. */
interface Rights {
  edit: boolean;
  create: boolean;
  delete: boolean;
}

const rightsOf = new WeakMap<RenderContext, Rights>();

function rights(ctx: RenderContext): Rights {
  let r = rightsOf.get(ctx);
  if (!r) {
    r = { edit: ctx.caller.can('users', 'edit'), create: ctx.caller.can('users', 'create'), delete: ctx.caller.can('users', 'delete') };
    rightsOf.set(ctx, r);
  }
  return r;
}

/** The user object's JSON text. */
export function userJson(ctx: RenderContext, u: UserRow, withCounts: boolean): string {
  const m = ctx.model;
  const id = u.id;
  const deleted = !!u.deleted_at;
  const manager = m.activeUser(u.manager_id ?? undefined);
  const assets = m.assetsByUser.count(id);
  const licenses = m.seatsByUser.count(id);
  const accessories = m.checkoutsByUser.count(id);
  const managesUsers = m.activeByManager.count(id);
  const managesLocations = m.locationsByManager.count(id);
  const r = rights(ctx);
  const deletable = !deleted && r.delete && assets === 0 && licenses === 0 && accessories === 0 && managesLocations === 0 && managesUsers === 0;
  const locale = u.locale === undefined ? 'en-US' : u.locale;
  const creator = u.created_by === null || u.created_by === undefined ? undefined : m.users.get(u.created_by);
  let groups = '';
  let groupCount = 0;
  if (u.groups) {
    for (const gid of u.groups) {
      const g = m.groups.get(gid);
      if (!g) continue;
      groups += `${groupCount ? ',' : ''}{"id":${g.id},"name":${phpString(e(g.name))}}`;
      groupCount++;
    }
  }
  const perms = u.permissions ? JSON.stringify(u.permissions) : '{}';
  return (
    `{"id":${id},"avatar":${phpString(e(avatarUrl(u, ctx.appUrl)))},"name":${phpString(e(displayName(u)))},"first_name":${phpString(e(u.first_name))}` +
    `,"last_name":${phpString(e(u.last_name))},"display_name":${stringOrNull(eOrNull(u.display_name))},"username":${phpString(e(u.username))}` +
    `,"remote":${u.remote === 1},"locale":${stringOrNull(eOrNull(locale))},"employee_num":${stringOrNull(eOrNull(u.employee_num))}` +
    `,"manager":${manager ? `{"id":${manager.id},"name":${phpString(`${e(manager.first_name)} ${e(manager.last_name)}`)}}` : 'null'}` +
    `,"jobtitle":${stringOrNull(eOrNull(u.jobtitle))},"vip":${u.vip === 1},"phone":${stringOrNull(eOrNull(u.phone))},"mobile":${stringOrNull(eOrNull(u.mobile))}` +
    `,"website":${stringOrNull(eOrNull(u.website))},"address":${stringOrNull(eOrNull(u.address))},"city":${stringOrNull(eOrNull(u.city))}` +
    `,"state":${stringOrNull(eOrNull(u.state))},"country":${stringOrNull(eOrNull(u.country))},"zip":${stringOrNull(eOrNull(u.zip))},"email":${stringOrNull(eOrNull(u.email))}` +
    `,"department":${named(u.department_id ? m.departments.get(u.department_id) : undefined)},"location":${named(u.location_id ? m.locations.get(u.location_id) : undefined)}` +
    `,"notes":${stringOrNull(inlineMarkdown(u.notes))},"permissions":${NEEDS_PHP_ESCAPE.test(perms) ? phpEscaped(perms) : perms}` +
    `,"activated":${u.activated === 1},"autoassign_licenses":${(u.autoassign_licenses ?? 1) === 1},"ldap_import":${u.ldap_import === 1}` +
    `,"two_factor_enrolled":false,"two_factor_optin":false` +
    (withCounts
      ? `,"assets_count":${assets},"licenses_count":${licenses},"accessories_count":${accessories},"consumables_count":0,"manages_users_count":${managesUsers},"manages_locations_count":${managesLocations}`
      : ',"assets_count":0,"licenses_count":0,"accessories_count":0,"consumables_count":0,"manages_users_count":0,"manages_locations_count":0') +
    `,"company":${named(u.company_id ? m.companies.get(u.company_id) : undefined)}` +
    `,"created_by":${creator ? `{"id":${creator.id},"name":${phpString(e(fullName(creator)))}}` : 'null'}` +
    `,"created_at":${dateTimeJson(u.created_at)},"updated_at":${dateTimeJson(u.updated_at)},"start_date":${dateOnlyJson(u.start_date)}` +
    `,"end_date":${dateOnlyJson(u.end_date)},"last_login":${dateTimeJson(u.last_login)},"deleted_at":${deleted ? dateTimeJson(u.deleted_at) : 'null'}` +
    `,"available_actions":{"update":${r.edit && !deleted},"delete":${deletable},"clone":${r.create && !deleted},"restore":${r.create && deleted}}` +
    `,"groups":${groupCount ? `{"total":${groupCount},"rows":[${groups}]}` : 'null'}}`
  );
}
