import { AppError } from '../../kernel/errors.ts';
import { type Me, passwordProblem, type RegionLevel, type Role } from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { regionPath } from '../regions/service.ts';
import { dummyHash, hashPassword, hashSecret, needsRehash, newSecret, verifyPassword } from './password.ts';
import {
  countFailedLogin,
  deleteSession,
  endCredentials as endCredentialsOf,
  findApiToken,
  findMe,
  findRegion,
  findSession,
  findUserForLogin,
  insertApiToken,
  insertSession,
  listApiTokens as listApiTokensOf,
  markLoggedIn,
  passwordHashOf,
  revokeOwnApiToken,
  setOwnPassword,
  touchApiToken,
  touchSession,
} from './repository.ts';

/**
 * Wrong passwords allowed per account and client address before that address must wait, and for how long.
 * Counted per pair, not per account: an outsider who guesses at `admin` stops only themself.
 */
export const LOCKOUT = { attempts: 5, minutes: 15 };

/** Sessions are extended on use, but written back at most this often to keep reads cheap. */
const SESSION_TOUCH_MS = 5 * 60 * 1000;

export interface AuthSettings {
  sessionHours: number;
}

/** Wrong passwords counted for one account from one client address (kept by the HTTP layer's limiter). */
export interface FailureCounter {
  /** Seconds until this pair may try again, or 0 when it may now. */
  blockedFor(): Promise<number>;
  /** Counts one wrong password. */
  count(): Promise<void>;
}

/** Refuses a pair that has used up its wrong passwords, naming when it may try again. */
async function assertNotBlocked(failures: FailureCounter): Promise<void> {
  const wait = await failures.blockedFor();
  if (wait > 0) throw new AppError('too_many_attempts', { retryAfterSeconds: wait });
}

/**
 * Signs in: checks the password and opens a session; returns its secret. Known and unknown accounts get
 * the same answer after the same work (one scrypt of today's cost); a hash of an older cost is renewed.
 */
export async function login(
  db: Db,
  settings: AuthSettings,
  username: string,
  password: string,
  requestId: string,
  failures: FailureCounter,
): Promise<{ secret: string; userId: string; expiresAt: Date }> {
  await assertNotBlocked(failures);
  const user = await findUserForLogin(db, username);
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
  if (!user || !ok) {
    await failures.count();
    if (user) {
      await inTransaction(db, async (trx) => {
        // Counted in SQL so that concurrent wrong guesses cannot overwrite each other's count.
        const failedLogins = await countFailedLogin(trx, user.id);
        await recordAudit(trx, { id: user.id, name: user.username, requestId }, {
          action: 'auth.login_failed',
          entity: 'user',
          entityId: user.id,
          regionCode: user.region_code,
          after: { failedLogins },
        });
      });
    }
    throw new AppError('invalid_credentials');
  }
  const actor: Actor = { id: user.id, name: user.username, requestId };
  if (!user.active) throw new AppError('account_disabled');
  const now = new Date();
  const rehash = needsRehash(user.password_hash) ? await hashPassword(password) : null;
  const { secret, hash } = newSecret('');
  const expiresAt = new Date(now.getTime() + settings.sessionHours * 3_600_000);
  await inTransaction(db, async (trx) => {
    await insertSession(trx, hash, user.id, expiresAt);
    await markLoggedIn(trx, user.id, now, rehash);
    await recordAudit(trx, actor, {
      action: 'auth.login',
      entity: 'user',
      entityId: user.id,
      regionCode: user.region_code,
      ...(rehash ? { after: { passwordRehashed: true } } : {}),
    });
  });
  return { secret, userId: user.id, expiresAt };
}

/** Ends the session of a secret; unknown secrets are ignored. */
export async function logout(db: Db, secret: string): Promise<void> {
  await deleteSession(db, hashSecret(secret));
}

function toSessionUser(
  row: {
    id: string;
    username: string;
    display_name: string;
    role: string;
    region_code: string;
    region_level: RegionLevel;
    must_change_password: boolean;
    aid_unit_id: string | null;
  },
  via: SessionUser['via'],
): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    regionCode: row.region_code,
    regionLevel: row.region_level,
    mustChangePassword: row.must_change_password,
    aidUnitId: row.aid_unit_id,
    via,
  };
}

/** The user of a session cookie: 'expired' when it was valid once, null when unknown or disabled. */
export async function resolveSession(
  db: Db,
  settings: AuthSettings,
  secret: string,
): Promise<SessionUser | 'expired' | null> {
  const hash = hashSecret(secret);
  const row = await findSession(db, hash);
  if (!row || !row.active) return null;
  const now = Date.now();
  if (row.expires_at.getTime() <= now) {
    await deleteSession(db, hash);
    return 'expired';
  }
  if (now - row.last_seen_at.getTime() > SESSION_TOUCH_MS) {
    await touchSession(db, hash, new Date(now), new Date(now + settings.sessionHours * 3_600_000));
  }
  return toSessionUser(row, 'session');
}

/** The user of a bearer token, or null when unknown, revoked, expired or disabled. */
export async function resolveApiToken(db: Db, secret: string): Promise<SessionUser | null> {
  const row = await findApiToken(db, hashSecret(secret));
  if (!row || !row.active || row.revoked_at) return null;
  const now = Date.now();
  if (row.expires_at && row.expires_at.getTime() <= now) return null;
  if (!row.last_used_at || now - row.last_used_at.getTime() > SESSION_TOUCH_MS) {
    await touchApiToken(db, row.token_id, new Date(now));
  }
  return toSessionUser(row, 'token');
}

/** Changes one's own password after checking the current one (wrong ones counted like sign-ins); other sessions and all API tokens of the user end. */
export async function changePassword(
  db: Db,
  user: SessionUser,
  currentPassword: string,
  newPassword: string,
  keepSecret: string | undefined,
  requestId: string,
  failures: FailureCounter,
): Promise<void> {
  await assertNotBlocked(failures);
  if (!(await verifyPassword(currentPassword, await passwordHashOf(db, user.id)))) {
    await failures.count();
    throw new AppError('wrong_password', { field: 'currentPassword' });
  }
  const problem = passwordProblem(newPassword, user.username);
  if (problem) throw new AppError('weak_password', { field: 'newPassword', rule: problem });
  if (newPassword === currentPassword) {
    throw new AppError('weak_password', { field: 'newPassword', rule: 'differs_from_current' });
  }
  const hash = await hashPassword(newPassword);
  await inTransaction(db, async (trx) => {
    await setOwnPassword(trx, user.id, hash);
    // The session that changed it stays; every other session and every API token ends with the old password.
    const ended = await endCredentialsOf(trx, user.id, keepSecret && user.via === 'session' ? hashSecret(keepSecret) : undefined);
    await recordAudit(trx, { id: user.id, name: user.username, requestId }, {
      action: 'auth.password_changed',
      entity: 'user',
      entityId: user.id,
      regionCode: user.regionCode,
      after: { endedSessions: ended.sessions, revokedTokens: ended.tokens },
    });
  });
}

/** Issues an API token for the user; the secret is returned once and only its hash is kept. */
export async function createApiToken(
  db: Db,
  user: SessionUser,
  name: string,
  expiresInDays: number | undefined,
  requestId: string,
) {
  const { secret, hash } = newSecret('jzt_');
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
  return inTransaction(db, async (trx) => {
    const row = await insertApiToken(trx, { userId: user.id, name, tokenHash: hash, expiresAt });
    await recordAudit(trx, { id: user.id, name: user.username, requestId }, {
      action: 'api_token.created',
      entity: 'api_token',
      entityId: row.id,
      regionCode: user.regionCode,
      after: { name, expiresAt },
    });
    return { ...row, secret };
  });
}

/** The user's API tokens, without secrets. */
export function listApiTokens(db: Db, userId: string) {
  return listApiTokensOf(db, userId);
}

/** Revokes one of the user's own tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken(db: Db, user: SessionUser, tokenId: string, requestId: string): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    if (!(await revokeOwnApiToken(trx, user.id, tokenId))) return false;
    await recordAudit(trx, { id: user.id, name: user.username, requestId }, {
      action: 'api_token.revoked',
      entity: 'api_token',
      entityId: tokenId,
      regionCode: user.regionCode,
    });
    return true;
  });
}

/**
 * Ends what a user signed in with before their password changed: every session but the one kept, and
 * every API token (revoked, so the list still shows it). Call it in the password write's transaction.
 */
export function endCredentials(db: Db, userId: string, keepSessionHash?: string): Promise<{ sessions: number; tokens: number }> {
  return endCredentialsOf(db, userId, keepSessionHash);
}

/** The signed-in account as its own user sees it: role, region with its path, aid unit. */
export async function describeMe(db: Db, userId: string): Promise<Me> {
  const row = await findMe(db, userId);
  const region = await findRegion(db, row.region_code);
  if (!region) throw new AppError('internal');
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    mustChangePassword: row.must_change_password,
    region: { code: region.code, name: region.name, level: region.level, path: await regionPath(db, region.code) },
    aidUnit: row.unit_id && row.unit_name ? { id: row.unit_id, name: row.unit_name } : null,
  };
}
