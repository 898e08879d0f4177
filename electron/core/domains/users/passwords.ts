// Password hashing with scrypt (node:crypto) and a per-user salt. Hashes never leave the core.
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
// N=2^15 costs ~50 ms here: slow enough against guessing, fast enough for a sign-in.
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<{ hash: string; salt: string }> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEYLEN, PARAMS);
  return { hash: `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${key.toString('base64')}`, salt: salt.toString('base64') };
}

export async function verifyPassword(password: string, stored: { hash: string; salt: string }): Promise<boolean> {
  const [scheme, n, r, p, b64] = stored.hash.split('$');
  if (scheme !== 'scrypt' || !b64) return false;
  const expected = Buffer.from(b64, 'base64');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(stored.salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return crypto.timingSafeEqual(key, expected);
}
