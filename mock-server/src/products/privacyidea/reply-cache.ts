import type { PreparedSuccess } from './envelope.js';

interface Entry {
  readonly sqlVersion: number;
  readonly ldapVersion: number;
  readonly reply: PreparedSuccess;
  /** Asked for since it was last passed over by eviction (a second chance instead of re-inserting). */
  used: boolean;
}

/**
 * Answers of repeatable reads (`GET /user/` with the same normalised parameters), valid while both
 * user stores are at the versions they were computed from. Oldest first out, unless asked for since
 * (second chance: roughly least recently used); bounded by bytes held (a list of 500 users is about 150 kB, twice with its last answer) and by count.
 */
export class ReplyCache {
  private readonly entries = new Map<string, Entry>();
  private size = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, sqlVersion: number, ldapVersion: number): PreparedSuccess | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.sqlVersion !== sqlVersion || entry.ldapVersion !== ldapVersion) {
      this.entries.delete(key);
      this.size -= entry.reply.size;
      return undefined;
    }
    // (a flag, not a re-insertion: storing this request's key in the long-lived map on every hit
    // would give each minor garbage collection more to trace)
    entry.used = true;
    return entry.reply;
  }

  set(key: string, sqlVersion: number, ldapVersion: number, reply: PreparedSuccess): void {
    if (reply.size > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.size -= old.reply.size;
    }
    this.entries.set(key, { sqlVersion, ldapVersion, reply, used: false });
    this.size += reply.size;
    while (this.size > this.maxBytes || this.entries.size > this.maxEntries) {
      const [k, e] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(k);
      if (e.used) {
        e.used = false;
        this.entries.set(k, e);
      } else this.size -= e.reply.size;
    }
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }
}
