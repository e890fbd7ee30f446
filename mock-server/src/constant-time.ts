/**
 * Compares a presented secret with the expected one in time that depends only on the presented one's
 * length, never on the secret's contents or length: every presented character is compared (no early
 * exit), and a length mismatch is folded into the result. A loop over character codes, without
 * allocating: hashing both sides costs microseconds, which shows on routes that check a secret on every
 * request.
 */
export function secretEquals(presented: string | null | undefined, expected: string): boolean {
  if (presented === null || presented === undefined) return false;
  const n = expected.length;
  if (n === 0) return presented.length === 0;
  let diff = presented.length ^ n;
  for (let i = 0; i < presented.length; i++) diff |= presented.charCodeAt(i) ^ expected.charCodeAt(i % n);
  return diff === 0;
}
