import { createHash, randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt's cost as OWASP names it today: N = 2^17, r = 8, p = 1 (about 128 MiB and a few tenths of a second). */
export const DEFAULT_PASSWORD_COST = 17;
const R = 8;
const P = 1;
const KEYLEN = 32;
/** The most a stored hash may ask for; a larger N is no hash of ours. */
const MAX_LOG2_N = 20;

let log2N = DEFAULT_PASSWORD_COST;
let dummy: { log2N: number; hash: Promise<string> } | undefined;

/**
 * Sets the cost of new hashes (log2 of scrypt's N), from JINGZHUN_SCRYPT_LOG2N; tests lower it to stay
 * fast. Hashes of another cost still verify, and are re-hashed at the next sign-in.
 */
export function setPasswordCost(cost: number): void {
  log2N = cost;
}

/** scrypt refuses to use more memory than maxmem; 128·N·r bytes is what it needs, plus room. */
function maxmemOf(n: number, r: number): number {
  return 128 * n * r * 2;
}

/** Hashes a password with scrypt and a random salt, as `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** log2N;
  const hash = await scrypt(password.normalize('NFKC'), salt, KEYLEN, { N, r: R, p: P, maxmem: maxmemOf(N, R) });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const N = Number(n);
  const rr = Number(r);
  if (!Number.isInteger(N) || N < 2 || N > 2 ** MAX_LOG2_N || !Number.isInteger(rr) || rr < 1 || rr > 32) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N,
    r: rr,
    p: Number(p),
    maxmem: maxmemOf(N, rr),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether a stored hash was made at another cost than today's, so it is re-hashed at the next sign-in. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) !== 2 ** log2N || Number(r) !== R || Number(p) !== P;
}

/**
 * A hash at today's cost of a password nobody knows, verified against when the username is unknown so
 * that both paths cost one scrypt of the same size and take as long.
 */
export function dummyHash(): Promise<string> {
  if (dummy?.log2N !== log2N) dummy = { log2N, hash: hashPassword(randomBytes(16).toString('hex')) };
  return dummy.hash;
}

/** A new random secret (session or API token) and the hash of it that is stored. */
export function newSecret(prefix: string): { secret: string; hash: string } {
  const secret = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSecret(secret) };
}

/** SHA-256 of a secret: tokens are long and random, so a fast hash is enough and lookups stay indexed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A readable random password for a first admin (letters and digits, 16 characters). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[randomInt(alphabet.length)];
  return /\d/.test(out) && /[A-Za-z]/.test(out) ? out : generatePassword();
}
