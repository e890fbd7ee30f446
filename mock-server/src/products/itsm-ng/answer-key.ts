import type { Session } from './sessions.js';

/**
 * The cache key of a read's answer: everything it depends on besides the data's version (the cache
 * holds one version's answers) — the session's user, rights and paging preference, the API URL (links),
 * the verb, what is read and every parameter; `second` for reads that resolve relative dates.
 */
export function answerKey(parts: { session: Session; apiUrl: string; verb: string; what: string; params: unknown; second?: number }): string {
  const s = parts.session;
  return JSON.stringify([
    s.userId,
    s.profileId,
    s.activeEntity,
    s.activeRecursive,
    s.activeEntities,
    s.parentEntities,
    s.listLimit,
    parts.apiUrl,
    parts.verb,
    parts.what,
    parts.second ?? null,
    parts.params,
  ]);
}
