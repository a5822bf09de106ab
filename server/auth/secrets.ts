import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { enrollmentCodeAlphabet } from '#shared/sync/index';

/**
 * Password hashing with scrypt, Node's built-in memory-hard KDF (N = 2^15, r = 8: 32 MiB per hash),
 * stored as `scrypt$N$r$p$salt$hash` so the cost can be raised for new hashes without a migration.
 */
const defaults = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 32;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password,
      salt,
      keyLength,
      { ...options, maxmem: 128 * options.N! * options.r! * 2 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string, cost: { N: number; r: number; p: number } = defaults) {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A fixed hash checked when the user does not exist, so timing does not reveal user names. */
let decoy: Promise<string> | null = null;

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const target = stored ?? (await (decoy ??= hashPassword('decoy-password-never-matches')));
  const parts = target.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    return false;
  }
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return stored !== null && key.length === expected.length && timingSafeEqual(key, expected);
}

/** Device tokens: 256 random bits. Stored as their sha256 (a fast hash is enough for this entropy). */
export function newDeviceToken(): string {
  return `wrmd_${randomBytes(32).toString('base64url')}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A one-time enrolment code, `XXXX-XXXX-XXXX` from a 31-letter alphabet (~59 bits). */
export function newEnrollmentCode(): string {
  const bytes = randomBytes(12);
  const chars = Array.from(bytes, (b) => enrollmentCodeAlphabet[b % enrollmentCodeAlphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
