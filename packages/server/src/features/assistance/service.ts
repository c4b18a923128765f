import {
  type AidStaffInput,
  type AidUnitInput,
  can,
  type HouseholdPairingInput,
  isWithinScope,
  periodsOverlap,
  regionPrefix,
  todayInChina,
  type UnitPairingInput,
} from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { visibleHousehold } from '../households/service.ts';
import { countyOfHousehold } from '../households/repository.ts';
import { regionInScope, seesUnit } from '../../kernel/scope/scope.ts';
import { aidReachOf, householdReadable, NO_RECORD } from '../../kernel/scope/need-to-know.ts';

/**
 * A unit the user may see: kept inside the user's region, or by an office above it (a county's units
 * help its villages, whose cadres must see them); an aid unit's account sees its own unit only.
 */
export async function visibleUnit(db: Kysely<DB>, user: SessionUser, id: string) {
  const unit = /^\d{1,18}$/.test(id) ? await db.selectFrom('aid_unit').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!unit || !seesUnit(user, { id: unit.id, regionCode: unit.region_code })) throw new AppError('not_found', { entity: 'aid_unit', id });
  return unit;
}

/** A unit the user may change: its record kept inside the user's region, by a role that manages assistance. */
async function manageableUnit(db: Kysely<DB>, user: SessionUser, id: string) {
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  const unit = await visibleUnit(db, user, id);
  if (!isWithinScope(unit.region_code, user.regionCode)) throw new AppError('forbidden', { capability: 'manageAssistance', rule: 'unit_kept_above' });
  return unit;
}

/** Units visible to the user (kept in their region or above it; an aid unit's account: its own), with their staff and pairing counts. */
export function listUnits(db: Kysely<DB>, user: SessionUser) {
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

/** Refuses a pairing that shares a day with an existing one of the same pair, naming that one. */
function refuseOverlap(existing: ReadonlyArray<{ id: string; starts_on: string; ends_on: string | null }>, period: { startsOn: string; endsOn?: string | null | undefined }) {
  const clash = existing.find((p) => periodsOverlap({ startsOn: p.starts_on, endsOn: p.ends_on }, period));
  if (clash) throw new AppError('pairing_overlaps', { field: 'startsOn', pairingId: clash.id, startsOn: clash.starts_on, endsOn: clash.ends_on });
}

/** Records an aid unit kept by the user's region (or a region inside it). */
export async function createUnit(db: Kysely<DB>, user: SessionUser, actor: Actor, input: AidUnitInput): Promise<string> {
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  const regionCode = regionInScope(user, 'regionCode', input.regionCode ?? undefined);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('aid_unit')
      .values({ region_code: regionCode, name: input.name, kind: input.kind, contact: input.contact ?? null, phone: input.phone ?? null })
      .onConflict((oc) => oc.columns(['region_code', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('conflict', { field: 'name', rule: 'unit_name_taken' });
    await recordAudit(trx, actor, { action: 'aid_unit.created', entity: 'aid_unit', entityId: row.id, regionCode, after: input });
    return row.id;
  });
}

/** Adds a member of staff (a helper) to a unit; a login, when given, must be a helper's account inside the unit's region. */
export async function addStaff(db: Kysely<DB>, user: SessionUser, actor: Actor, unitId: string, input: AidStaffInput): Promise<string> {
  const unit = await manageableUnit(db, user, unitId);
  if (input.userId) {
    const account = await db.selectFrom('app_user').select(['id', 'role', 'region_code']).where('id', '=', input.userId).executeTakeFirst();
    if (!account || !isWithinScope(account.region_code, user.regionCode)) throw new AppError('validation_failed', { field: 'userId', rule: 'user_not_found' });
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('aid_staff')
      .values({ unit_id: unit.id, name: input.name, phone: input.phone ?? null, position: input.position ?? null, user_id: input.userId ?? null })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('conflict', { field: 'userId', rule: 'user_already_staff' });
    await recordAudit(trx, actor, { action: 'aid_staff.added', entity: 'aid_unit', entityId: unit.id, regionCode: unit.region_code, after: { staffId: row.id, ...input } });
    return row.id;
  });
}

/** Pairs a unit with a village or township inside the user's region; the same pair may not overlap itself. */
export async function pairUnit(db: Kysely<DB>, user: SessionUser, actor: Actor, unitId: string, input: UnitPairingInput): Promise<string> {
  const unit = await visibleUnit(db, user, unitId);
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  if (!isWithinScope(input.regionCode, user.regionCode)) throw new AppError('not_found', { entity: 'region', code: input.regionCode });
  const region = await db.selectFrom('region').select('level').where('code', '=', input.regionCode).executeTakeFirst();
  if (!region || region.level < 4) throw new AppError('region_not_found', { field: 'regionCode' });
  return db.transaction().execute(async (trx) => {
    // The unit's row is the lock: two overlapping pairings saved at once cannot both pass the check.
    await trx.selectFrom('aid_unit').select('id').where('id', '=', unit.id).forUpdate().execute();
    const existing = await trx.selectFrom('unit_pairing').select(['id', 'starts_on', 'ends_on']).where('unit_id', '=', unit.id).where('region_code', '=', input.regionCode).execute();
    refuseOverlap(existing, input);
    const row = await trx
      .insertInto('unit_pairing')
      .values({ unit_id: unit.id, region_code: input.regionCode, starts_on: input.startsOn, ends_on: input.endsOn ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'unit_pairing.created', entity: 'aid_unit', entityId: unit.id, regionCode: input.regionCode, after: input });
    return row.id;
  });
}

/**
 * Pairs a helper with a household in the user's region. The same helper and household may not overlap
 * themselves; reassigning ends the old pairing (with a reason) and starts a new one, keeping both.
 */
export async function pairHousehold(db: Kysely<DB>, user: SessionUser, actor: Actor, input: HouseholdPairingInput): Promise<string> {
  if (!can(user.role, 'writeRegistry')) throw new AppError('forbidden', { capability: 'writeRegistry' });
  const h = await visibleHousehold(db, user, input.householdId);
  if (h.left_on) throw new AppError('household_closed', { leftOn: h.left_on });
  const staff = await db.selectFrom('aid_staff').select(['id', 'unit_id', 'active']).where('id', '=', input.staffId).executeTakeFirst();
  if (!staff || !staff.active) throw new AppError('validation_failed', { field: 'staffId', rule: 'helper_not_found' });
  await visibleUnit(db, user, staff.unit_id).catch(() => {
    throw new AppError('validation_failed', { field: 'staffId', rule: 'helper_not_found' });
  });
  if (input.startsOn > todayInChina()) throw new AppError('validation_failed', { field: 'startsOn', rule: 'not_in_future' });
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('household').select('id').where('county_code', '=', h.county_code).where('id', '=', h.id).forUpdate().execute();
    const existing = await trx
      .selectFrom('household_pairing')
      .select(['id', 'starts_on', 'ends_on'])
      .where('county_code', '=', h.county_code)
      .where('household_id', '=', h.id)
      .where('staff_id', '=', staff.id)
      .execute();
    refuseOverlap(existing, input);
    const row = await trx
      .insertInto('household_pairing')
      .values({ county_code: h.county_code, household_id: h.id, staff_id: staff.id, starts_on: input.startsOn, ends_on: input.endsOn ?? null, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'pairing.created', entity: 'household', entityId: h.id, regionCode: h.village_code, after: { pairingId: row.id, ...input } });
    return row.id;
  });
}

/** Ends a household pairing on a date with a reason (a helper transferred, a household exited for good). */
export async function endHouseholdPairing(db: Kysely<DB>, user: SessionUser, actor: Actor, id: string, input: { endsOn: string; reason: string }) {
  if (!can(user.role, 'writeRegistry')) throw new AppError('forbidden', { capability: 'writeRegistry' });
  const pairing = /^\d{1,18}$/.test(id) ? await db.selectFrom('household_pairing').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!pairing) throw new AppError('not_found', { entity: 'pairing', id });
  const h = await visibleHousehold(db, user, pairing.household_id).catch(() => {
    throw new AppError('not_found', { entity: 'pairing', id });
  });
  if (pairing.ends_on && pairing.ends_on < input.endsOn) throw new AppError('conflict', { field: 'endsOn', rule: 'already_ended', endsOn: pairing.ends_on });
  if (input.endsOn < pairing.starts_on) throw new AppError('validation_failed', { field: 'endsOn', rule: 'ends_before_start' });
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('household_pairing')
      .set({ ends_on: input.endsOn, end_reason: input.reason })
      .where('county_code', '=', pairing.county_code)
      .where('id', '=', pairing.id)
      .execute();
    await recordAudit(trx, actor, { action: 'pairing.ended', entity: 'household', entityId: h.id, regionCode: h.village_code, before: { endsOn: pairing.ends_on }, after: { pairingId: pairing.id, ...input } });
  });
}

/** Pairings of a household or of a helper, inside the user's region, newest first: the history of who helped whom. */
export async function listPairings(db: Kysely<DB>, user: SessionUser, filter: { householdId?: string | undefined; staffId?: string | undefined }) {
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
  if (filter.householdId) {
    const county = await countyOfHousehold(db, filter.householdId);
    query = query.where('p.county_code', '=', county ?? '').where('p.household_id', '=', filter.householdId);
  }
  if (filter.staffId) query = query.where('p.staff_id', '=', filter.staffId);
  const rows = await query.orderBy('p.starts_on', 'desc').orderBy('p.id', 'desc').limit(500).execute();
  return rows.map((p) => ({
    id: p.id,
    household: { id: p.household_id, householdNo: p.household_no, headName: p.head_name, villageCode: p.village_code },
    helper: { id: p.staff_id, name: p.staff_name, phone: p.staff_phone, unitId: p.unit_id, unitName: p.unit_name },
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    endReason: p.end_reason,
  }));
}
