import { verifyPassword } from '../../passwords.js';
import type { ProductDb } from '../../store/product-db.js';
import type { StoredPassword } from './resolver.js';

export const SEED_HASH_META = 'seededPasswordHash';

/**
 * Password checks against the user stores. Seeded users share one hash (kept once in meta, rows hold
 * the marker 1), so a password once proven to match it is remembered and not derived again.
 */
export class PasswordCheck {
  private readonly matchesShared = new Set<string>();

  constructor(private readonly db: ProductDb) {
    db.onReset(() => this.matchesShared.clear());
  }

  /** The stored hash text (the shared one for the marker), or undefined for "no password". */
  hashOf(stored: StoredPassword | undefined): string | undefined {
    return stored === 1 ? this.db.getMeta<string>(SEED_HASH_META) : stored;
  }

  async verify(password: string, stored: StoredPassword | undefined): Promise<boolean> {
    if (stored === 1 && this.matchesShared.has(password)) return true;
    const ok = await verifyPassword(password, this.hashOf(stored));
    if (ok && stored === 1) this.matchesShared.add(password);
    return ok;
  }
}
