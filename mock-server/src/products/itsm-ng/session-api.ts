import type { MockConfig } from '../../config.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { secretEquals } from '../../constant-time.js';
import { verifyPassword } from '../../passwords.js';
import { sqlDateTime } from '../../sql-date-time.js';
import { ADMIN_USER_ID, GLOBAL_PREFERENCES, LIST_LIMIT_MAX, PROFILES, RIGHT_NAMES, rightsOf } from './builtins.js';
import { err, MSG } from './errors.js';
import type { Reply } from './http.js';
import { cell, storedHash, withChanges, type Model, type Rec } from './model.js';
import { userDisplayName } from './names.js';
import { intval, PhpMap, phpEmpty, type Dict } from './php.js';
import { PROFILE_COLUMNS, USER_COLUMNS } from './schema.js';
import { changeActiveEntities, changeProfile, openSession, type Session, type SessionStore } from './sessions.js';
import { fold } from './text.js';

/**
 * Tokens and the session endpoints: the App-Token and Session-Token checks every endpoint starts
 * with, `initSession` (Basic or login/password parameters, or a user_token), `killSession`, and the
 * read/switch endpoints for the session's profile and entities.
 */

const USER_COL = new Map(USER_COLUMNS.map((c) => [c.name, c]));
const asText = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The configured App-Token's digest, hashed once rather than on every request. */
let appTokenDigest: { token: string; digest: Buffer } | undefined;

/** Constant-time in both values (the core's secretEquals), with the expected side's digest kept. */
function appTokenEquals(given: string, expected: string): boolean {
  if (appTokenDigest?.token !== expected) appTokenDigest = { token: expected, digest: createHash('sha256').update(expected).digest() };
  return timingSafeEqual(createHash('sha256').update(given).digest(), appTokenDigest.digest);
}

export function checkAppToken(config: MockConfig, params: Dict): void {
  const given = asText(params.app_token);
  if (appTokenEquals(given, config.credentials['itsm-ng'].appToken)) return;
  throw given !== '' ? err.appTokenWrong() : err.appTokenMissing();
}

export function checkSessionToken(sessions: SessionStore, params: Dict, now: number): Session {
  const token = asText(params.session_token);
  if (phpEmpty(token)) throw err.sessionMissing();
  const s = sessions.get(token, now);
  if (!s) throw err.sessionInvalid();
  return s;
}

/** Active, not trashed, and within its validity dates. */
function usable(user: Rec, nowSql: string): boolean {
  if (cell(user, USER_COL.get('is_active')!) !== 1 || user.is_deleted === 1) return false;
  const begin = user.begin_date;
  const end = user.end_date;
  if (typeof begin === 'string' && begin > nowSql) return false;
  if (typeof end === 'string' && end < nowSql) return false;
  return true;
}

/** Finds and checks the account; throws the product's login errors. */
async function authenticate(m: Model, config: MockConfig, params: Dict, nowSql: string): Promise<Rec> {
  const creds = config.credentials['itsm-ng'];
  const token = asText(params.user_token);
  if (!phpEmpty(token)) {
    const admin = m.users.get(ADMIN_USER_ID);
    const stored = m.usersByApiToken.get(token);
    const user = admin && secretEquals(token, creds.userToken) ? admin : stored && secretEquals(token, String(stored.api_token)) ? stored : undefined;
    if (!user || !usable(user, nowSql)) throw err.userTokenInvalid();
    return user;
  }
  const login = asText(params.login);
  const password = asText(params.password);
  let found: Rec | undefined;
  const admin = m.users.get(ADMIN_USER_ID);
  if (admin && fold(login) === fold(creds.login) && secretEquals(password, creds.password)) found = admin;
  for (const u of m.usersNamed(login)) {
    if (found) break;
    const hash = storedHash(m, u);
    if ((u.authtype ?? 0) !== 1 || !hash) continue;
    if (await verifyPassword(password, hash)) found = u;
  }
  if (!found) throw err.login(MSG.badCredentials);
  if (!usable(found, nowSql)) throw err.login(MSG.deactivated);
  return found;
}

export async function initSession(m: Model, config: MockConfig, sessions: SessionStore, params: Dict, now: Date, apiUrl: string): Promise<Reply> {
  checkAppToken(config, params);
  const hasCredentials = !phpEmpty(params.login) && !phpEmpty(params.password);
  if (!hasCredentials && phpEmpty(params.user_token)) throw err.loginMissing();
  const nowSql = sqlDateTime(now);
  const user = await authenticate(m, config, params, nowSql);
  const session = openSession(m, sessions, user, now.getTime());
  if (!session) throw phpEmpty(params.user_token) ? err.login(MSG.noRight) : err.userTokenInvalid();
  m.users.put(withChanges(user, USER_COL, { last_login: nowSql }));
  const body: Record<string, unknown> = { session_token: session.token };
  if (params.get_full_session === true || (typeof params.get_full_session === 'string' && !phpEmpty(params.get_full_session))) {
    body.session = fullSession(m, session, nowSql, apiUrl);
  }
  return { body };
}

function entitiesMap(list: Array<{ id: number; name: string; is_recursive: number }>): PhpMap {
  const map = new PhpMap();
  for (const e of list) map.set(e.id, { id: e.id, name: e.name, is_recursive: e.is_recursive });
  return map;
}

/** The active profile as the session holds it: the profile's columns, one key per right, its entities. */
export function activeProfile(m: Model, s: Session): Record<string, unknown> {
  const row = m.profiles.get(s.profileId);
  const out: Record<string, unknown> = {};
  if (row) for (const col of PROFILE_COLUMNS) out[col.name] = cell(row, col);
  const rights = rightsOf(s.profileId);
  for (const r of RIGHT_NAMES) out[r] = rights[r];
  out.entities = entitiesMap(s.profiles.get(s.profileId)?.entities ?? []);
  return out;
}

function profilesMap(s: Session): PhpMap {
  const map = new PhpMap();
  for (const [id, p] of s.profiles) map.set(id, { name: p.name, entities: entitiesMap(p.entities) });
  return map;
}

function idMap(ids: number[]): PhpMap {
  const map = new PhpMap();
  for (const id of ids) map.set(id, id);
  return map;
}

export function fullSession(m: Model, s: Session, nowSql: string, apiUrl: string): Record<string, unknown> {
  const user = m.users.get(s.userId);
  const u = (name: string) => (user ? cell(user, USER_COL.get(name)!) : null);
  const activeName = m.entityTree.node(s.activeEntity)?.completename ?? '';
  return {
    glpi_currenttime: nowSql,
    glpi_use_mode: 0,
    glpiID: s.userId,
    glpiis_ids_visible: 0,
    glpifriendlyname: user ? userDisplayName(user) : '',
    glpiname: u('name'),
    glpirealname: u('realname'),
    glpifirstname: u('firstname'),
    glpidefault_entity: u('entities_id'),
    glpiextauth: 0,
    glpiauthtype: u('authtype'),
    glpiroot: new URL(apiUrl).pathname.replace(/\/apirest\.php$/, ''),
    glpilanguage: u('language') ?? GLOBAL_PREFERENCES.language,
    glpilist_limit: s.listLimit,
    glpilist_limit_max: LIST_LIMIT_MAX,
    glpiprofiles: profilesMap(s),
    glpiactiveprofile: activeProfile(m, s),
    glpiactiveentities: idMap(s.activeEntities),
    glpiactiveentities_string: s.activeEntities.map((e) => `'${e}'`).join(', '),
    glpiparententities: idMap(s.parentEntities),
    glpiparententities_string: s.parentEntities.map((e) => `'${e}'`).join(', '),
    glpiactive_entity: s.activeEntity,
    glpiactive_entity_recursive: s.activeRecursive,
    glpiactive_entity_name: s.activeRecursive ? `${activeName} (tree structure)` : activeName,
    glpiactive_entity_shortname: String(m.entities.get(s.activeEntity)?.name ?? ''),
    glpigroups: m.groupUsersByUser.get(s.userId).map((g) => g.groups_id as number),
    valid_id: s.token,
  };
}

export function getMyProfiles(s: Session): Reply {
  const myprofiles = [...s.profiles].map(([id, p]) => ({ name: p.name, entities: entitiesMap(p.entities), id }));
  return { body: { myprofiles } };
}

export function changeActiveProfileEndpoint(m: Model, s: Session, params: Dict): Reply {
  if (params.profiles_id === undefined) throw err.generic();
  const id = intval(params.profiles_id);
  if (!s.profiles.has(id)) throw err.itemNotFound();
  changeProfile(m, s, id, (m.users.get(s.userId)?.entities_id ?? 0) as number);
  return { body: undefined };
}

export function getMyEntities(m: Model, s: Session, params: Dict): Reply {
  const recursive = params.is_recursive === true || (typeof params.is_recursive === 'string' && !phpEmpty(params.is_recursive));
  const out: Array<{ id: number; name: string }> = [];
  const name = (id: number) => m.entityTree.node(id)?.completename ?? '';
  for (const e of s.profiles.get(s.profileId)?.entities ?? []) {
    if (e.is_recursive && recursive) for (const son of [...m.entityTree.sonsOf(e.id)].sort((a, b) => a - b)) if (son !== e.id) out.push({ id: son, name: name(son) });
    out.push({ id: e.id, name: name(e.id) });
  }
  return { body: { myentities: out } };
}

export function getActiveEntities(s: Session): Reply {
  return {
    body: {
      active_entity: { id: s.activeEntity, active_entity_recursive: s.activeRecursive, active_entities: s.activeEntities.map((id) => ({ id })) },
    },
  };
}

export function changeActiveEntitiesEndpoint(m: Model, s: Session, params: Dict): Reply {
  const id = params.entities_id === undefined ? 'all' : intval(params.entities_id);
  const recursive = params.is_recursive === undefined ? false : params.is_recursive;
  if (typeof recursive !== 'boolean') throw err.generic();
  if (!changeActiveEntities(m, s, id, recursive)) throw err.generic();
  return { body: true };
}

export function getGlpiConfig(apiUrl: string): Reply {
  const root = apiUrl.replace(/\/apirest\.php$/, '');
  return {
    body: {
      cfg_glpi: {
        language: GLOBAL_PREFERENCES.language,
        list_limit: GLOBAL_PREFERENCES.list_limit,
        list_limit_max: LIST_LIMIT_MAX,
        names_format: GLOBAL_PREFERENCES.names_format,
        url_base: root,
        url_base_api: apiUrl,
        root_doc: new URL(root).pathname,
        enable_api: 1,
        enable_api_login_credentials: 1,
        enable_api_login_external_token: 1,
        use_notifications: 0,
        notifications_mailing: 0,
        use_password_security: 0,
        password_min_length: 8,
        is_ids_visible: GLOBAL_PREFERENCES.is_ids_visible,
        default_profile: PROFILES.find((p) => p.isDefault)?.id ?? 1,
      },
    },
  };
}
