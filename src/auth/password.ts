import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** Clients send the lowercase hex MD5 of the password; that value is what we slow-hash at rest. */
export const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

const N = 16384;
const r = 8;
const p = 1;
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, n = N, rr = r, pp = p): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LENGTH, { N: n, r: rr, p: pp, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` of the (lowercased) MD5 value. */
export async function hashPasswordMd5(passwordMd5: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(passwordMd5.toLowerCase(), salt);
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPasswordMd5(passwordMd5: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(passwordMd5.toLowerCase(), Buffer.from(salt, 'base64'), Number(n), Number(rr), Number(pp));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash that never verifies, so an unknown user costs the same time as a wrong password. */
export const DUMMY_HASH = `scrypt$${N}$${r}$${p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;

export const randomPassword = (): string => randomBytes(12).toString('base64url');
