import { randomBytes } from 'node:crypto';
import { GLOBAL_PREFERENCES, LIST_LIMIT_MAX, SESSION_IDLE_SECONDS } from './builtins.js';
import { cell, type Model, type Rec } from './model.js';
import { USER_COLUMNS } from './schema.js';
import { compareCells } from './text.js';

/**
 * API sessions. The product keeps them as PHP sessions (outside its database), so the mock keeps
 * them in memory: token → user, the profiles and entities loaded at login, the active profile and
 * the active entities. Idle sessions expire after PHP's default lifetime (1440 s).
 */

export interface ProfileEntity {
  id: number;
  name: string;
  is_recursive: number;
}

export interface Session {
  readonly token: string;
  readonly userId: number;
  /** The user's profiles at login: id → name and entity assignments (ordered by profile name). */
  profiles: Map<number, { name: string; entities: ProfileEntity[] }>;
  profileId: number;
  activeEntity: number;
  /** 0/1 when taken from an assignment, a boolean when set by changeActiveEntities. */
  activeRecursive: number | boolean;
  activeEntities: number[];
  /** Ancestors of the active entities (recursive items there are visible too). */
  parentEntities: number[];
  listLimit: number;
  lastSeen: number;
}

const USER_COL = new Map(USER_COLUMNS.map((c) => [c.name, c]));

/** A PHP session id: 26 characters of [0-9a-v]. */
function newToken(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  const bytes = randomBytes(26);
  let s = '';
  for (const b of bytes) s += alphabet[b & 31];
  return s;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  constructor(private readonly idleMs = SESSION_IDLE_SECONDS * 1000) {}

  /** The live session for a token (touching it), or undefined if unknown or expired. */
  get(token: string, now: number): Session | undefined {
    const s = this.sessions.get(token);
    if (!s) return undefined;
    if (now - s.lastSeen > this.idleMs) {
      this.sessions.delete(token);
      return undefined;
    }
    s.lastSeen = now;
    return s;
  }

  add(session: Omit<Session, 'token'>): Session {
    this.sweep(session.lastSeen);
    const s = { ...session, token: newToken() };
    this.sessions.set(s.token, s);
    return s;
  }

  kill(token: string): void {
    this.sessions.delete(token);
  }

  clear(): void {
    this.sessions.clear();
  }

  /** Drops expired sessions so a long-running server does not accumulate them. */
  private sweep(now: number): void {
    if (this.sessions.size < 1000) return;
    for (const [k, s] of this.sessions) if (now - s.lastSeen > this.idleMs) this.sessions.delete(k);
  }
}

/** The user's profiles and their entity assignments, as the product loads them at login. */
export function loadProfiles(model: Model, userId: number): Session['profiles'] {
  const byProfile = new Map<number, ProfileEntity[]>();
  for (const pu of model.profileUsersByUser.get(userId)) {
    const pid = pu.profiles_id as number;
    if (!model.profiles.has(pid)) continue;
    const eid = (pu.entities_id ?? 0) as number;
    const entity = model.entities.get(eid);
    if (!entity) continue;
    const list = byProfile.get(pid) ?? [];
    if (!list.some((e) => e.id === eid)) list.push({ id: eid, name: String(entity.name ?? ''), is_recursive: (pu.is_recursive ?? 0) as number });
    byProfile.set(pid, list);
  }
  const ordered = [...byProfile.entries()].sort(([a], [b]) => compareCells(model.profiles.get(a)!.name, model.profiles.get(b)!.name) || a - b);
  const out: Session['profiles'] = new Map();
  for (const [pid, entities] of ordered) {
    entities.sort((a, b) => compareCells(model.entityTree.node(a.id)?.completename ?? '', model.entityTree.node(b.id)?.completename ?? ''));
    out.set(pid, { name: String(model.profiles.get(pid)!.name ?? ''), entities });
  }
  return out;
}

/** Sets the active entities; false when the entity is outside the active profile's reach. */
export function changeActiveEntities(model: Model, s: Session, id: number | 'all', recursive: boolean | number): boolean {
  const assignments = s.profiles.get(s.profileId)?.entities ?? [];
  const next: number[] = [];
  const add = (e: number) => {
    if (!next.includes(e)) next.push(e);
  };
  let ancestors: number[] = [];
  if (id === 'all') {
    for (const a of assignments) {
      for (const anc of model.entityTree.node(a.id)?.ancestors ?? []) if (!ancestors.includes(anc)) ancestors.push(anc);
      add(a.id);
      if (a.is_recursive) for (const son of model.entityTree.sonsOf(a.id)) add(son);
    }
  } else {
    if (!model.entities.has(id)) return false;
    ancestors = model.entityTree.node(id)?.ancestors ?? [];
    if (!assignments.some((a) => a.id === id || (a.is_recursive && ancestors.includes(a.id)))) return false;
    add(id);
    if (recursive) for (const son of model.entityTree.sonsOf(id)) add(son);
  }
  if (!next.length) return false;
  s.activeEntities = next;
  s.parentEntities = ancestors;
  s.activeEntity = next[0];
  s.activeRecursive = id === 'all' ? false : recursive;
  return true;
}

/** Makes a profile active and picks the active entities the way the product does on login. */
export function changeProfile(model: Model, s: Session, profileId: number, defaultEntity: number): void {
  const profile = s.profiles.get(profileId);
  if (!profile || !profile.entities.length) return;
  s.profileId = profileId;
  const exact = profile.entities.find((e) => e.id === defaultEntity);
  if (exact && changeActiveEntities(model, s, exact.id, exact.is_recursive)) return;
  if (changeActiveEntities(model, s, defaultEntity, true)) return;
  changeActiveEntities(model, s, 'all', false);
}

/** The page size a session uses when a request gives no range. */
export function listLimitOf(user: Rec): number {
  const pref = cell(user, USER_COL.get('list_limit')!);
  const limit = typeof pref === 'number' ? pref : (GLOBAL_PREFERENCES.list_limit as number);
  return Math.min(limit, LIST_LIMIT_MAX);
}

/** A session for a user who just logged in (undefined when the user holds no usable profile). */
export function openSession(model: Model, store: SessionStore, user: Rec, now: number): Session | undefined {
  const profiles = loadProfiles(model, user.id);
  if (!profiles.size) return undefined;
  const draft: Omit<Session, 'token'> = {
    userId: user.id,
    profiles,
    profileId: 0,
    activeEntity: 0,
    activeRecursive: 0,
    activeEntities: [],
    parentEntities: [],
    listLimit: listLimitOf(user),
    lastSeen: now,
  };
  const s = store.add(draft);
  const preferred = (user.profiles_id ?? 0) as number;
  const defaultEntity = (user.entities_id ?? 0) as number;
  changeProfile(model, s, profiles.has(preferred) ? preferred : profiles.keys().next().value!, defaultEntity);
  return s;
}

/** Session::canViewAllEntities: every entity is active. */
export function viewsAllEntities(model: Model, s: Session): boolean {
  return s.activeEntities.length >= model.entities.size;
}

/** Whether an entity-assigned row is visible from the session's active entities. */
export function entityVisible(s: Session, entityId: number, recursive: boolean): boolean {
  return s.activeEntities.includes(entityId) || (recursive && s.parentEntities.includes(entityId));
}
