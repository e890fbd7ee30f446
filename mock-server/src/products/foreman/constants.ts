/** Fixed facts of the emulated Foreman install: version, seeded ids, settings and value lists. */

export const FOREMAN_VERSION = '3.13.0';
export const API_VERSION = 2;

/** Setting `entries_per_page`. */
export const DEFAULT_PER_PAGE = 20;
/** Setting `failed_login_attempts_limit`: failures per client IP before every login is refused. */
export const BRUTE_FORCE_LIMIT = 30;
/** How long a client IP's failure count lives after its latest failure. */
export const BRUTE_FORCE_WINDOW_MS = 5 * 60_000;
/** Setting `idle_timeout` (minutes), applied to `_session_id` cookie sessions. */
export const IDLE_TIMEOUT_MS = 60 * 60_000;
/** Sessions kept in memory at most (the oldest are dropped first). */
export const MAX_SESSIONS = 10_000;
/** A successful Basic login stamps `last_login_on` at most this often per user. */
export const LAST_LOGIN_RESOLUTION_MS = 60_000;

/** Seeded auth sources (db/seeds.d/030-auth_sources.rb, plus one LDAP and one external source). */
export const AUTH_INTERNAL = 1;
export const AUTH_HIDDEN = 2;
export const AUTH_LDAP = 3;
export const AUTH_EXTERNAL = 4;

/** The built-in admin (after the three hidden anonymous admins, as db/seeds.d/035-admin.rb creates them). */
export const ADMIN_USER_ID = 4;
export const HIDDEN_LOGINS = ['foreman_admin', 'foreman_console_admin', 'foreman_api_admin'] as const;
/** Roster person i becomes user i + this. */
export const ROSTER_ID_OFFSET = 5;

/** "Default role" is created first, on the fly, when the first user is saved. */
export const DEFAULT_ROLE_ID = 1;
export const BUILTIN_DEFAULT_ROLE = 2;

export const DEFAULT_ORGANIZATION_ID = 1;
export const DEFAULT_LOCATION_ID = 2;

/** `ActiveSupport::TimeZone.all` names, as the API documentation lists them. */
export const RAILS_TIME_ZONES: readonly string[] = [
  'International Date Line West', 'American Samoa', 'Midway Island', 'Hawaii', 'Alaska',
  'Pacific Time (US & Canada)', 'Tijuana', 'Arizona', 'Chihuahua', 'Mazatlan', 'Mountain Time (US & Canada)',
  'Central America', 'Central Time (US & Canada)', 'Guadalajara', 'Mexico City', 'Monterrey', 'Saskatchewan',
  'Bogota', 'Eastern Time (US & Canada)', 'Indiana (East)', 'Lima', 'Quito', 'Atlantic Time (Canada)', 'Caracas',
  'Georgetown', 'La Paz', 'Puerto Rico', 'Santiago', 'Newfoundland', 'Brasilia', 'Buenos Aires', 'Greenland',
  'Montevideo', 'Mid-Atlantic', 'Azores', 'Cape Verde Is.', 'Casablanca', 'Dublin', 'Edinburgh', 'Lisbon', 'London',
  'Monrovia', 'UTC', 'Amsterdam', 'Belgrade', 'Berlin', 'Bern', 'Bratislava', 'Brussels', 'Budapest', 'Copenhagen',
  'Ljubljana', 'Madrid', 'Paris', 'Prague', 'Rome', 'Sarajevo', 'Skopje', 'Stockholm', 'Vienna', 'Warsaw',
  'West Central Africa', 'Zagreb', 'Zurich', 'Athens', 'Bucharest', 'Cairo', 'Harare', 'Helsinki', 'Jerusalem',
  'Kaliningrad', 'Kyiv', 'Pretoria', 'Riga', 'Sofia', 'Tallinn', 'Vilnius', 'Baghdad', 'Istanbul', 'Kuwait', 'Minsk',
  'Moscow', 'Nairobi', 'Riyadh', 'St. Petersburg', 'Tehran', 'Abu Dhabi', 'Baku', 'Muscat', 'Samara', 'Tbilisi',
  'Volgograd', 'Yerevan', 'Kabul', 'Ekaterinburg', 'Islamabad', 'Karachi', 'Tashkent', 'Chennai', 'Kolkata',
  'Mumbai', 'New Delhi', 'Sri Jayawardenepura', 'Kathmandu', 'Almaty', 'Astana', 'Dhaka', 'Urumqi', 'Rangoon',
  'Bangkok', 'Hanoi', 'Jakarta', 'Krasnoyarsk', 'Novosibirsk', 'Beijing', 'Chongqing', 'Hong Kong', 'Irkutsk',
  'Kuala Lumpur', 'Perth', 'Singapore', 'Taipei', 'Ulaanbaatar', 'Osaka', 'Sapporo', 'Seoul', 'Tokyo', 'Yakutsk',
  'Adelaide', 'Darwin', 'Brisbane', 'Canberra', 'Guam', 'Hobart', 'Melbourne', 'Port Moresby', 'Sydney',
  'Vladivostok', 'Magadan', 'New Caledonia', 'Solomon Is.', 'Srednekolymsk', 'Auckland', 'Fiji', 'Kamchatka',
  'Marshall Is.', 'Wellington', 'Chatham Is.', "Nuku'alofa", 'Samoa', 'Tokelau Is.',];

/** The permissions this emulation checks, per resource. */
const RESOURCES = ['users', 'usergroups', 'roles', 'locations', 'organizations', 'authenticators'] as const;
const crud = (r: string) => [`view_${r}`, `create_${r}`, `edit_${r}`, `destroy_${r}`];
const VIEW_ALL = RESOURCES.map((r) => `view_${r}`);
const MANAGE_ALL_BUT_ORGS_AND_ROLES = [
  ...crud('users').slice(1),
  ...crud('usergroups').slice(1),
  ...crud('locations').slice(1),
  'assign_locations',
  'edit_organizations',
  'assign_organizations',
  ...crud('authenticators').slice(1),
];

export interface SeededRole {
  name: string;
  description: string;
  permissions: readonly string[];
}

/** db/seeds.d/020-roles_list.rb, reduced to the permissions of the resources emulated here; ids 2… in this order. */
export const SEEDED_ROLES: readonly SeededRole[] = [
  {
    name: 'Manager',
    description:
      'Role granting all available permissions. With this role, user is able to do everything that admin can except for changing settings.',
    permissions: [...MANAGE_ALL_BUT_ORGS_AND_ROLES, ...VIEW_ALL, 'create_organizations', 'destroy_organizations'],
  },
  {
    name: 'Organization admin',
    description:
      'Role granting all permissions except for managing organizations. It can be used to delegate administration of specific organization to a user. In order to create such role, clone this role and assign desired organizations',
    permissions: [...MANAGE_ALL_BUT_ORGS_AND_ROLES, ...VIEW_ALL],
  },
  {
    name: 'System admin',
    description:
      'Role granting permissions for managing organizations, locations, users, usergroups, auth sources, roles, filters and settings. This is a very powerful role that can potentially gain access to all resources.',
    permissions: [
      'create_organizations', 'destroy_organizations', 'view_organizations', 'edit_organizations', 'assign_organizations',
      ...crud('locations'), 'assign_locations', ...crud('users'), ...crud('usergroups'), ...crud('roles'), ...crud('authenticators'),
      'escalate_roles',
    ],
  },
  { name: 'Edit partition tables', description: 'Role granting permissions required for managing partition tables', permissions: [] },
  { name: 'View hosts', description: 'Role granting permission only to view hosts', permissions: [] },
  {
    name: 'Edit hosts',
    description:
      'Role granting permissions to update hosts. For features provided by plugins, you might need to combine this role with roles provided by those plugins',
    permissions: [],
  },
  {
    name: 'Viewer',
    description: 'Role granting read only access. Users with this role can see all data but can not do any modifications',
    permissions: VIEW_ALL,
  },
  {
    name: 'Site manager',
    description:
      'Role granting mostly view permissions but also permissions required for managing hosts in the infrastructure. Users with this role can update puppet parameters, create and edit hosts, manage installation media, subnets, usergroups and edit existing users.',
    permissions: ['view_authenticators', ...crud('usergroups'), 'view_users', 'edit_users'],
  },
  {
    name: 'Bookmarks manager',
    description:
      'Role granting permissions for managing search bookmarks. Usually useful in combination with Viewer role. This role also grants the permission to update all public bookmarks.',
    permissions: [],
  },
  { name: 'Auditor', description: 'Role granting permission to view only the Audit log and nothing else.', permissions: [] },
];

export const DEFAULT_ROLE_DESCRIPTION =
  'Role that is automatically assigned to every user in the system. Adding a permission grants it to everybody';
