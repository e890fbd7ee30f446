import { SEEDED_USER_PASSWORD } from '../../config.js';
import { deterministicSalt, hashPassword } from '../../passwords.js';
import type { Random } from '../../seed/random.js';
import { SEED_EPOCH, type Person } from '../../seed/roster.js';
import { COMPANIES, DEPARTMENTS, SITES, TEAMS } from '../../seed/vocabulary.js';
import { sqlDateTime } from '../../sql-date-time.js';
import type { Row } from '../../store/table.js';
import type { ProductSeed } from '../product.js';
import { ACCESSORY_PRODUCTS, ASSET_MODELS, LICENSE_PRODUCTS } from './catalog.js';
import { PERMISSION_KEYS } from './constants.js';
import { SEED_PASSWORD_META, type AccessoryRow, type AssetRow, type CheckoutRow, type CompanyRow, type DepartmentRow, type GroupRow, type LicenseRow, type LocationRow, type Permissions, type SeatRow, type UserRow } from './model.js';

const DAY = 86_400_000;
const YEAR = 365 * DAY;
/** The built-in superuser created by the setup wizard. */
export const ADMIN_ID = 1;
/** Roster person i is user i + PERSON_OFFSET. */
const PERSON_OFFSET = 2;
/** The "Admins" group; the team groups follow it. */
const ADMINS_GROUP = 1;
const CURRENCY: Record<string, string> = { DE: 'EUR', GB: 'GBP', FR: 'EUR', US: 'USD', IN: 'INR' };

/** Extra grants of each team's group (everything else is stored as 0, as the web form saves it). */
const TEAM_GRANTS: Record<(typeof TEAMS)[number], readonly string[]> = {
  Helpdesk: ['users.view', 'assets.view', 'assets.checkout', 'assets.checkin', 'accessories.view', 'accessories.checkout', 'accessories.checkin', 'licenses.view', 'licenses.checkout'],
  'Network Operations': ['assets.view', 'assets.edit', 'locations.view'],
  'Server Team': ['assets.view', 'assets.create', 'assets.edit', 'models.view'],
  Developers: ['self.api', 'self.two_factor', 'licenses.view'],
  Security: ['users.view', 'reports.view', 'assets.view', 'licenses.keys'],
  'Field Support': ['assets.view', 'assets.checkout', 'assets.checkin', 'self.checkout_assets', 'locations.view'],
  'Finance Team': ['reports.view', 'assets.view', 'licenses.view', 'depreciations.view', 'suppliers.view'],
  'HR Team': ['users.view', 'users.create', 'users.edit'],
  'Change Advisory Board': ['reports.view', 'assets.view', 'assets.audit'],
  'Service Owners': ['assets.view', 'licenses.view', 'accessories.view', 'consumables.view', 'components.view'],
};
const ADMIN_GRANTS = ['admin', 'reports.view', 'users.view', 'users.create', 'users.edit', 'users.delete'];

function permissionMap(grants: readonly string[]): Permissions {
  const map: Permissions = {};
  for (const key of PERMISSION_KEYS) map[key] = grants.includes(key) ? 1 : 0;
  return map;
}

/** `2024-05-02T09:15:00Z` → `2024-05-02 09:15:00`. */
function fromIso(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * A fresh Snipe-IT install (its setup-wizard superuser) holding the shared roster: companies,
 * locations (the sites), departments, permission groups (an admin group plus the teams), and
 * hardware, license seats and accessories checked out to some people.
 */
export async function seedSnipeIt(roster: readonly Person[], rng: Random): Promise<ProductSeed> {
  const hash = await hashPassword(SEEDED_USER_PASSWORD, deterministicSalt(`snipe-it:${SEEDED_USER_PASSWORD}`));
  const installed = sqlDateTime(new Date(SEED_EPOCH - 4 * YEAR));

  const companies: CompanyRow[] = COMPANIES.map((name, i) => ({ id: i + 1, name, created_by: ADMIN_ID, created_at: installed, updated_at: installed }));

  const locations: LocationRow[] = SITES.map((s, i) => {
    const manager = roster[i];
    return {
      id: i + 1,
      name: s.name,
      address: s.address,
      city: s.city,
      country: s.country,
      zip: s.zip,
      currency: CURRENCY[s.country],
      // the first people (the admins) run the first three sites, so they cannot simply be deleted
      manager_id: i < 3 && manager && !manager.deleted ? manager.index + PERSON_OFFSET : null,
      created_at: installed,
      updated_at: installed,
    };
  });

  const departmentHeads = new Map<number, number>();
  for (const p of roster) if (!p.deleted && !departmentHeads.has(p.department)) departmentHeads.set(p.department, p.index + PERSON_OFFSET);
  const departments: DepartmentRow[] = DEPARTMENTS.map((d, i) => ({
    id: i + 1,
    name: d.name,
    location_id: d.site + 1,
    manager_id: departmentHeads.get(i) ?? null,
    created_at: installed,
    updated_at: installed,
  }));

  const groups: GroupRow[] = [
    { id: ADMINS_GROUP, name: 'Admins', permissions: permissionMap(ADMIN_GRANTS), notes: 'IT administrators', created_by: ADMIN_ID, created_at: installed, updated_at: installed },
    ...TEAMS.map((name, i) => ({
      id: ADMINS_GROUP + 1 + i,
      name,
      permissions: permissionMap(TEAM_GRANTS[name]),
      created_by: ADMIN_ID,
      created_at: installed,
      updated_at: installed,
    })),
  ];

  const users: UserRow[] = [
    {
      id: ADMIN_ID,
      first_name: 'Admin',
      last_name: 'User',
      username: 'admin',
      email: 'admin@acme.example',
      permissions: { superuser: 1 },
      activated: 1,
      created_at: installed,
      updated_at: installed,
      last_login: sqlDateTime(new Date(SEED_EPOCH - 3_600_000)),
    },
  ];
  const assets: AssetRow[] = [];
  const seats: SeatRow[] = [];
  const checkouts: CheckoutRow[] = [];
  const seatHolders: number[][] = LICENSE_PRODUCTS.map(() => []);
  const accessoryHolders: Array<Array<[number, string]>> = ACCESSORY_PRODUCTS.map(() => []);

  for (const p of roster) {
    const id = p.index + PERSON_OFFSET;
    const site = SITES[p.site];
    const created = Date.parse(p.createdAt);
    const groupIds = p.teams.map((t) => ADMINS_GROUP + 1 + t);
    if (p.admin) groupIds.unshift(ADMINS_GROUP);
    const createdAt = fromIso(p.createdAt);
    const row: Record<string, unknown> = {
      id,
      first_name: p.firstName,
      last_name: p.lastName,
      username: p.login,
      email: p.email,
      employee_num: p.employeeNumber,
      jobtitle: p.jobTitle,
      phone: p.phone,
      address: site.address,
      city: site.city,
      country: site.country,
      zip: site.zip,
      company_id: p.company + 1,
      department_id: p.department + 1,
      location_id: p.site + 1,
      created_by: ADMIN_ID,
      activated: p.active ? 1 : 0,
      created_at: createdAt,
      updated_at: createdAt,
    };
    if (p.mobile) row.mobile = p.mobile;
    if (p.description) row.notes = p.description;
    if (p.manager !== null) row.manager_id = p.manager + PERSON_OFFSET;
    if (p.vip) row.vip = 1;
    if (rng.chance(0.05)) row.remote = 1;
    if (rng.chance(0.5)) row.start_date = p.createdAt.slice(0, 10);
    if (groupIds.length) row.groups = groupIds;
    if (p.lastLogin) row.last_login = fromIso(p.lastLogin);
    if (p.deleted) row.deleted_at = sqlDateTime(new Date(Math.min(SEED_EPOCH - DAY, created + (1 + rng.int(300)) * DAY)));
    users.push(row as unknown as UserRow);
    if (p.deleted) continue;

    // what this person has checked out (deleted people were made to return everything first)
    const checkedOut = createdAt;
    const give = (modelId: number) => {
      const assetId = assets.length + 1;
      const purchased = new Date(created - rng.int(60) * DAY).toISOString().slice(0, 10);
      assets.push({
        id: assetId,
        name: null,
        asset_tag: `ASSET-${String(assetId).padStart(6, '0')}`,
        serial: `SN${rng.digits(10)}`,
        model_id: modelId,
        status_id: 1,
        company_id: p.company + 1,
        rtd_location_id: p.site + 1,
        location_id: p.site + 1,
        assigned_to: id,
        purchase_date: purchased,
        purchase_cost: ASSET_MODELS[modelId - 1].category_id === 1 ? '1499.00' : '349.00',
        last_checkout: checkedOut,
        created_by: ADMIN_ID,
        created_at: checkedOut,
        updated_at: checkedOut,
      });
    };
    if (rng.chance(0.3)) give(1 + rng.int(3));
    if (rng.chance(0.1)) give(4);
    if (rng.chance(0.1)) give(5);
    for (let l = 0; l < LICENSE_PRODUCTS.length; l++) if (rng.chance(0.08)) seatHolders[l].push(id);
    for (let a = 0; a < ACCESSORY_PRODUCTS.length; a++) if (rng.chance(0.06)) accessoryHolders[a].push([id, checkedOut]);
  }

  // a few devices in stock, so not every asset is checked out
  const stock = Math.max(3, Math.floor(assets.length / 20));
  for (let i = 0; i < stock; i++) {
    const assetId = assets.length + 1;
    assets.push({
      id: assetId,
      name: null,
      asset_tag: `ASSET-${String(assetId).padStart(6, '0')}`,
      serial: `SN${rng.digits(10)}`,
      model_id: 1 + rng.int(ASSET_MODELS.length),
      status_id: 1,
      rtd_location_id: 1 + rng.int(SITES.length),
      location_id: null,
      assigned_to: null,
      purchase_date: new Date(SEED_EPOCH - rng.int(365) * DAY).toISOString().slice(0, 10),
      purchase_cost: '349.00',
      created_by: ADMIN_ID,
      created_at: installed,
      updated_at: installed,
    });
  }

  const licenses: LicenseRow[] = LICENSE_PRODUCTS.map((l, i) => {
    const free = 10;
    for (const holder of seatHolders[i]) seats.push({ id: seats.length + 1, license_id: i + 1, assigned_to: holder });
    for (let f = 0; f < free; f++) seats.push({ id: seats.length + 1, license_id: i + 1, assigned_to: null });
    return {
      id: i + 1,
      name: l.name,
      serial: `${rng.digits(5)}-${rng.digits(5)}-${rng.digits(5)}-${rng.digits(5)}`,
      seats: seatHolders[i].length + free,
      manufacturer_id: l.manufacturer_id,
      category_id: 4,
      purchase_date: '2024-01-15',
      purchase_cost: l.cost,
      expiration_date: '2026-01-14',
      license_email: 'licensing@acme.example',
      reassignable: 1,
      maintained: 1,
      created_by: ADMIN_ID,
      created_at: installed,
      updated_at: installed,
    };
  });

  const accessories: AccessoryRow[] = ACCESSORY_PRODUCTS.map((a, i) => {
    for (const [holder, at] of accessoryHolders[i]) checkouts.push({ id: checkouts.length + 1, accessory_id: i + 1, assigned_to: holder, created_at: at });
    return {
      id: i + 1,
      name: a.name,
      qty: accessoryHolders[i].length + 20,
      category_id: a.category_id,
      manufacturer_id: a.manufacturer_id,
      model_number: a.model_number,
      location_id: 1,
      purchase_date: '2024-03-01',
      purchase_cost: a.cost,
      created_by: ADMIN_ID,
      created_at: installed,
      updated_at: installed,
    };
  });

  const tables: Record<string, Row[]> = {
    users,
    permission_groups: groups,
    companies,
    departments,
    locations,
    assets,
    licenses,
    license_seats: seats,
    accessories,
    accessories_checkout: checkouts,
  };
  // one copy of the hash every seeded person shares, instead of one in each row (see `UserRow.password`)
  return { tables, meta: { groupAutoIncrement: groups.length, [SEED_PASSWORD_META]: hash } };
}
