import { registerCache } from '../../caches.js';
import type { PreparedSuccess } from './envelope.js';

interface Entry {
  readonly reply: PreparedSuccess;
  /** Asked for since it was last passed over by eviction (a second chance instead of re-inserting). */
  used: boolean;
}

/**
 * Answers of repeatable reads (`GET /user/` with the same normalised parameters), of the versions both
 * user stores are at: a change to either drops them all (left to age out, they would be copied into
 * the old generation of the heap under write load). Oldest first out, unless asked for since
 * (second chance: roughly least recently used); bounded by bytes held (a list of 500 users is about 150 kB, twice with its last answer) and by count.
 * A reply it lets go is disposed of: nothing asks it again, and its pages go back once written out.
 */
export class ReplyCache {
  private readonly entries = new Map<string, Entry>();
  private size = 0;
  private sqlVersion = -1;
  private ldapVersion = -1;

  constructor(
    private readonly maxBytes: number,
    private readonly maxEntries: number,
  ) {
    registerCache(this, 'privacyidea');
  }

  get(key: string, sqlVersion: number, ldapVersion: number): PreparedSuccess | undefined {
    this.keepOnly(sqlVersion, ldapVersion);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // (a flag, not a re-insertion: storing this request's key in the long-lived map on every hit
    // would give each minor garbage collection more to trace)
    entry.used = true;
    return entry.reply;
  }

  /** Returns whether it keeps `reply` (not one over a quarter of its bytes). */
  set(key: string, sqlVersion: number, ldapVersion: number, reply: PreparedSuccess): boolean {
    this.keepOnly(sqlVersion, ldapVersion);
    if (reply.size > this.maxBytes / 4) return false;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.size -= old.reply.size;
      if (old.reply !== reply) old.reply.dispose();
    }
    this.entries.set(key, { reply, used: false });
    this.size += reply.size;
    while (this.size > this.maxBytes || this.entries.size > this.maxEntries) {
      const [k, e] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(k);
      if (e.used) {
        e.used = false;
        this.entries.set(k, e);
      } else {
        this.size -= e.reply.size;
        e.reply.dispose();
      }
    }
    return true;
  }

  private keepOnly(sqlVersion: number, ldapVersion: number): void {
    if (sqlVersion === this.sqlVersion && ldapVersion === this.ldapVersion) return;
    this.sqlVersion = sqlVersion;
    this.ldapVersion = ldapVersion;
    if (this.entries.size) this.clear();
  }

  clear(): void {
    for (const e of this.entries.values()) e.reply.dispose();
    this.entries.clear();
    this.size = 0;
  }
}
