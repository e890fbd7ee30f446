import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented secret with the expected one in time that depends on neither: both are hashed
 * to the same length first, so even a length mismatch takes as long as a match.
 */
export function secretEquals(presented: string | null | undefined, expected: string): boolean {
  const a = createHash('sha256').update(presented ?? '').digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented !== null && presented !== undefined;
}
