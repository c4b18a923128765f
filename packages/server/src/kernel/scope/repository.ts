import type { ScopedEntity } from '@jingzhun/domain';
import type { Kysely } from 'kysely';
import { pairedWithUser } from './need-to-know.repository.ts';
import type { DB } from '../db/schema.ts';

const isId = (id: string) => /^\d{1,18}$/.test(id);

/**
 * The region a record lies in, for the access check every route shares: a household's village, a job's
 * region, a unit's region… or undefined when there is no such record.
 */
export async function regionOfRecord(db: Kysely<DB>, entity: ScopedEntity, id: string): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  const one = async (q: { executeTakeFirst(): Promise<{ region: string } | undefined> }) => (await q.executeTakeFirst())?.region;
  switch (entity) {
    case 'household':
      return one(db.selectFrom('household').select('village_code as region').where('id', '=', id));
    case 'procedure':
      return one(db.selectFrom('procedure').select('village_code as region').where('id', '=', id));
    case 'adjustment':
      return one(db.selectFrom('adjustment_run').select('region_code as region').where('id', '=', id));
    case 'import':
      return one(db.selectFrom('import_job').select('region_code as region').where('id', '=', id));
    case 'attachment':
      return one(db.selectFrom('attachment').select('region_code as region').where('id', '=', id));
    case 'aidUnit':
      return one(db.selectFrom('aid_unit').select('region_code as region').where('id', '=', id));
    case 'aidStaff':
      return one(
        db.selectFrom('aid_staff as s').innerJoin('aid_unit as u', 'u.id', 's.unit_id').select('u.region_code as region').where('s.id', '=', id),
      );
    case 'pairing':
      return one(
        db
          .selectFrom('household_pairing as p')
          .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
          .select('h.village_code as region')
          .where('p.id', '=', id),
      );
    case 'workTeam':
      return one(db.selectFrom('work_team').select('village_code as region').where('id', '=', id));
    case 'campaign':
      return one(db.selectFrom('campaign').select('region_code as region').where('id', '=', id));
    case 'bookletJob':
      return one(db.selectFrom('booklet_job').select('region_code as region').where('id', '=', id));
    case 'feed':
      return one(db.selectFrom('feed').select('region_code as region').where('id', '=', id));
    case 'alert':
      return one(db.selectFrom('alert').select('village_code as region').where('id', '=', id));
    case 'selfReport':
      return one(db.selectFrom('self_report').select('village_code as region').where('id', '=', id));
    case 'relative':
      return one(db.selectFrom('relative').select('region_code as region').where('id', '=', id));
    case 'assessment':
    case 'rollup':
      return one(db.selectFrom('stat_job').select('region_code as region').where('id', '=', id).where('kind', '=', entity));
    case 'user':
      return one(db.selectFrom('app_user').select('region_code as region').where('id', '=', id));
  }
}

/** The household a case, an alert or a piece of evidence is about (null: evidence kept for no household). */
export async function householdOfRecord(db: Kysely<DB>, entity: 'procedure' | 'alert' | 'attachment', id: string): Promise<string | null | undefined> {
  if (!isId(id)) return undefined;
  if (entity === 'procedure') return (await db.selectFrom('procedure').select('household_id').where('id', '=', id).executeTakeFirst())?.household_id;
  if (entity === 'attachment') return (await db.selectFrom('attachment').select('household_id').where('id', '=', id).executeTakeFirst())?.household_id;
  return (await db.selectFrom('alert').select('household_id').where('id', '=', id).executeTakeFirst())?.household_id;
}

/** The aid unit a unit or staff record belongs to (the unit's own id, a member of staff's unit). */
export async function unitOfRecord(db: Kysely<DB>, entity: 'aidUnit' | 'aidStaff', id: string): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  if (entity === 'aidUnit') return (await db.selectFrom('aid_unit').select('id').where('id', '=', id).executeTakeFirst())?.id;
  return (await db.selectFrom('aid_staff').select('unit_id').where('id', '=', id).executeTakeFirst())?.unit_id;
}

/** Who owns a record kept for one user (an import job's uploader, a declared relative's declarer). */
export async function ownerOfRecord(db: Kysely<DB>, entity: ScopedEntity, id: string): Promise<string | null | undefined> {
  if (!isId(id)) return undefined;
  if (entity === 'import') return (await db.selectFrom('import_job').select('user_id').where('id', '=', id).executeTakeFirst())?.user_id;
  if (entity === 'relative') return (await db.selectFrom('relative').select('user_id').where('id', '=', id).executeTakeFirst())?.user_id;
  if (entity === 'attachment') return (await db.selectFrom('attachment').select('uploaded_by').where('id', '=', id).executeTakeFirst())?.uploaded_by;
  return undefined;
}

/** Whether a region code names a region that exists. */
export async function regionExists(db: Kysely<DB>, code: string): Promise<boolean> {
  return (await db.selectFrom('region').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}

/** Whether a household is paired today with the aid staff record of a user (a helper's own households). */
export async function isPairedWithUser(db: Kysely<DB>, userId: string, householdId: string, today: string): Promise<boolean> {
  if (!isId(householdId)) return false;
  const row = await db.selectFrom('household as h').select('h.id').where('h.id', '=', householdId).where(pairedWithUser(userId, today, 'h.county_code', 'h.id')).executeTakeFirst();
  return row !== undefined;
}
