import { SEEDED_USER_PASSWORD, type MockConfig } from '../../config.js';
import { deterministicSalt, hashPassword } from '../../passwords.js';
import type { Random } from '../../seed/random.js';
import { SEED_EPOCH, type Person } from '../../seed/roster.js';
import { COMPANIES, SITES, TEAMS } from '../../seed/vocabulary.js';
import type { ProductSeed } from '../product.js';
import {
  ADMIN_USER_ID,
  AUTH_EXTERNAL,
  AUTH_HIDDEN,
  AUTH_INTERNAL,
  AUTH_LDAP,
  BUILTIN_DEFAULT_ROLE,
  DEFAULT_LOCATION_ID,
  DEFAULT_ORGANIZATION_ID,
  DEFAULT_ROLE_DESCRIPTION,
  DEFAULT_ROLE_ID,
  HIDDEN_LOGINS,
  ROSTER_ID_OFFSET,
  SEEDED_ROLES,
} from './constants.js';
import type { AuthSourceRow, RoleRow, TaxonomyRow, UsergroupRow, UserRow } from './model.js';

const DAY = 86_400_000;
/** The install predates every roster account. */
const INSTALLED = SEED_EPOCH - (3 * 365 + 30) * DAY;

const REGIONS = [
  { name: 'Europe', sites: ['Berlin', 'London', 'Paris'] },
  { name: 'Americas', sites: ['New York'] },
  { name: 'Asia Pacific', sites: ['Bangalore'] },
] as const;

/** Team name → [role names it carries, teams nested in it]; "Change Advisory Board" is the admin group. */
const TEAM_SETUP: Record<string, { roles: string[]; members: string[] }> = {
  Helpdesk: { roles: ['Viewer'], members: ['Field Support'] },
  'Network Operations': { roles: ['View hosts'], members: [] },
  'Server Team': { roles: ['Edit hosts'], members: ['Network Operations'] },
  Developers: { roles: ['View hosts'], members: [] },
  Security: { roles: ['Auditor'], members: [] },
  'Field Support': { roles: ['Edit hosts'], members: [] },
  'Finance Team': { roles: [], members: [] },
  'HR Team': { roles: [], members: [] },
  'Change Advisory Board': { roles: ['Viewer'], members: [] },
  'Service Owners': { roles: ['Site manager'], members: ['Change Advisory Board'] },
};
const ADMIN_TEAM = 'Change Advisory Board';

/** Job titles that come with a role. */
const TITLE_ROLES: Record<string, string> = {
  'System Administrator': 'System admin',
  'IT Manager': 'Manager',
  'Security Analyst': 'Auditor',
  'Helpdesk Agent': 'Viewer',
  'Support Engineer': 'Viewer',
};

/**
 * A Foreman install as db:seed leaves it (auth sources Internal and Hidden, the hidden anonymous
 * admins, `admin`, the seeded roles, Default Organization/Location), plus the organisation around the
 * roster: companies as organizations, sites as locations grouped by region, teams as user groups, an
 * LDAP and an external auth source, and the roster's people as users.
 */
export async function seedForeman(roster: readonly Person[], rng: Random, config: MockConfig): Promise<ProductSeed> {
  const seededHash = await hashPassword(SEEDED_USER_PASSWORD, deterministicSalt('foreman:seeded-users'));
  const adminHash = await hashPassword(config.credentials.foreman.password, deterministicSalt('foreman:admin'));

  const taxonomies: TaxonomyRow[] = [];
  const tax = (type: TaxonomyRow['type'], name: string, parent: number | null, description: string | null = null) => {
    const row: TaxonomyRow = { id: taxonomies.length + 1, type, name, parent, description, created: INSTALLED, updated: INSTALLED };
    taxonomies.push(row);
    return row.id;
  };
  tax('Organization', 'Default Organization', null);
  tax('Location', 'Default Location', null);
  const companyOrg = COMPANIES.map((c) => tax('Organization', c, null, `${c} business unit`));
  const siteLoc = new Map<string, number>();
  for (const region of REGIONS) {
    const parent = tax('Location', region.name, null);
    for (const site of region.sites) siteLoc.set(site, tax('Location', site, parent, `Offices in ${site}`));
  }
  const locOfSite = SITES.map((s) => siteLoc.get(s.name)!);

  const roles: RoleRow[] = [
    role(DEFAULT_ROLE_ID, 'Default role', DEFAULT_ROLE_DESCRIPTION, BUILTIN_DEFAULT_ROLE, []),
    ...SEEDED_ROLES.map((r, i) => role(DEFAULT_ROLE_ID + 1 + i, r.name, r.description, 0, r.permissions)),
  ];
  const roleId = new Map(roles.map((r) => [r.name, r.id]));

  const teamId = (name: string) => TEAMS.indexOf(name as (typeof TEAMS)[number]) + 1;
  const usergroups: UsergroupRow[] = TEAMS.map((name, i) => ({
    id: i + 1,
    name,
    admin: name === ADMIN_TEAM,
    groups: TEAM_SETUP[name].members.map(teamId),
    roles: TEAM_SETUP[name].roles.map((r) => roleId.get(r)!),
    created: INSTALLED + DAY,
    updated: INSTALLED + DAY,
  }));

  const authSources: AuthSourceRow[] = [
    { id: AUTH_INTERNAL, type: 'AuthSourceInternal', name: 'Internal', locs: [], orgs: [], created: INSTALLED, updated: INSTALLED },
    { id: AUTH_HIDDEN, type: 'AuthSourceHidden', name: 'Hidden', locs: [], orgs: [], created: INSTALLED, updated: INSTALLED },
    {
      id: AUTH_LDAP,
      type: 'AuthSourceLdap',
      name: 'Corporate LDAP',
      ldap: {
        host: 'ldap.acme.example',
        port: 636,
        account: 'uid=foreman,cn=sysaccounts,cn=etc,dc=acme,dc=example',
        baseDn: 'cn=users,cn=accounts,dc=acme,dc=example',
        ldapFilter: null,
        attrLogin: 'uid',
        attrFirstname: 'givenName',
        attrLastname: 'sn',
        attrMail: 'mail',
        attrPhoto: 'jpegPhoto',
        onTheFlyRegister: true,
        usergroupSync: true,
        tls: true,
        serverType: 'free_ipa',
        groupsBase: 'cn=groups,cn=accounts,dc=acme,dc=example',
        useNetgroups: false,
      },
      locs: [...locOfSite],
      orgs: [companyOrg[0]],
      created: INSTALLED + 2 * DAY,
      updated: INSTALLED + 2 * DAY,
    },
    { id: AUTH_EXTERNAL, type: 'AuthSourceExternal', name: 'External', locs: [], orgs: [], created: INSTALLED + 2 * DAY, updated: INSTALLED + 2 * DAY },
  ];

  const builtinDefaults = { locs: [DEFAULT_LOCATION_ID], orgs: [DEFAULT_ORGANIZATION_ID], defLoc: DEFAULT_LOCATION_ID, defOrg: DEFAULT_ORGANIZATION_ID };
  const hiddenNames: Record<string, [string, string]> = {
    foreman_admin: ['Anonymous', 'Admin'],
    foreman_console_admin: ['Console', 'Admin'],
    foreman_api_admin: ['API', 'Admin'],
  };
  const users: UserRow[] = HIDDEN_LOGINS.map((login, i) => ({
    id: i + 1,
    login,
    firstname: hiddenNames[login][0],
    lastname: hiddenNames[login][1],
    mail: null,
    admin: true,
    authSource: AUTH_HIDDEN,
    lastLogin: null,
    created: INSTALLED,
    updated: INSTALLED,
    pw: null,
    ...builtinDefaults,
  }));
  const adminLogin = config.credentials.foreman.login;
  users.push({
    id: ADMIN_USER_ID,
    login: adminLogin,
    firstname: 'Admin',
    lastname: 'User',
    mail: 'root@acme.example',
    admin: true,
    authSource: AUTH_INTERNAL,
    lastLogin: null,
    created: INSTALLED,
    updated: INSTALLED,
    pw: adminHash,
    ...builtinDefaults,
  });

  const taken = new Set(users.map((u) => u.login.toLowerCase()));
  for (const p of roster) {
    // Foreman has no trash: people deleted elsewhere simply have no account here.
    if (p.deleted || taken.has(p.login)) continue;
    taken.add(p.login);
    const draw = rng.next();
    // the first eleven people are internal; the next four make sure both other sources have users
    const authSource =
      p.index <= 10 ? AUTH_INTERNAL
      : p.index <= 12 ? AUTH_LDAP
      : p.index <= 14 ? AUTH_EXTERNAL
      : draw < 0.12 ? AUTH_LDAP
      : draw < 0.15 ? AUTH_EXTERNAL
      : AUTH_INTERNAL;
    const site = SITES[p.site];
    const roleIds: number[] = [];
    const titleRole = TITLE_ROLES[p.jobTitle];
    if (titleRole) roleIds.push(roleId.get(titleRole)!);
    if (p.technician) roleIds.push(roleId.get('Edit hosts')!);
    if (rng.chance(0.1)) roleIds.push(roleId.get('Bookmarks manager')!);
    const created = Date.parse(p.createdAt);
    const updated = created + Math.floor(rng.next() * (SEED_EPOCH - created) / 1000) * 1000;
    const timezone = rng.chance(0.6) ? site.timezone : null;
    const locale = rng.chance(0.5) ? site.locale : null;
    const mailEnabled = rng.chance(0.95);
    const row: UserRow = {
      id: p.index + ROSTER_ID_OFFSET,
      login: p.login,
      firstname: p.firstName,
      lastname: p.lastName,
      mail: p.email,
      authSource,
      lastLogin: p.lastLogin === null ? null : Date.parse(p.lastLogin),
      created,
      updated,
      locs: [locOfSite[p.site]],
      orgs: [companyOrg[p.company]],
      defLoc: locOfSite[p.site],
      defOrg: companyOrg[p.company],
      ...(p.description === null ? {} : { description: p.description }),
      ...(p.admin ? { admin: true } : {}),
      ...(p.active ? {} : { disabled: true }),
      ...(mailEnabled ? {} : { mailEnabled: false }),
      ...(timezone === null ? {} : { timezone }),
      ...(locale === null ? {} : { locale }),
      ...(authSource === AUTH_INTERNAL ? {} : { pw: null }),
      ...(roleIds.length ? { roles: [...new Set(roleIds)].sort((a, b) => a - b) } : {}),
      ...(p.teams.length ? { groups: p.teams.map((t) => t + 1) } : {}),
    };
    users.push(row);
  }

  return {
    tables: { users, usergroups, roles, taxonomies, auth_sources: authSources },
    meta: { seededHash },
  };
}

function role(id: number, name: string, description: string, builtin: number, permissions: readonly string[]): RoleRow {
  return {
    id,
    name,
    description,
    origin: 'foreman',
    builtin,
    clonedFrom: null,
    permissions: [...permissions],
    locs: [],
    orgs: [],
    created: INSTALLED,
    updated: INSTALLED,
  };
}
