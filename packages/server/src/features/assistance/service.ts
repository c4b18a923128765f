import {
  type AidStaffInput,
  type AidUnitInput,
  ASSISTANCE_DEFAULTS,
  type AssistanceSettings,
  can,
  type HouseholdPairingInput,
  isWithinScope,
  type MeasureCatalogue,
  measureCatalogue,
  periodsOverlap,
  todayInChina,
  type UnitPairingInput,
} from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { visibleHousehold } from '../households/service.ts';
import { effectiveProfile } from '../standards/service.ts';
import { regionInScope, seesUnit } from '../../kernel/scope/scope.ts';
import {
  countyOfHousehold,
  endPairing,
  findAccount,
  findHouseholdPairing,
  findRegionLevel,
  findStaff,
  findUnit,
  insertHouseholdPairing,
  insertStaff,
  insertUnit,
  insertUnitPairing,
  listHelperPairings,
  listHouseholdPairings,
  listUnitPairingsWith,
  listUnitRegions,
  listUnitStaff,
  listUnitsFor,
  lockHousehold,
  lockUnit,
} from './repository.ts';

/** The assistance settings in force in a region on a date (defaults where no level sets them). */
export async function assistanceSettings(db: Db, regionCode: string, onDate = todayInChina()): Promise<AssistanceSettings> {
  const profile = await effectiveProfile(db, regionCode, onDate);
  return profile.assistance ?? ASSISTANCE_DEFAULTS;
}

/** The measure catalogue of a region today. */
export async function catalogueFor(db: Db, regionCode: string): Promise<MeasureCatalogue> {
  return measureCatalogue(await assistanceSettings(db, regionCode));
}

/**
 * A unit the user may see: kept inside the user's region, or by an office above it (a county's units
 * help its villages, whose cadres must see them); an aid unit's account sees its own unit only.
 */
export async function visibleUnit(db: Db, user: SessionUser, id: string) {
  const unit = /^\d{1,18}$/.test(id) ? await findUnit(db, id) : undefined;
  if (!unit || !seesUnit(user, { id: unit.id, regionCode: unit.region_code })) throw new AppError('not_found', { entity: 'aid_unit', id });
  return unit;
}

/** A unit the user may change: its record kept inside the user's region, by a role that manages assistance. */
async function manageableUnit(db: Db, user: SessionUser, id: string) {
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  const unit = await visibleUnit(db, user, id);
  if (!isWithinScope(unit.region_code, user.regionCode)) throw new AppError('forbidden', { capability: 'manageAssistance', rule: 'unit_kept_above' });
  return unit;
}

/** Units visible to the user (kept in their region or above it; an aid unit's account: its own), with their staff and pairing counts. */
export function listUnits(db: Db, user: SessionUser) {
  return listUnitsFor(db, user);
}

/** A unit the user may see, with its staff and the villages and townships it is or was paired with. */
export async function unitDetail(db: Db, user: SessionUser, id: string) {
  const unit = await visibleUnit(db, user, id);
  const [staff, regions] = await Promise.all([listUnitStaff(db, unit.id), listUnitRegions(db, unit.id)]);
  return {
    id: unit.id,
    regionCode: unit.region_code,
    name: unit.name,
    kind: unit.kind,
    contact: unit.contact,
    phone: unit.phone,
    active: unit.active,
    staff: staff.map((s) => ({ id: s.id, name: s.name, phone: s.phone, position: s.position, userId: s.user_id, active: s.active })),
    regions: regions.map((p) => ({ id: p.id, regionCode: p.region_code, regionName: p.name, startsOn: p.starts_on, endsOn: p.ends_on })),
  };
}

/** Refuses a pairing that shares a day with an existing one of the same pair, naming that one. */
function refuseOverlap(existing: ReadonlyArray<{ id: string; starts_on: string; ends_on: string | null }>, period: { startsOn: string; endsOn?: string | null | undefined }) {
  const clash = existing.find((p) => periodsOverlap({ startsOn: p.starts_on, endsOn: p.ends_on }, period));
  if (clash) throw new AppError('pairing_overlaps', { field: 'startsOn', pairingId: clash.id, startsOn: clash.starts_on, endsOn: clash.ends_on });
}

/** Records an aid unit kept by the user's region (or a region inside it). */
export async function createUnit(db: Db, user: SessionUser, actor: Actor, input: AidUnitInput): Promise<string> {
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  const regionCode = regionInScope(user, 'regionCode', input.regionCode ?? undefined);
  return inTransaction(db, async (trx) => {
    const row = await insertUnit(trx, { region_code: regionCode, name: input.name, kind: input.kind, contact: input.contact ?? null, phone: input.phone ?? null });
    if (!row) throw new AppError('conflict', { field: 'name', rule: 'unit_name_taken' });
    await recordAudit(trx, actor, { action: 'aid_unit.created', entity: 'aid_unit', entityId: row.id, regionCode, after: input });
    return row.id;
  });
}

/** Adds a member of staff (a helper) to a unit; a login, when given, must be a helper's account inside the unit's region. */
export async function addStaff(db: Db, user: SessionUser, actor: Actor, unitId: string, input: AidStaffInput): Promise<string> {
  const unit = await manageableUnit(db, user, unitId);
  if (input.userId) {
    const account = await findAccount(db, input.userId);
    if (!account || !isWithinScope(account.region_code, user.regionCode)) throw new AppError('validation_failed', { field: 'userId', rule: 'user_not_found' });
  }
  return inTransaction(db, async (trx) => {
    const row = await insertStaff(trx, { unit_id: unit.id, name: input.name, phone: input.phone ?? null, position: input.position ?? null, user_id: input.userId ?? null });
    if (!row) throw new AppError('conflict', { field: 'userId', rule: 'user_already_staff' });
    await recordAudit(trx, actor, { action: 'aid_staff.added', entity: 'aid_unit', entityId: unit.id, regionCode: unit.region_code, after: { staffId: row.id, ...input } });
    return row.id;
  });
}

/** Pairs a unit with a village or township inside the user's region; the same pair may not overlap itself. */
export async function pairUnit(db: Db, user: SessionUser, actor: Actor, unitId: string, input: UnitPairingInput): Promise<string> {
  const unit = await visibleUnit(db, user, unitId);
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  if (!isWithinScope(input.regionCode, user.regionCode)) throw new AppError('not_found', { entity: 'region', code: input.regionCode });
  const region = await findRegionLevel(db, input.regionCode);
  if (!region || region.level < 4) throw new AppError('region_not_found', { field: 'regionCode' });
  return inTransaction(db, async (trx) => {
    // The unit's row is the lock: two overlapping pairings saved at once cannot both pass the check.
    await lockUnit(trx, unit.id);
    const existing = await listUnitPairingsWith(trx, unit.id, input.regionCode);
    refuseOverlap(existing, input);
    const id = await insertUnitPairing(trx, { unit_id: unit.id, region_code: input.regionCode, starts_on: input.startsOn, ends_on: input.endsOn ?? null });
    await recordAudit(trx, actor, { action: 'unit_pairing.created', entity: 'aid_unit', entityId: unit.id, regionCode: input.regionCode, after: input });
    return id;
  });
}

/**
 * Pairs a helper with a household in the user's region. The same helper and household may not overlap
 * themselves; reassigning ends the old pairing (with a reason) and starts a new one, keeping both.
 */
export async function pairHousehold(db: Db, user: SessionUser, actor: Actor, input: HouseholdPairingInput): Promise<string> {
  if (!can(user.role, 'writeRegistry')) throw new AppError('forbidden', { capability: 'writeRegistry' });
  const h = await visibleHousehold(db, user, input.householdId);
  if (h.left_on) throw new AppError('household_closed', { leftOn: h.left_on });
  const staff = await findStaff(db, input.staffId);
  if (!staff || !staff.active) throw new AppError('validation_failed', { field: 'staffId', rule: 'helper_not_found' });
  await visibleUnit(db, user, staff.unit_id).catch(() => {
    throw new AppError('validation_failed', { field: 'staffId', rule: 'helper_not_found' });
  });
  if (input.startsOn > todayInChina()) throw new AppError('validation_failed', { field: 'startsOn', rule: 'not_in_future' });
  return inTransaction(db, async (trx) => {
    await lockHousehold(trx, h.county_code, h.id);
    const existing = await listHelperPairings(trx, h.county_code, h.id, staff.id);
    refuseOverlap(existing, input);
    const id = await insertHouseholdPairing(trx, { county_code: h.county_code, household_id: h.id, staff_id: staff.id, starts_on: input.startsOn, ends_on: input.endsOn ?? null, created_by: user.id });
    await recordAudit(trx, actor, { action: 'pairing.created', entity: 'household', entityId: h.id, regionCode: h.village_code, after: { pairingId: id, ...input } });
    return id;
  });
}

/** Ends a household pairing on a date with a reason (a helper transferred, a household exited for good). */
export async function endHouseholdPairing(db: Db, user: SessionUser, actor: Actor, id: string, input: { endsOn: string; reason: string }) {
  if (!can(user.role, 'writeRegistry')) throw new AppError('forbidden', { capability: 'writeRegistry' });
  const pairing = /^\d{1,18}$/.test(id) ? await findHouseholdPairing(db, id) : undefined;
  if (!pairing) throw new AppError('not_found', { entity: 'pairing', id });
  const h = await visibleHousehold(db, user, pairing.household_id).catch(() => {
    throw new AppError('not_found', { entity: 'pairing', id });
  });
  if (pairing.ends_on && pairing.ends_on < input.endsOn) throw new AppError('conflict', { field: 'endsOn', rule: 'already_ended', endsOn: pairing.ends_on });
  if (input.endsOn < pairing.starts_on) throw new AppError('validation_failed', { field: 'endsOn', rule: 'ends_before_start' });
  await inTransaction(db, async (trx) => {
    await endPairing(trx, pairing.county_code, pairing.id, input);
    await recordAudit(trx, actor, { action: 'pairing.ended', entity: 'household', entityId: h.id, regionCode: h.village_code, before: { endsOn: pairing.ends_on }, after: { pairingId: pairing.id, ...input } });
  });
}

/** Pairings of a household or of a helper, inside the user's region, newest first: the history of who helped whom. */
export async function listPairings(db: Db, user: SessionUser, filter: { householdId?: string | undefined; staffId?: string | undefined }) {
  const household = filter.householdId ? { countyCode: (await countyOfHousehold(db, filter.householdId)) ?? '', id: filter.householdId } : undefined;
  const rows = await listHouseholdPairings(db, user, { household, staffId: filter.staffId });
  return rows.map((p) => ({
    id: p.id,
    household: { id: p.household_id, householdNo: p.household_no, headName: p.head_name, villageCode: p.village_code },
    helper: { id: p.staff_id, name: p.staff_name, phone: p.staff_phone, unitId: p.unit_id, unitName: p.unit_name },
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    endReason: p.end_reason,
  }));
}
