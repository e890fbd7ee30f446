import type { Reply } from './http.js';
import type { Session } from './sessions.js';

/** A read's answer with its body already encoded, as kept by `AnswerCache`. */
export type EncodedReply = Reply & { text: string };

/**
 * Encoded answers of repeated reads (an item, a list page, a search), bounded in entries and bytes.
 * A key holds everything such an answer depends on: the data's version, the session's rights and
 * paging preference, the API URL (links), the verb and every parameter — so a hit is the same bytes
 * the read would produce again.
 */
export class AnswerCache {
  private readonly map = new Map<string, EncodedReply>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 4096,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  static key(parts: { version: number; session: Session; apiUrl: string; verb: string; what: string; params: unknown; second?: number }): string {
    const s = parts.session;
    return JSON.stringify([
      parts.version,
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

  get(key: string, compute: () => EncodedReply): EncodedReply {
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const answer = compute();
    const size = key.length + answer.text.length;
    if (size > this.maxBytes / 8) return answer;
    this.map.set(key, answer);
    this.bytes += size;
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldest, value] = this.map.entries().next().value!;
      this.map.delete(oldest);
      this.bytes -= oldest.length + value.text.length;
    }
    return answer;
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }
}
