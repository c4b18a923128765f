import { regionPrefix } from '@jingzhun/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

const USER_COLUMNS = [
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
] as const;

/** A user row with the name and level of its region, never the password hash. */
export function findUserById(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('app_user')
    .innerJoin('region', 'region.code', 'app_user.region_code')
    .leftJoin('aid_unit', 'aid_unit.id', 'app_user.aid_unit_id')
    .select([...USER_COLUMNS, 'region.name as region_name', 'region.level as region_level', 'aid_unit.name as aid_unit_name'])
    .where('app_user.id', '=', id)
    .executeTakeFirst();
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

export interface UserListFilter {
  scopeCode: string;
  q?: string | undefined;
  role?: string | undefined;
  sort: 'username' | 'displayName' | 'role' | 'createdAt' | 'lastLoginAt';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const SORT_COLUMNS = {
  username: 'app_user.username',
  displayName: 'app_user.display_name',
  role: 'app_user.role',
  createdAt: 'app_user.created_at',
  lastLoginAt: 'app_user.last_login_at',
} as const;

/** A page of users inside a region. */
export async function listUsers(db: Kysely<DB>, filter: UserListFilter) {
  let query = db
    .selectFrom('app_user')
    .innerJoin('region', 'region.code', 'app_user.region_code')
    .leftJoin('aid_unit', 'aid_unit.id', 'app_user.aid_unit_id')
    .where('app_user.region_code', 'like', `${regionPrefix(filter.scopeCode)}%`);
  if (filter.role) query = query.where('app_user.role', '=', filter.role);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('app_user.username', 'ilike', like), eb('app_user.display_name', 'ilike', like)]),
    );
  }
  const [items, total] = await Promise.all([
    query
      .select([...USER_COLUMNS, 'region.name as region_name', 'region.level as region_level', 'aid_unit.name as aid_unit_name'])
      .orderBy(SORT_COLUMNS[filter.sort], (ob) => (filter.order === 'asc' ? ob.asc().nullsFirst() : ob.desc().nullsLast()))
      .orderBy('app_user.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Whether any user exists at all (a fresh database has none). */
export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An aid unit by id, for an account that speaks for it. */
export function findAidUnit(db: Kysely<DB>, id: string) {
  return db.selectFrom('aid_unit').select(['id', 'region_code', 'name']).where('id', '=', id).executeTakeFirst();
}

/** A region by code. */
export function findRegion(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select(['code', 'name', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
}

/** Whether a username is taken, whatever its case. */
export async function usernameTaken(db: Kysely<DB>, username: string): Promise<boolean> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores a new user, who must change the initial password; returns its id. */
export async function insertUser(
  db: Kysely<DB>,
  user: { username: string; displayName: string; role: string; regionCode: string; passwordHash: string; aidUnitId: string | null },
): Promise<string> {
  const { id } = await db
    .insertInto('app_user')
    .values({
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      region_code: user.regionCode,
      password_hash: user.passwordHash,
      must_change_password: true,
      aid_unit_id: user.aidUnitId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Changes a user's name, role, region or activity (each when given) and its aid unit. */
export async function updateUserRow(
  db: Kysely<DB>,
  id: string,
  changes: { displayName?: string | undefined; role?: string | undefined; regionCode?: string | undefined; active?: boolean | undefined },
  aidUnitId: string | null,
): Promise<void> {
  await db
    .updateTable('app_user')
    .set({
      ...(changes.displayName !== undefined && { display_name: changes.displayName }),
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.regionCode !== undefined && { region_code: changes.regionCode }),
      ...(changes.active !== undefined && { active: changes.active }),
      aid_unit_id: aidUnitId,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** Ends every session of a user. */
export async function deleteSessionsOf(db: Kysely<DB>, userId: string): Promise<void> {
  await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}

/** Sets a new initial password, which the user must change, and lifts any lockout. */
export async function setInitialPassword(db: Kysely<DB>, id: string, hash: string): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Lifts a lockout. */
export async function clearLockout(db: Kysely<DB>, id: string): Promise<void> {
  await db.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
}
