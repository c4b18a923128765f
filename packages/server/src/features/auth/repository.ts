import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

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
