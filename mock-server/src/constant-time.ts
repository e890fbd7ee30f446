/**
 * Compares a presented secret with the expected one in time that depends only on the expected one's
 * length: every position is compared (no early exit), and a length mismatch is folded into the result
 * rather than returned early. A loop over character codes: hashing both sides costs microseconds, which
 * shows on routes that check a token on every request.
 */
export function secretEquals(presented: string | null | undefined, expected: string): boolean {
  if (presented === null || presented === undefined) return false;
  const n = presented.length;
  let diff = n ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (n === 0 ? 0 : presented.charCodeAt(i % n)) ^ expected.charCodeAt(i);
  return diff === 0;
}
