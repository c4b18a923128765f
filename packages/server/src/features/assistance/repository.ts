import { regionPrefix } from '@jingzhun/domain';
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { aidReachOf, householdReadable, NO_RECORD } from '../../kernel/scope/need-to-know.repository.ts';

/** One aid unit, every column. */
export function findUnit(db: Kysely<DB>, id: string) {
  return db.selectFrom('aid_unit').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Units kept in the user's region or above it (an aid unit's account: its own), with their active staff and live pairing counts. */
export function listUnitsFor(db: Kysely<DB>, user: SessionUser) {
  const prefix = regionPrefix(user.regionCode);
  const reach = aidReachOf(user);
  return db
    .selectFrom('aid_unit as u')
    .select(['u.id', 'u.region_code', 'u.name', 'u.kind', 'u.contact', 'u.phone', 'u.active'])
    .select((eb) => [
      eb.selectFrom('aid_staff as s').whereRef('s.unit_id', '=', 'u.id').where('s.active', '=', true).select((e) => e.fn.countAll<string>().as('n')).as('staff'),
      eb.selectFrom('unit_pairing as p').whereRef('p.unit_id', '=', 'u.id').where('p.ends_on', 'is', null).select((e) => e.fn.countAll<string>().as('n')).as('regions'),
    ])
    .where((eb) => eb.or([eb('u.region_code', 'like', `${prefix}%`), eb(sql.val(user.regionCode), 'like', sql<string>`u.region_code || '%'`), eb('u.region_code', '=', 'CN')]))
    .$if(reach.kind === 'unit', (q) => q.where('u.id', '=', reach.kind === 'unit' ? reach.unitId : NO_RECORD))
    .orderBy('u.region_code')
    .orderBy('u.name')
    .execute();
}

/** The staff of a unit, those no longer active included, in the order they were added. */
export function listUnitStaff(db: Kysely<DB>, unitId: string) {
  return db.selectFrom('aid_staff').select(['id', 'name', 'phone', 'position', 'user_id', 'active']).where('unit_id', '=', unitId).orderBy('id').execute();
}

/** The villages and townships a unit is or was paired with, with their names, newest first. */
export function listUnitRegions(db: Kysely<DB>, unitId: string) {
  return db
    .selectFrom('unit_pairing as p')
    .innerJoin('region as g', 'g.code', 'p.region_code')
    .select(['p.id', 'p.region_code', 'g.name', 'p.starts_on', 'p.ends_on'])
    .where('p.unit_id', '=', unitId)
    .orderBy('p.starts_on', 'desc')
    .execute();
}

/** Inserts a unit; undefined when its region already has a unit of that name. */
export function insertUnit(trx: Transaction<DB>, row: Insertable<DB['aid_unit']>) {
  return trx.insertInto('aid_unit').values(row).onConflict((oc) => oc.columns(['region_code', 'name']).doNothing()).returning('id').executeTakeFirst();
}

/** A login's role and region. */
export function findAccount(db: Kysely<DB>, userId: string) {
  return db.selectFrom('app_user').select(['id', 'role', 'region_code']).where('id', '=', userId).executeTakeFirst();
}

/** Inserts a member of staff; undefined when the login is already someone's. */
export function insertStaff(trx: Transaction<DB>, row: Insertable<DB['aid_staff']>) {
  return trx.insertInto('aid_staff').values(row).onConflict((oc) => oc.column('user_id').doNothing()).returning('id').executeTakeFirst();
}

/** A member of staff's unit and whether they are active. */
export function findStaff(db: Kysely<DB>, staffId: string) {
  return db.selectFrom('aid_staff').select(['id', 'unit_id', 'active']).where('id', '=', staffId).executeTakeFirst();
}

/** The level of a region, when it exists. */
export function findRegionLevel(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select('level').where('code', '=', code).executeTakeFirst();
}

/** Locks a unit's row until the transaction ends. */
export async function lockUnit(trx: Transaction<DB>, unitId: string): Promise<void> {
  await trx.selectFrom('aid_unit').select('id').where('id', '=', unitId).forUpdate().execute();
}

/** Every pairing, past or live, of a unit with one region. */
export function listUnitPairingsWith(trx: Transaction<DB>, unitId: string, regionCode: string) {
  return trx.selectFrom('unit_pairing').select(['id', 'starts_on', 'ends_on']).where('unit_id', '=', unitId).where('region_code', '=', regionCode).execute();
}

/** Inserts a unit's pairing with a region; returns its id. */
export async function insertUnitPairing(trx: Transaction<DB>, row: Insertable<DB['unit_pairing']>): Promise<string> {
  const { id } = await trx.insertInto('unit_pairing').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Locks a household's row until the transaction ends. */
export async function lockHousehold(trx: Transaction<DB>, countyCode: string, householdId: string): Promise<void> {
  await trx.selectFrom('household').select('id').where('county_code', '=', countyCode).where('id', '=', householdId).forUpdate().execute();
}

/** Every pairing, past or live, of one helper with one household. */
export function listHelperPairings(db: Kysely<DB>, countyCode: string, householdId: string, staffId: string) {
  return db
    .selectFrom('household_pairing')
    .select(['id', 'starts_on', 'ends_on'])
    .where('county_code', '=', countyCode)
    .where('household_id', '=', householdId)
    .where('staff_id', '=', staffId)
    .execute();
}

/** Inserts a household's pairing with a helper; returns its id. */
export async function insertHouseholdPairing(trx: Transaction<DB>, row: Insertable<DB['household_pairing']>): Promise<string> {
  const { id } = await trx.insertInto('household_pairing').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** One household pairing, every column. */
export function findHouseholdPairing(db: Kysely<DB>, id: string) {
  return db.selectFrom('household_pairing').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ends a household pairing on a date, with its reason. */
export async function endPairing(trx: Transaction<DB>, countyCode: string, id: string, end: { endsOn: string; reason: string }): Promise<void> {
  await trx.updateTable('household_pairing').set({ ends_on: end.endsOn, end_reason: end.reason }).where('county_code', '=', countyCode).where('id', '=', id).execute();
}

/** The county a household is kept in, or null when no household has that id. */
export async function countyOfHousehold(db: Kysely<DB>, householdId: string): Promise<string | null> {
  if (!/^\d{1,18}$/.test(householdId)) return null;
  const row = await db.selectFrom('household').select('county_code').where('id', '=', householdId).executeTakeFirst();
  return row?.county_code ?? null;
}

/**
 * Household pairings inside the user's region that the user needs to know, with their household, helper
 * and unit, newest first, at most 500; narrowed to one household (with its county) or one helper.
 */
export function listHouseholdPairings(
  db: Kysely<DB>,
  user: SessionUser,
  filter: { household?: { countyCode: string; id: string } | undefined; staffId?: string | undefined },
) {
  let query = db
    .selectFrom('household_pairing as p')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .innerJoin('aid_staff as s', 's.id', 'p.staff_id')
    .innerJoin('aid_unit as u', 'u.id', 's.unit_id')
    .select([
      'p.id', 'p.household_id', 'h.household_no', 'h.head_name', 'h.village_code', 'p.staff_id', 's.name as staff_name', 's.phone as staff_phone',
      'u.id as unit_id', 'u.name as unit_name', 'p.starts_on', 'p.ends_on', 'p.end_reason',
    ])
    .where('h.village_code', 'like', `${regionPrefix(user.regionCode)}%`);
  // Need to know: an aid unit reads its own staff's pairings; a helper those of its households.
  const reach = aidReachOf(user);
  if (reach.kind === 'unit') query = query.where('u.id', '=', reach.unitId);
  if (reach.kind === 'helper') query = query.where(householdReadable(user, 'p.county_code', 'p.household_id'));
  if (filter.household) query = query.where('p.county_code', '=', filter.household.countyCode).where('p.household_id', '=', filter.household.id);
  if (filter.staffId) query = query.where('p.staff_id', '=', filter.staffId);
  return query.orderBy('p.starts_on', 'desc').orderBy('p.id', 'desc').limit(500).execute();
}
