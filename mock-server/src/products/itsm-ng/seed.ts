import type { MockConfig } from '../../config.js';
import { SEEDED_USER_PASSWORD } from '../../config.js';
import { deterministicSalt, hashPassword } from '../../passwords.js';
import type { Random } from '../../seed/random.js';
import { SEED_EPOCH, type Person } from '../../seed/roster.js';
import { DEPARTMENTS, FLOORS_PER_SITE, JOB_TITLES, SITES, TEAMS } from '../../seed/vocabulary.js';
import { sqlDateTime } from '../../sql-date-time.js';
import type { ProductSeed } from '../product.js';
import { ADMIN_USER_ID, DEFAULT_USERS, FIRST_ROSTER_USER_ID, GLOBAL_PREFERENCES, PROFILES } from './builtins.js';
import { SHARED_PASSWORD, SHARED_PASSWORD_META, TABLES, type Cell } from './model.js';
import { picturePath } from './picture.js';
import { isoToSql } from './text.js';

/**
 * A fresh install (root entity, default profiles and accounts) plus the shared roster: one
 * sub-entity and one location tree (site > floor) per site, a group per team (two nested to make
 * `under` meaningful), titles from job titles, categories from departments, one email per person,
 * a profile per person (admins → Admin, technicians → Technician, others → Self-Service) and group
 * memberships from their teams. Rows hold only values that differ from the column defaults.
 */

type R = Record<string, Cell>;

/** Entity of each site: id = site index + 1 (entity 0 is the root). */
export const siteEntity = (site: number) => site + 1;
/** Location of each site: the site building, followed by its floors. */
export const siteLocation = (site: number) => 1 + site * (FLOORS_PER_SITE + 1);
/** Teams nested under another team (child → parent, by team index). */
const NESTED_TEAMS: Record<number, number> = { 5: 0, 8: 9 };

export async function seedItsm(roster: readonly Person[], rng: Random, config: MockConfig): Promise<ProductSeed> {
  const installed = sqlDateTime(new Date(SEED_EPOCH - 4 * 365 * 86_400_000));
  const creds = config.credentials['itsm-ng'];
  const [rosterHash, adminHash, ...defaultHashes] = await Promise.all([
    hashPassword(SEEDED_USER_PASSWORD, deterministicSalt('itsm-ng:roster')),
    hashPassword(creds.password, deterministicSalt('itsm-ng:admin')),
    ...DEFAULT_USERS.map((u) => hashPassword(u.password, deterministicSalt(`itsm-ng:${u.name}`))),
  ]);

  const entities: R[] = [{ id: 0, name: 'Root entity', entities_id: -1, date_creation: installed, date_mod: installed }];
  const locations: R[] = [];
  SITES.forEach((s, i) => {
    entities.push({ id: siteEntity(i), name: s.name, address: s.address, postcode: s.zip, town: s.city, country: s.country, date_creation: installed, date_mod: installed });
    const building = siteLocation(i);
    locations.push({ id: building, is_recursive: 1, name: s.name, address: s.address, postcode: s.zip, town: s.city, country: s.country, date_creation: installed, date_mod: installed });
    for (let f = 1; f <= FLOORS_PER_SITE; f++) {
      locations.push({ id: building + f, is_recursive: 1, name: `Floor ${f}`, locations_id: building, building: s.name, room: `${f}00`, date_creation: installed, date_mod: installed });
    }
  });

  const profiles: R[] = PROFILES.map((p) => ({
    id: p.id,
    name: p.name,
    ...(p.interface === 'central' ? { interface: 'central' } : {}),
    ...(p.isDefault ? { is_default: 1 } : {}),
    helpdesk_hardware: p.interface === 'central' ? 3 : 1,
    helpdesk_item_type: '[]',
    ticket_status: '[]',
    problem_status: '[]',
    managed_domainrecordtypes: '[]',
    comment: '',
    date_creation: installed,
    date_mod: installed,
  }));

  const groups: R[] = TEAMS.map((name, i) => ({
    id: i + 1,
    is_recursive: 1,
    name,
    ...(NESTED_TEAMS[i] !== undefined ? { groups_id: NESTED_TEAMS[i] + 1 } : {}),
    date_creation: installed,
    date_mod: installed,
  }));
  const titles: R[] = JOB_TITLES.map((name, i) => ({ id: i + 1, name, date_creation: installed, date_mod: installed }));
  const categories: R[] = DEPARTMENTS.map((d, i) => ({ id: i + 1, name: d.name, date_creation: installed, date_mod: installed }));

  const users: R[] = [
    { id: ADMIN_USER_ID, name: creds.login, password: adminHash, list_limit: 20, authtype: 1, date_creation: installed, date_mod: installed, password_last_update: installed },
    ...DEFAULT_USERS.map((u, i) => ({ id: u.id, name: u.name, password: defaultHashes[i], list_limit: 20, authtype: 1, date_creation: installed, date_mod: installed, password_last_update: installed })),
  ];
  const profileUsers: R[] = [
    { id: 1, users_id: ADMIN_USER_ID, profiles_id: 4, is_recursive: 1 },
    ...DEFAULT_USERS.map((u, i) => ({ id: i + 2, users_id: u.id, profiles_id: u.profile, is_recursive: 1 })),
  ];
  const emails: R[] = [];
  const groupUsers: R[] = [];

  for (const p of roster) {
    const id = FIRST_ROSTER_USER_ID + p.index;
    const created = isoToSql(p.createdAt);
    const language = SITES[p.site].language;
    const u: R = { id, name: p.login, password: SHARED_PASSWORD, phone: p.phone, realname: p.lastName, firstname: p.firstName };
    if (p.mobile) u.mobile = p.mobile;
    u.locations_id = siteLocation(p.site) + p.floor;
    if (language !== GLOBAL_PREFERENCES.language) u.language = language;
    if (!p.active) u.is_active = 0;
    if (p.description) u.comment = p.description;
    u.authtype = 1;
    if (p.lastLogin) u.last_login = isoToSql(p.lastLogin);
    if (p.deleted) u.is_deleted = 1;
    u.entities_id = siteEntity(p.site);
    u.usertitles_id = JOB_TITLES.indexOf(p.jobTitle as (typeof JOB_TITLES)[number]) + 1;
    u.usercategories_id = p.department + 1;
    u.registration_number = p.employeeNumber;
    if (rng.chance(0.25)) u.picture = picturePath(id, p.login);
    u.date_creation = created;
    if (p.teams.length) u.groups_id = p.teams[0] + 1;
    if (p.manager !== null) u.users_id_supervisor = FIRST_ROSTER_USER_ID + p.manager;
    users.push(u);

    emails.push({ id: emails.length + 1, users_id: id, is_default: 1, email: p.email });
    const pu: R = { id: profileUsers.length + 1, users_id: id };
    if (p.admin) Object.assign(pu, { profiles_id: 3, is_recursive: 1 });
    else if (p.technician) Object.assign(pu, { profiles_id: 6, entities_id: siteEntity(p.site), is_recursive: 1 });
    else Object.assign(pu, { profiles_id: 1, entities_id: siteEntity(p.site) });
    profileUsers.push(pu);
    for (const team of p.teams) {
      const gu: R = { id: groupUsers.length + 1, users_id: id, groups_id: team + 1 };
      if (p.admin) gu.is_manager = 1;
      groupUsers.push(gu);
    }
  }

  return {
    meta: { [SHARED_PASSWORD_META]: rosterHash },
    tables: {
      [TABLES.users]: users,
      [TABLES.profiles]: profiles,
      [TABLES.entities]: entities,
      [TABLES.groups]: groups,
      [TABLES.locations]: locations,
      [TABLES.titles]: titles,
      [TABLES.categories]: categories,
      [TABLES.emails]: emails,
      [TABLES.profileUsers]: profileUsers,
      [TABLES.groupUsers]: groupUsers,
      [TABLES.logs]: [],
      [TABLES.documentItems]: [],
    } as unknown as ProductSeed['tables'],
  };
}
