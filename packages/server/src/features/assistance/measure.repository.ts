import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** A household's measures with their helper's name, oldest first. */
export function listMeasures(db: Kysely<DB>, countyCode: string, householdId: string) {
  return db
    .selectFrom('household_measure as m')
    .leftJoin('aid_staff as s', 's.id', 'm.helper_id')
    .select(['m.id', 'm.family', 'm.content', 'm.amount', 'm.starts_on', 'm.ends_on', 'm.helper_id', 's.name as helper_name', 'm.status', 'm.result'])
    .where('m.county_code', '=', countyCode)
    .where('m.household_id', '=', householdId)
    .orderBy('m.starts_on')
    .orderBy('m.id')
    .execute();
}

/** The benefits delivered to a household, oldest first. */
export function listBenefits(db: Kysely<DB>, countyCode: string, householdId: string) {
  return db
    .selectFrom('household_benefit')
    .select(['id', 'measure_id', 'paid_on', 'amount', 'source', 'note'])
    .where('county_code', '=', countyCode)
    .where('household_id', '=', householdId)
    .orderBy('paid_on')
    .orderBy('id')
    .execute();
}

/** The periods a helper was paired with a household. */
export function listPairingPeriods(db: Kysely<DB>, countyCode: string, householdId: string, staffId: string) {
  return db.selectFrom('household_pairing').select(['starts_on', 'ends_on']).where('county_code', '=', countyCode).where('household_id', '=', householdId).where('staff_id', '=', staffId).execute();
}

/** Inserts a measure; returns its id. */
export async function insertMeasure(trx: Transaction<DB>, row: Insertable<DB['household_measure']>): Promise<string> {
  const { id } = await trx.insertInto('household_measure').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** One measure of a household, every column. */
export function findMeasure(db: Kysely<DB>, countyCode: string, householdId: string, measureId: string) {
  return db.selectFrom('household_measure').selectAll().where('county_code', '=', countyCode).where('household_id', '=', householdId).where('id', '=', measureId).executeTakeFirst();
}

/** Whether a household has a measure of that id. */
export async function measureExists(db: Kysely<DB>, countyCode: string, householdId: string, measureId: string): Promise<boolean> {
  const row = await db.selectFrom('household_measure').select('id').where('county_code', '=', countyCode).where('household_id', '=', householdId).where('id', '=', measureId).executeTakeFirst();
  return row !== undefined;
}

/** Changes a measure. */
export async function updateMeasure(trx: Transaction<DB>, countyCode: string, measureId: string, change: Updateable<DB['household_measure']>): Promise<void> {
  await trx.updateTable('household_measure').set(change).where('county_code', '=', countyCode).where('id', '=', measureId).execute();
}

/** Inserts a benefit delivered; returns its id. */
export async function insertBenefit(trx: Transaction<DB>, row: Insertable<DB['household_benefit']>): Promise<string> {
  const { id } = await trx.insertInto('household_benefit').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}
