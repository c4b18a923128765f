import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** A member of aid staff with the region of their unit, or undefined. */
export function staffWithRegion(db: Kysely<DB>, staffId: string) {
  return db
    .selectFrom('aid_staff as s')
    .innerJoin('aid_unit as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.name', 's.user_id', 'u.region_code'])
    .where('s.id', '=', staffId)
    .executeTakeFirst();
}

/** A user's id and region, or undefined. */
export function findUserRegion(db: Kysely<DB>, userId: string) {
  return db.selectFrom('app_user').select(['id', 'region_code']).where('id', '=', userId).executeTakeFirst();
}

/** Stores a relative of a user or of a member of staff; undefined when the owner has one with this resident ID already. */
export function insertRelative(
  db: Kysely<DB>,
  relative: { regionCode: string; userId: string | null; staffId: string | null; name: string; idNumber: string; relation: string; createdBy: string },
) {
  return db
    .insertInto('relative')
    .values({ region_code: relative.regionCode, user_id: relative.userId, staff_id: relative.staffId, name: relative.name, id_number: relative.idNumber, relation: relative.relation, created_by: relative.createdBy })
    .onConflict((oc) =>
      relative.userId !== null
        ? oc.columns(['user_id', 'id_number']).where('user_id', 'is not', null).doNothing()
        : oc.columns(['staff_id', 'id_number']).where('staff_id', 'is not', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
}

/** The relatives of a user or of a member of staff, in the order they were added. */
export function listRelativesOf(db: Kysely<DB>, owner: { userId: string | null; staffId: string | null }) {
  return db
    .selectFrom('relative')
    .select(['id', 'user_id', 'staff_id', 'name', 'id_number', 'relation', 'created_at'])
    .$if(owner.userId !== null, (q) => q.where('user_id', '=', owner.userId as string))
    .$if(owner.staffId !== null, (q) => q.where('staff_id', '=', owner.staffId as string))
    .orderBy('id')
    .execute();
}

/** One relative by id, or undefined. */
export function findRelative(db: Kysely<DB>, id: string) {
  return db.selectFrom('relative').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Removes a relative. */
export async function deleteRelative(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('relative').where('id', '=', id).execute();
}

/** A user's own resident ID, the row locked. */
export function lockUserIdNumber(db: Kysely<DB>, userId: string) {
  return db.selectFrom('app_user').select('id_number').where('id', '=', userId).forUpdate().executeTakeFirstOrThrow();
}

/** Sets (or clears) a user's own resident ID. */
export async function updateUserIdNumber(db: Kysely<DB>, userId: string, idNumber: string | null): Promise<void> {
  await db.updateTable('app_user').set({ id_number: idNumber, updated_at: new Date() }).where('id', '=', userId).execute();
}

/** A member of staff's resident ID, the row locked. */
export function lockStaffIdNumber(db: Kysely<DB>, staffId: string) {
  return db.selectFrom('aid_staff').select('id_number').where('id', '=', staffId).forUpdate().executeTakeFirstOrThrow();
}

/** Sets (or clears) a member of staff's resident ID. */
export async function updateStaffIdNumber(db: Kysely<DB>, staffId: string, idNumber: string | null): Promise<void> {
  await db.updateTable('aid_staff').set({ id_number: idNumber }).where('id', '=', staffId).execute();
}
