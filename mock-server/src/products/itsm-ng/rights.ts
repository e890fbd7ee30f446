import { builtinProfile, RIGHT_NAMES, rightsOf } from './builtins.js';
import type { Ctx } from './context.js';
import type { Model } from './model.js';
import { viewsAllEntities, type Session } from './sessions.js';

/**
 * The rights rules the mock applies beyond plain right bits: which users a session can reach
 * (through the entities of their profile assignments) and whether the session's profile outranks
 * other profiles (needed to change another user's password, activity or tokens, or to hand out a
 * profile).
 */

function interfaceOf(profileId: number): 'helpdesk' | 'central' {
  return builtinProfile(profileId)?.interface ?? 'helpdesk';
}

/** A profile every right of which the active profile also holds (and no central one for helpdesk). */
export function profileUnder(session: Session, profileId: number): boolean {
  const mine = rightsOf(session.profileId);
  const theirs = rightsOf(profileId);
  if (interfaceOf(session.profileId) === 'helpdesk' && interfaceOf(profileId) === 'central') return false;
  return RIGHT_NAMES.every((r) => (theirs[r] & ~mine[r]) === 0);
}

/** `Profile::currentUserHaveMoreRightThan`: no ids means "more than every profile". */
export function outranksProfiles(m: Model, session: Session, profileIds: Iterable<number>): boolean {
  const ids = [...profileIds];
  if (!ids.length) return [...m.profiles.values()].every((p) => profileUnder(session, p.id));
  return ids.every((id) => profileUnder(session, id));
}

/** `User::currentUserHaveMoreRightThan`: outranks every profile the user holds. */
export function outranksUser(m: Model, session: Session, userId: number): boolean {
  const ids = new Set<number>();
  for (const pu of m.profileUsersByUser.get(userId)) ids.add(pu.profiles_id as number);
  return outranksProfiles(m, session, ids);
}

/**
 * Whether a user is within the session's entities: one of their assignments is on an active
 * entity (recursive assignments also reach sub-entities), or the session sees every entity.
 */
export function userReachable(m: Model, session: Session, userId: number, followRecursive = true): boolean {
  if (viewsAllEntities(m, session)) return true;
  for (const pu of m.profileUsersByUser.get(userId)) {
    const e = (pu.entities_id ?? 0) as number;
    if (session.activeEntities.includes(e)) return true;
    if (followRecursive && pu.is_recursive === 1) for (const son of m.entityTree.sonsOf(e)) if (session.activeEntities.includes(son)) return true;
  }
  return false;
}

/** A user the session may update: theirs, or one reachable with UPDATE on users. */
export function canManageUser(ctx: Ctx, userId: number): boolean {
  return userReachable(ctx.model, ctx.session, userId, false);
}
