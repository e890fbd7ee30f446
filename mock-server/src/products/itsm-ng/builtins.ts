/**
 * What a fresh ITSM-NG install contains: the eight default profiles (ids fixed by the installer)
 * with the rights the mock enforces, the default accounts, and the global preferences a user
 * follows until they set their own.
 */

/** Right bits (CommonDBTM constants). */
export const READ = 1;
export const UPDATE = 2;
export const CREATE = 4;
export const DELETE = 8;
export const PURGE = 16;
const ALLSTANDARD = READ | UPDATE | CREATE | DELETE | PURGE;
const NOTES = 32 | 64;
/** User::IMPORTEXTAUTHUSERS, READAUTHENT, UPDATEAUTHENT. */
const USER_EXTRA = 1024 | 2048 | 4096;

/** The rights the mock models, in the order `getActiveProfile` lists them. */
export const RIGHT_NAMES = ['config', 'dropdown', 'entity', 'group', 'location', 'password_update', 'personalization', 'profile', 'user'] as const;
export type RightName = (typeof RIGHT_NAMES)[number];
export type Rights = Record<RightName, number>;

export interface BuiltinProfile {
  id: number;
  name: string;
  interface: 'helpdesk' | 'central';
  isDefault: boolean;
  rights: Rights;
}

const none: Rights = { config: 0, dropdown: 0, entity: 0, group: 0, location: 0, password_update: 1, personalization: READ | UPDATE, profile: 0, user: 0 };
const reader: Rights = { ...none, dropdown: READ, entity: READ, group: READ, location: READ, user: READ };

export const PROFILES: readonly BuiltinProfile[] = [
  { id: 1, name: 'Self-Service', interface: 'helpdesk', isDefault: true, rights: none },
  { id: 2, name: 'Observer', interface: 'central', isDefault: false, rights: reader },
  {
    id: 3,
    name: 'Admin',
    interface: 'central',
    isDefault: false,
    rights: { ...reader, config: READ, dropdown: ALLSTANDARD, entity: READ | NOTES, group: ALLSTANDARD | NOTES, location: ALLSTANDARD, profile: READ, user: ALLSTANDARD | NOTES | USER_EXTRA },
  },
  {
    id: 4,
    name: 'Super-Admin',
    interface: 'central',
    isDefault: false,
    rights: { config: READ | UPDATE, dropdown: ALLSTANDARD, entity: ALLSTANDARD | NOTES, group: ALLSTANDARD | NOTES, location: ALLSTANDARD, password_update: 1, personalization: READ | UPDATE, profile: ALLSTANDARD | NOTES, user: ALLSTANDARD | NOTES | USER_EXTRA },
  },
  { id: 5, name: 'Hotliner', interface: 'central', isDefault: false, rights: { ...reader, user: READ | 1024 } },
  { id: 6, name: 'Technician', interface: 'central', isDefault: false, rights: { ...reader, user: READ | 2048 } },
  { id: 7, name: 'Supervisor', interface: 'central', isDefault: false, rights: { ...reader, user: READ | 2048 } },
  { id: 8, name: 'Read-Only', interface: 'central', isDefault: false, rights: { ...reader, entity: READ | 32, group: READ | 32, profile: READ | 32, user: READ | 32 } },
];

export const SELF_SERVICE = 1;

export function builtinProfile(id: number): BuiltinProfile | undefined {
  return PROFILES.find((p) => p.id === id);
}

/** Rights of a profile id; profiles the mock does not know have none. */
export function rightsOf(profileId: number): Rights {
  return builtinProfile(profileId)?.rights ?? { ...none, password_update: 0, personalization: 0 };
}

/** The super-admin is user 2; its login and password come from the configuration. */
export const ADMIN_USER_ID = 2;

/** The other accounts of a fresh install (login, password, profile). */
export const DEFAULT_USERS = [
  { id: 3, name: 'post-only', password: 'postonly', profile: 1 },
  { id: 4, name: 'tech', password: 'tech', profile: 6 },
  { id: 5, name: 'normal', password: 'normal', profile: 2 },
] as const;

/** Roster people start after the built-in accounts. */
export const FIRST_ROSTER_USER_ID = 6;

/** The global preferences (ITSM-NG's defaults) that a user row stores as NULL when equal. */
export const GLOBAL_PREFERENCES: Readonly<Record<string, string | number>> = {
  language: 'en_GB',
  list_limit: 15,
  date_format: 0,
  number_format: 0,
  names_format: 0,
  csv_delimiter: ';',
  is_ids_visible: 0,
  use_flat_dropdowntree: 0,
  show_jobs_at_login: 0,
  followup_private: 0,
  task_private: 0,
  default_requesttypes_id: 1,
  show_count_on_tabs: 1,
  refresh_views: 0,
  set_default_tech: 1,
  set_default_requester: 1,
  display_count_on_home: 5,
  notification_to_myself: 1,
  pdffont: 'helvetica',
  keep_devices_when_purging_item: 0,
  backcreated: 0,
  task_state: 1,
  palette: 'auror',
  layout: 'lefttab',
  lock_autolock_mode: 1,
  lock_directunlock_notification: 0,
};

/** The most rows a user may ask a page to hold (`list_limit_max`). */
export const LIST_LIMIT_MAX = 50;

/** How long an idle API session lives: PHP's default `session.gc_maxlifetime`. */
export const SESSION_IDLE_SECONDS = 1440;
