import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** The user with that username (case-insensitive), with the password hash and region, for signing in. */
export function findUserForLogin(db: Kysely<DB>, username: string) {
  return db
    .selectFrom('app_user')
    .innerJoin('region', 'region.code', 'app_user.region_code')
    .select([
      'app_user.id',
      'app_user.username',
      'app_user.display_name',
      'app_user.role',
      'app_user.region_code',
      'app_user.must_change_password',
      'app_user.active',
      'app_user.failed_logins',
      'app_user.locked_until',
      'app_user.last_login_at',
      'app_user.created_at',
      'app_user.updated_at',
      'app_user.aid_unit_id',
      'app_user.password_hash',
      'region.name as region_name',
      'region.level as region_level',
    ])
    .where((eb) => eb(eb.fn('lower', ['app_user.username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

/** Counts one more wrong password of a user, in SQL so that concurrent guesses cannot overwrite each other's count. */
export async function countFailedLogin(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db
    .updateTable('app_user')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return row.failed_logins;
}

/** Opens a session for a signed-in user. */
export async function insertSession(db: Kysely<DB>, tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
  await db.insertInto('user_session').values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute();
}

/** Records a successful sign-in: the count of wrong passwords starts again, and a renewed hash replaces the old. */
export async function markLoggedIn(db: Kysely<DB>, userId: string, at: Date, rehash: string | null): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ failed_logins: 0, locked_until: null, last_login_at: at, ...(rehash ? { password_hash: rehash } : {}) })
    .where('id', '=', userId)
    .execute();
}

/** Ends the session of a token hash, if there is one. */
export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}

/** Extends a session that was used. */
export async function touchSession(db: Kysely<DB>, tokenHash: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
  await db.updateTable('user_session').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
}

/** Notes when an API token was last used. */
export async function touchApiToken(db: Kysely<DB>, tokenId: string, at: Date): Promise<void> {
  await db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', tokenId).execute();
}

/** The password hash of a user. */
export async function passwordHashOf(db: Kysely<DB>, userId: string): Promise<string> {
  const row = await db.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.password_hash;
}

/** Sets a user's own new password; it need not be changed again. */
export async function setOwnPassword(db: Kysely<DB>, userId: string, hash: string): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ password_hash: hash, must_change_password: false, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

/** Stores a new API token by its hash. */
export function insertApiToken(db: Kysely<DB>, token: { userId: string; name: string; tokenHash: string; expiresAt: Date | null }) {
  return db
    .insertInto('api_token')
    .values({ user_id: token.userId, name: token.name, token_hash: token.tokenHash, expires_at: token.expiresAt })
    .returning(['id', 'name', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/** The user's API tokens, without secrets, newest first. */
export function listApiTokens(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('api_token')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes one of a user's live tokens; false when it is not theirs or already revoked. */
export async function revokeOwnApiToken(db: Kysely<DB>, userId: string, tokenId: string): Promise<boolean> {
  const result = await db
    .updateTable('api_token')
    .set({ revoked_at: new Date() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows !== 0n;
}

/** The account as its own user sees it, with its aid unit. */
export function findMe(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('app_user')
    .leftJoin('aid_unit', 'aid_unit.id', 'app_user.aid_unit_id')
    .select(['app_user.id', 'app_user.username', 'app_user.display_name', 'app_user.role', 'app_user.region_code', 'app_user.must_change_password', 'aid_unit.id as unit_id', 'aid_unit.name as unit_name'])
    .where('app_user.id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** A region by code. */
export function findRegion(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select(['code', 'name', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
}

/** The session and its user for a token hash; expired sessions are returned so callers can say so. */
export function findSession(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .innerJoin('region', 'region.code', 'app_user.region_code')
    .select([
      'user_session.token_hash',
      'user_session.expires_at',
      'user_session.last_seen_at',
      'app_user.id',
      'app_user.username',
      'app_user.display_name',
      'app_user.role',
      'app_user.region_code',
      'app_user.active',
      'app_user.must_change_password',
      'app_user.aid_unit_id',
      'region.level as region_level',
    ])
    .where('user_session.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** The live API token and its user for a token hash. */
export function findApiToken(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .innerJoin('region', 'region.code', 'app_user.region_code')
    .select([
      'api_token.id as token_id',
      'api_token.expires_at',
      'api_token.revoked_at',
      'api_token.last_used_at',
      'app_user.id',
      'app_user.username',
      'app_user.display_name',
      'app_user.role',
      'app_user.region_code',
      'app_user.active',
      'app_user.must_change_password',
      'app_user.aid_unit_id',
      'region.level as region_level',
    ])
    .where('api_token.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Ends what a user signed in with before their password changed: every session but the one kept, and
 * every API token (revoked, so the list still shows it). Call it in the password write's transaction.
 */
export async function endCredentials(db: Kysely<DB>, userId: string, keepSessionHash?: string): Promise<{ sessions: number; tokens: number }> {
  let sessions = db.deleteFrom('user_session').where('user_id', '=', userId);
  if (keepSessionHash) sessions = sessions.where('token_hash', '!=', keepSessionHash);
  const ended = await sessions.executeTakeFirst();
  const revoked = await db
    .updateTable('api_token')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return { sessions: Number(ended.numDeletedRows), tokens: Number(revoked.numUpdatedRows) };
}
