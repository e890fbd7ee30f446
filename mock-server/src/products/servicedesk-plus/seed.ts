import { SEEDED_USER_PASSWORD } from '../../config.js';
import { deterministicSalt, hashPassword } from '../../passwords.js';
import type { ProductSeed } from '../product.js';
import type { Random } from '../../seed/random.js';
import { SEED_EPOCH, type Person } from '../../seed/roster.js';
import { COMPANIES, DEPARTMENTS, SITES, TEAMS } from '../../seed/vocabulary.js';
import type { DepartmentRow, NamedRow, RoleRow, SiteRow, SupportGroupRow, TechnicianInfo, UserRow } from './model.js';
import { TABLES } from './model.js';
import {
  ADMIN_ID,
  automaticRoles,
  BUILTIN_DOMAINS,
  BUILTIN_ROLES,
  FIRST_COMPANY_DOMAIN_ID,
  FIRST_ROSTER_USER_ID,
  FIRST_SITE_ID,
  GUEST_ID,
  NOT_IN_ANY_SITE,
  PROJECT_ROLES,
  ROLE_MODIFY_REQUESTS,
  ROLE_SDADMIN,
  ROLE_SDCHANGEMANAGER,
  ROLE_SDGUEST,
  ROSTER_DEPARTMENT_IDS,
} from './world.js';

const DAY = 86_400_000;
/** The installation predates every roster person (they were created up to three years before SEED_EPOCH). */
const INSTALLED_AT = SEED_EPOCH - 4 * 365 * DAY;
const CHANGE_ADVISORY_BOARD = TEAMS.indexOf('Change Advisory Board');

type MutableUser = { -readonly [K in keyof UserRow]: UserRow[K] };

/**
 * A fresh installation (built-in Guest and administrator, roles, domains, project roles) populated with
 * the shared roster: departments at their sites, support groups from the roster's teams, and one user
 * per person still present (ServiceDesk Plus deletes users outright, so trashed people are absent).
 * Technicians (and administrators, who are technicians) carry their site and support groups.
 */
export async function seedServicedeskPlus(roster: readonly Person[], rng: Random): Promise<ProductSeed> {
  const sites: SiteRow[] = SITES.map((s, i) => ({
    id: FIRST_SITE_ID + i,
    name: s.name,
    description: `${s.city} office`,
    city: s.city,
    country: s.country,
    street: s.address,
    postalCode: s.zip,
  }));
  const departments: DepartmentRow[] = [
    { id: 1, name: 'Administration', description: 'Default department' },
    ...DEPARTMENTS.map((dep, i) => ({ id: ROSTER_DEPARTMENT_IDS[i], name: dep.name, site: FIRST_SITE_ID + dep.site })),
  ].sort((a, b) => a.id - b.id);
  const supportGroups: SupportGroupRow[] = TEAMS.map((team, i) => ({
    id: i + 1,
    name: team,
    site: FIRST_SITE_ID + (i % SITES.length),
    description: `${team} support group`,
  }));
  const roles: RoleRow[] = BUILTIN_ROLES.map((r) => ({ ...r }));
  const projectRoles: NamedRow[] = PROJECT_ROLES.map((r) => ({ ...r }));
  const domains: NamedRow[] = [
    ...BUILTIN_DOMAINS.map((dm) => ({ ...dm })),
    ...COMPANIES.map((company, i) => ({ id: FIRST_COMPANY_DOMAIN_ID + i, name: company.split(' ')[0].toUpperCase() })),
  ];

  const adminSites = [NOT_IN_ANY_SITE];
  const users: UserRow[] = [
    {
      id: GUEST_ID,
      name: 'Guest',
      login: 'guest',
      description: 'End User of the software product',
      roles: [ROLE_SDGUEST],
      created: INSTALLED_AT,
    },
    {
      id: ADMIN_ID,
      name: 'administrator',
      login: 'administrator',
      roles: [ROLE_SDADMIN, ...automaticRoles(adminSites)],
      srApprover: true,
      poApprover: true,
      poLimit: -1,
      created: INSTALLED_AT + 1000,
      tech: { sites: adminSites, groups: [] },
    },
  ];

  for (const p of roster) {
    if (p.deleted) continue;
    const u: MutableUser = {
      id: FIRST_ROSTER_USER_ID + p.index,
      name: `${p.firstName} ${p.lastName}`,
      first: p.firstName,
      last: p.lastName,
      login: p.login,
      email: p.email,
      employeeId: p.employeeNumber,
      phone: p.phone,
      title: p.jobTitle,
      dept: ROSTER_DEPARTMENT_IDS[p.department],
      domain: FIRST_COMPANY_DOMAIN_ID + p.company,
      roles: [ROLE_SDGUEST],
      created: Date.parse(p.createdAt),
    };
    if (p.mobile) u.mobile = p.mobile;
    if (p.description) u.description = p.description;
    if (p.manager !== null && !roster[p.manager].deleted) u.manager = FIRST_ROSTER_USER_ID + p.manager;
    if (p.vip) u.vip = true;
    if (!p.active) u.inactive = true;
    if (p.technician || p.admin) {
      const tech: TechnicianInfo = { sites: [FIRST_SITE_ID + p.site], groups: p.teams.map((t) => t + 1) };
      const given = p.admin ? [ROLE_SDADMIN] : p.teams.includes(CHANGE_ADVISORY_BOARD) ? [ROLE_MODIFY_REQUESTS, ROLE_SDCHANGEMANAGER] : [ROLE_MODIFY_REQUESTS];
      u.tech = tech;
      u.roles = [...given, ...automaticRoles(tech.sites)];
      u.cost = 20 + rng.int(61);
      if (p.admin) {
        u.srApprover = true;
        u.poApprover = true;
        u.poLimit = -1;
      }
    }
    users.push(u);
  }

  return {
    tables: {
      [TABLES.users]: users,
      [TABLES.departments]: departments,
      [TABLES.sites]: sites,
      [TABLES.roles]: roles,
      [TABLES.supportGroups]: supportGroups,
      [TABLES.projectRoles]: projectRoles,
      [TABLES.domains]: domains,
    },
    // the roster's users sign in with the shared seed password; one hash serves them all
    meta: { seedPassword: await hashPassword(SEEDED_USER_PASSWORD, deterministicSalt('servicedesk-plus:seed')) },
  };
}
