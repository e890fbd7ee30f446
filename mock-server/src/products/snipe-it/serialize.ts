import type { Caller } from './auth.js';
import { ASSET_MODELS, byId, CATEGORIES, MANUFACTURERS, STATUS_LABELS } from './catalog.js';
import { inlineMarkdown } from './markdown.js';
import type { AccessoryRow, AssetRow, CheckoutRow, CompanyRow, DepartmentRow, GroupRow, LicenseRow, LocationRow, Permissions, SeatRow, SnipeModel, UserRow } from './model.js';
import { e, eOrNull } from './php.js';

/** What a transformer needs besides the record: lookups, the caller (available_actions) and APP_URL. */
export interface RenderContext {
  readonly model: SnipeModel;
  readonly caller: Caller;
  readonly appUrl: string;
  /** Now, for ages ("3 months ago"). */
  readonly now: Date;
}

export interface DateTimeObject {
  datetime: string;
  formatted: string;
}

/** `Helper::getFormattedDateObject($v, 'datetime')` with the default `Y-m-d` + `h:i A` formats. */
export function dateTime(value: string | null | undefined): DateTimeObject | null {
  if (!value) return null;
  const hour = Number(value.slice(11, 13));
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return { datetime: value, formatted: `${value.slice(0, 10)} ${String(h12).padStart(2, '0')}:${value.slice(14, 16)} ${hour < 12 ? 'AM' : 'PM'}` };
}

/** `Helper::getFormattedDateObject($v, 'date')`. */
export function dateOnly(value: string | null | undefined): { date: string; formatted: string } | null {
  if (!value) return null;
  const d = value.slice(0, 10);
  return { date: d, formatted: d };
}

/** `decodePermissions()`: the map, or `{}` when there is none. */
export function permissionsOut(p: Permissions | null | undefined): Permissions {
  return p ? { ...p } : {};
}

/** `number_format($cost, 2)`: "1,499.00". */
function currency(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  const [int, frac] = Math.abs(n).toFixed(2).split('.');
  return `${n < 0 ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** Carbon's `diffForHumans()` for a past date. */
function age(from: string, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 1000));
  const units: Array<[number, string]> = [
    [365 * 86400, 'year'],
    [30 * 86400, 'month'],
    [7 * 86400, 'week'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'} ago`;
  }
  return '0 seconds ago';
}

function named(row: { id: number; name: string } | undefined): { id: number; name: string } | null {
  return row ? { id: row.id, name: e(row.name) } : null;
}

/** `present()->fullName`: first and last name with a space between, whatever they are. */
export function fullName(u: UserRow): string {
  return `${u.first_name} ${u.last_name ?? ''}`;
}

/** `getFullNameAttribute()`: "First Last", or just "First" without a last name. */
export function displayName(u: UserRow): string {
  return u.last_name && u.last_name !== '0' ? `${u.first_name} ${u.last_name}` : u.first_name;
}

function createdBy(ctx: RenderContext, id: number | null | undefined): { id: number; name: string } | null {
  const u = id === null || id === undefined ? undefined : ctx.model.users.get(id);
  return u ? { id: u.id, name: e(fullName(u)) } : null;
}

/** The avatar URL: an uploaded/external avatar, else the install's default avatar. */
function avatar(u: UserRow, appUrl: string): string {
  if (u.avatar) return /^https?:\/\//.test(u.avatar) ? u.avatar : `${appUrl}/uploads/avatars/${e(u.avatar)}`;
  return `${appUrl}/uploads/default.png`;
}

export interface UserCounts {
  assets: number;
  licenses: number;
  accessories: number;
  consumables: number;
  managesUsers: number;
  managesLocations: number;
}

const NO_COUNTS: UserCounts = { assets: 0, licenses: 0, accessories: 0, consumables: 0, managesUsers: 0, managesLocations: 0 };

function countsOf(model: SnipeModel, id: number): UserCounts {
  return {
    assets: model.assetsByUser.count(id),
    licenses: model.seatsByUser.count(id),
    accessories: model.checkoutsByUser.count(id),
    consumables: 0,
    managesUsers: model.activeByManager.count(id),
    managesLocations: model.locationsByManager.count(id),
  };
}

/** `User::isDeletable()` as the caller sees it. */
export function isDeletable(ctx: RenderContext, u: UserRow): boolean {
  if (u.deleted_at) return false;
  if (!ctx.caller.can('users', 'delete')) return false;
  const c = countsOf(ctx.model, u.id);
  return c.assets === 0 && c.licenses === 0 && c.consumables === 0 && c.accessories === 0 && c.managesLocations === 0 && c.managesUsers === 0;
}

/**
 * UsersTransformer::transformUser. `withCounts` is true where the controller loads the counts
 * (index, show); elsewhere (me, create/update payloads, nested managers) they are all 0.
 */
export function transformUser(ctx: RenderContext, u: UserRow, withCounts: boolean): Record<string, unknown> {
  const m = ctx.model;
  const manager = m.activeUser(u.manager_id ?? undefined);
  const counts = withCounts ? countsOf(m, u.id) : NO_COUNTS;
  const deleted = !!u.deleted_at;
  const groups: Array<{ id: number; name: string }> = [];
  for (const gid of u.groups ?? []) {
    const g = m.groups.get(gid);
    if (g) groups.push({ id: g.id, name: e(g.name) });
  }
  const locale = u.locale === undefined ? 'en-US' : u.locale;
  return {
    id: u.id,
    avatar: e(avatar(u, ctx.appUrl)),
    name: e(displayName(u)),
    first_name: e(u.first_name),
    last_name: e(u.last_name),
    display_name: eOrNull(u.display_name),
    username: e(u.username),
    remote: u.remote === 1,
    locale: eOrNull(locale),
    employee_num: eOrNull(u.employee_num),
    manager: manager ? { id: manager.id, name: `${e(manager.first_name)} ${e(manager.last_name)}` } : null,
    jobtitle: eOrNull(u.jobtitle),
    vip: u.vip === 1,
    phone: eOrNull(u.phone),
    mobile: eOrNull(u.mobile),
    website: eOrNull(u.website),
    address: eOrNull(u.address),
    city: eOrNull(u.city),
    state: eOrNull(u.state),
    country: eOrNull(u.country),
    zip: eOrNull(u.zip),
    email: eOrNull(u.email),
    department: named(u.department_id ? m.departments.get(u.department_id) : undefined),
    location: named(u.location_id ? m.locations.get(u.location_id) : undefined),
    notes: inlineMarkdown(u.notes),
    permissions: permissionsOut(u.permissions),
    activated: u.activated === 1,
    autoassign_licenses: (u.autoassign_licenses ?? 1) === 1,
    ldap_import: u.ldap_import === 1,
    two_factor_enrolled: false,
    two_factor_optin: false,
    assets_count: counts.assets,
    licenses_count: counts.licenses,
    accessories_count: counts.accessories,
    consumables_count: counts.consumables,
    manages_users_count: counts.managesUsers,
    manages_locations_count: counts.managesLocations,
    company: named(u.company_id ? m.companies.get(u.company_id) : undefined),
    created_by: createdBy(ctx, u.created_by),
    created_at: dateTime(u.created_at),
    updated_at: dateTime(u.updated_at),
    start_date: dateOnly(u.start_date),
    end_date: dateOnly(u.end_date),
    last_login: dateTime(u.last_login),
    deleted_at: deleted ? dateTime(u.deleted_at) : null,
    available_actions: {
      update: ctx.caller.can('users', 'edit') && !deleted,
      delete: isDeletable(ctx, u),
      clone: ctx.caller.can('users', 'create') && !deleted,
      restore: ctx.caller.can('users', 'create') && deleted,
    },
    groups: groups.length ? { total: groups.length, rows: groups } : null,
  };
}

/** GroupsTransformer; `usersCount` is loaded on the index only. */
export function transformGroup(ctx: RenderContext, g: GroupRow, usersCount: number): Record<string, unknown> {
  return {
    id: g.id,
    name: e(g.name),
    permissions: permissionsOut(g.permissions),
    users_count: usersCount,
    notes: inlineMarkdown(g.notes),
    created_by: createdBy(ctx, g.created_by),
    created_at: dateTime(g.created_at),
    updated_at: dateTime(g.updated_at),
    available_actions: { update: ctx.caller.superuser, delete: ctx.caller.superuser },
  };
}

export interface CompanyCounts {
  assets: number;
  licenses: number;
  accessories: number;
  consumables: number;
  components: number;
  users: number;
}

export function companyCounts(m: SnipeModel, id: number): CompanyCounts {
  let licenses = 0;
  for (const l of m.licenses.values()) if (l.company_id === id) licenses++;
  return { assets: m.assetsByCompany.count(id), licenses, accessories: 0, consumables: 0, components: 0, users: m.activeByCompany.count(id) };
}

/** CompaniesTransformer; counts are loaded on the index only, but `delete` always checks the real ones. */
export function transformCompany(ctx: RenderContext, c: CompanyRow, shown: CompanyCounts | null): Record<string, unknown> {
  const real = companyCounts(ctx.model, c.id);
  const counts = shown ?? { assets: 0, licenses: 0, accessories: 0, consumables: 0, components: 0, users: 0 };
  const deletable = ctx.caller.can('companies', 'delete') && Object.values(real).every((n) => n === 0);
  return {
    id: c.id,
    name: e(c.name),
    phone: eOrNull(c.phone),
    fax: eOrNull(c.fax),
    email: eOrNull(c.email),
    image: null,
    assets_count: counts.assets,
    licenses_count: counts.licenses,
    accessories_count: counts.accessories,
    consumables_count: counts.consumables,
    components_count: counts.components,
    users_count: counts.users,
    created_by: createdBy(ctx, c.created_by),
    notes: inlineMarkdown(c.notes),
    created_at: dateTime(c.created_at),
    updated_at: dateTime(c.updated_at),
    available_actions: { update: ctx.caller.can('companies', 'edit'), delete: deletable },
  };
}

/** DepartmentsTransformer; `users_count` goes through `e()`, so it is a string ("" on show). */
export function transformDepartment(ctx: RenderContext, d: DepartmentRow, usersCount: number | null): Record<string, unknown> {
  const m = ctx.model;
  const manager = m.activeUser(d.manager_id ?? undefined);
  return {
    id: d.id,
    name: e(d.name),
    phone: eOrNull(d.phone),
    fax: eOrNull(d.fax),
    image: null,
    company: named(d.company_id ? m.companies.get(d.company_id) : undefined),
    manager: manager ? { id: manager.id, name: e(displayName(manager)), first_name: e(manager.first_name), last_name: e(manager.last_name) } : null,
    location: named(d.location_id ? m.locations.get(d.location_id) : undefined),
    users_count: usersCount === null ? '' : String(usersCount),
    notes: inlineMarkdown(d.notes),
    created_at: dateTime(d.created_at),
    updated_at: dateTime(d.updated_at),
    available_actions: { update: ctx.caller.can('departments', 'edit'), delete: ctx.caller.can('departments', 'delete') && !usersCount },
  };
}

export interface LocationCounts {
  accessories: number;
  assignedAccessories: number;
  assignedAssets: number;
  assets: number;
  rtdAssets: number;
  users: number;
}

export function locationCounts(m: SnipeModel, id: number, withAccessories: boolean): LocationCounts {
  let accessories = 0;
  if (withAccessories) for (const a of m.accessories.values()) if (a.location_id === id) accessories++;
  return {
    accessories,
    assignedAccessories: 0,
    assignedAssets: 0,
    assets: m.assetsByLocation.count(id),
    rtdAssets: m.assetsByDefaultLocation.count(id),
    users: m.activeByLocation.count(id),
  };
}

/**
 * LocationsTransformer. `full` is the index's select; the show query selects fewer columns, so
 * there phone, fax, ldap_ou and company come out null and the accessory counts 0.
 */
export function transformLocation(ctx: RenderContext, l: LocationRow, full: boolean): Record<string, unknown> {
  const m = ctx.model;
  const counts = locationCounts(m, l.id, full);
  const parent = l.parent_id ? m.locations.get(l.parent_id) : undefined;
  const manager = m.activeUser(l.manager_id ?? undefined);
  const children: Array<{ id: number; name: string }> = [];
  for (const child of m.locations.values()) if (child.parent_id === l.id) children.push({ id: child.id, name: child.name });
  const deletable =
    ctx.caller.can('locations', 'delete') && counts.assets === 0 && counts.assignedAssets === 0 && children.length === 0 && counts.accessories === 0 && counts.users === 0;
  return {
    id: l.id,
    name: e(l.name),
    image: null,
    address: eOrNull(l.address),
    address2: eOrNull(l.address2),
    city: eOrNull(l.city),
    state: eOrNull(l.state),
    country: eOrNull(l.country),
    zip: eOrNull(l.zip),
    phone: full ? eOrNull(l.phone) : null,
    fax: full ? eOrNull(l.fax) : null,
    accessories_count: counts.accessories,
    assigned_accessories_count: counts.assignedAccessories,
    assigned_assets_count: counts.assignedAssets,
    assets_count: counts.assets,
    rtd_assets_count: counts.rtdAssets,
    users_count: counts.users,
    currency: eOrNull(l.currency),
    ldap_ou: full ? eOrNull(l.ldap_ou) : null,
    notes: inlineMarkdown(l.notes),
    created_at: dateTime(l.created_at),
    updated_at: dateTime(l.updated_at),
    parent: named(parent),
    manager: manager ? transformUser(ctx, manager, false) : null,
    company: full ? named(l.company_id ? m.companies.get(l.company_id) : undefined) : null,
    children,
    available_actions: {
      update: ctx.caller.can('locations', 'edit'),
      delete: deletable,
      bulk_selectable: { delete: deletable },
      clone: ctx.caller.can('locations', 'create'),
    },
  };
}

/** AssetsTransformer, for an asset checked out to a user. */
export function transformAsset(ctx: RenderContext, a: AssetRow): Record<string, unknown> {
  const m = ctx.model;
  const model = byId(ASSET_MODELS, a.model_id);
  const status = byId(STATUS_LABELS, a.status_id);
  const holder = a.assigned_to ? m.users.get(a.assigned_to) : undefined;
  const caller = ctx.caller;
  const may = (perm: string) => caller.hasAccess('admin') || caller.hasAccess(`assets.${perm}`);
  return {
    id: a.id,
    name: e(a.name),
    asset_tag: e(a.asset_tag),
    serial: e(a.serial),
    model: named(model),
    byod: false,
    requestable: false,
    model_number: model ? e(model.model_number) : null,
    eol: null,
    asset_eol_date: null,
    status_label: status ? { id: status.id, name: e(status.name), status_type: status.type, status_meta: a.assigned_to ? 'deployed' : status.type } : null,
    category: named(model ? byId(CATEGORIES, model.category_id) : undefined),
    manufacturer: named(model ? byId(MANUFACTURERS, model.manufacturer_id) : undefined),
    supplier: null,
    notes: null,
    order_number: null,
    company: named(a.company_id ? m.companies.get(a.company_id) : undefined),
    location: named(a.location_id ? m.locations.get(a.location_id) : undefined),
    rtd_location: named(a.rtd_location_id ? m.locations.get(a.rtd_location_id) : undefined),
    image: null,
    qr: null,
    alt_barcode: null,
    assigned_to: holder
      ? {
          id: holder.id,
          username: e(holder.username),
          name: e(displayName(holder)),
          first_name: e(holder.first_name),
          last_name: eOrNull(holder.last_name),
          email: eOrNull(holder.email),
          employee_number: eOrNull(holder.employee_num),
          type: 'user',
        }
      : null,
    warranty_months: null,
    warranty_expires: null,
    created_by: createdBy(ctx, a.created_by),
    created_at: dateTime(a.created_at),
    updated_at: dateTime(a.updated_at),
    last_audit_date: null,
    next_audit_date: null,
    deleted_at: null,
    purchase_date: dateOnly(a.purchase_date),
    age: a.purchase_date ? age(a.purchase_date, ctx.now) : '',
    last_checkout: dateTime(a.last_checkout),
    last_checkin: null,
    expected_checkin: null,
    purchase_cost: currency(a.purchase_cost),
    checkin_counter: 0,
    checkout_counter: 0,
    requests_counter: 0,
    user_can_checkout: !a.assigned_to && status?.type === 'deployable',
    book_value: currency(a.purchase_cost),
    custom_fields: {},
    available_actions: {
      checkout: may('checkout'),
      checkin: may('checkin'),
      clone: may('create'),
      restore: false,
      update: may('edit'),
      audit: may('audit'),
      delete: !a.assigned_to && may('delete'),
    },
  };
}

/** LicensesTransformer for one seat a user holds (seat counts are not loaded on this path). */
export function transformLicense(ctx: RenderContext, l: LicenseRow): Record<string, unknown> {
  const caller = ctx.caller;
  const may = (perm: string) => caller.hasAccess('admin') || caller.hasAccess(`licenses.${perm}`);
  return {
    id: l.id,
    name: e(l.name),
    company: named(l.company_id ? ctx.model.companies.get(l.company_id) : undefined),
    manufacturer: named(byId(MANUFACTURERS, l.manufacturer_id)),
    product_key: may('keys') ? e(l.serial) : '------------',
    order_number: null,
    purchase_order: null,
    purchase_date: dateOnly(l.purchase_date),
    termination_date: null,
    depreciation: null,
    purchase_cost: currency(l.purchase_cost),
    purchase_cost_numeric: l.purchase_cost ?? null,
    notes: null,
    expiration_date: dateOnly(l.expiration_date),
    seats: l.seats,
    free_seats_count: 0,
    remaining: 0,
    min_amt: null,
    license_name: null,
    license_email: eOrNull(l.license_email),
    reassignable: l.reassignable === 1,
    maintained: l.maintained === 1,
    supplier: null,
    category: named(byId(CATEGORIES, l.category_id)),
    created_by: createdBy(ctx, l.created_by),
    created_at: dateTime(l.created_at),
    updated_at: dateTime(l.updated_at),
    deleted_at: null,
    user_can_checkout: false,
    available_actions: { checkout: may('checkout'), checkin: may('checkout'), clone: may('create'), update: may('edit'), delete: false },
  };
}

/** AccessoriesTransformer for an accessory a user holds (`checkouts_count` is not loaded here). */
export function transformAccessory(ctx: RenderContext, a: AccessoryRow): Record<string, unknown> {
  const caller = ctx.caller;
  const may = (perm: string) => caller.hasAccess('admin') || caller.hasAccess(`accessories.${perm}`);
  return {
    id: a.id,
    name: e(a.name),
    image: null,
    company: null,
    manufacturer: named(byId(MANUFACTURERS, a.manufacturer_id)),
    supplier: null,
    model_number: eOrNull(a.model_number),
    category: named(byId(CATEGORIES, a.category_id)),
    location: named(a.location_id ? ctx.model.locations.get(a.location_id) : undefined),
    notes: null,
    qty: a.qty || null,
    purchase_date: dateOnly(a.purchase_date),
    purchase_cost: currency(a.purchase_cost),
    order_number: null,
    min_qty: null,
    min_amt: null,
    remaining_qty: a.qty,
    remaining: a.qty,
    checkouts_count: null,
    created_by: createdBy(ctx, a.created_by),
    created_at: dateTime(a.created_at),
    updated_at: dateTime(a.updated_at),
    available_actions: { checkout: may('checkout'), checkin: false, update: may('edit'), delete: false, clone: may('create') },
    user_can_checkout: a.qty > 0,
  };
}

/** The seats and checkouts a user holds, in the order the relations load them. */
export function heldLicenses(m: SnipeModel, userId: number): LicenseRow[] {
  const seats: SeatRow[] = [...m.seatsByUser.get(userId)].sort((a, b) => a.id - b.id);
  return seats.map((s) => m.licenses.get(s.license_id)).filter((l): l is LicenseRow => !!l);
}

export function heldAccessories(m: SnipeModel, userId: number): AccessoryRow[] {
  const rows: CheckoutRow[] = [...m.checkoutsByUser.get(userId)].sort((a, b) => a.accessory_id - b.accessory_id || a.id - b.id);
  return rows.map((c) => m.accessories.get(c.accessory_id)).filter((a): a is AccessoryRow => !!a);
}
