import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes as the mock stores them: `scrypt$<logN>$<salt hex>$<hash hex>`. Real products use
 * bcrypt and friends; the format never leaves the server, so one well-known KDF serves all five.
 * The cost is modest on purpose: this is a development server, and a write benchmark creates users.
 */
const LOG_N = 12;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, logN: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N: 1 << logN, r: 8, p: 1 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Hashes with a random salt, or with `salt` when given (deterministic seeds). */
export async function hashPassword(password: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const key = await derive(password, salt, LOG_N);
  return `scrypt$${LOG_N}$${salt.toString('hex')}$${key.toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) return false;
  const [scheme, logN, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  const key = await derive(password, Buffer.from(salt, 'hex'), Number(logN));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A salt derived from a name, for seeds that must produce the same bytes every time. */
export function deterministicSalt(name: string): Buffer {
  return createHash('sha256').update(name).digest().subarray(0, 16);
}
