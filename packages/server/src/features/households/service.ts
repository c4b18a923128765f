import {
  can,
  checkMember,
  type HouseholdCreate,
  type HouseholdPatch,
  headCount,
  type MemberInput,
  todayInChina,
  normalizeIdNumber,
} from '@jingzhun/domain';
import { type Db, inTransaction, type Tx } from '../../kernel/db/db.ts';
import { AppError, type FieldError } from '../../kernel/errors.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { personPinyin } from '../../kernel/text/pinyin.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { writableHousehold } from './access.ts';
import { ASSET_FIELDS, assetColumns, CONDITION_FIELDS, conditionColumns } from './fields.ts';
import { findIncomes, findRegisteredPerson, findRegionLevel, type HouseholdRow, knownRegionCodes, refreshIncomeMembers } from './repository.ts';
import {
  type HouseholdChange,
  insertChanges,
  insertHousehold,
  insertIncome,
  insertMember,
  lastHouseholdSeq,
  updateHousehold,
  upsertIncome,
} from './write.repository.ts';

export { householdById, visibleHousehold, writableHousehold } from './access.ts';
export { describeHousehold, householdHistory, presentMember } from './detail.ts';
export { refreshIncomeMembersStep } from './repository.ts';

/** Whether a county code exists in the loaded regions (unknown ones only warn). */
async function knownCounties(db: Db, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  return new Set(await knownRegionCodes(db, codes));
}

/** Checks members: field rules, one head, no ID twice; returns warnings, throws the errors. */
export async function checkMembers(
  db: Db,
  members: MemberInput[],
  pathPrefix: string,
  requireOneHead: boolean,
): Promise<FieldError[]> {
  const today = todayInChina();
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  const known = await knownCounties(db, members.map((m) => normalizeIdNumber(m.idNumber).slice(0, 6)));
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    const id = normalizeIdNumber(m.idNumber);
    for (const p of checkMember({ ...m, idNumber: id }, today, (c) => known.has(c))) {
      const field = { path: `${pathPrefix}${i}.${p.path}`, code: p.code, message: p.code };
      (p.severity === 'error' ? errors : warnings).push(field);
    }
    const first = seen.get(id);
    if (first !== undefined) errors.push({ path: `${pathPrefix}${i}.idNumber`, code: 'duplicate_id_number', message: `same as member ${first}` });
    seen.set(id, i);
  });
  if (requireOneHead && headCount(members) !== 1) {
    errors.push({ path: pathPrefix.replace(/\.$/, '') || 'members', code: 'head_count', message: 'head_count' });
  }
  if (errors.length > 0) throw new AppError('invalid_member', { fields: errors, warnings });
  return warnings;
}

/** Refuses a person already registered elsewhere; names the other household only to those who may see it. */
export async function assertNotRegistered(db: Db, user: SessionUser, idNumber: string, path: string) {
  const found = await findRegisteredPerson(db, idNumber);
  if (!found) return;
  const visible = inScope(user, found.village_code);
  throw new AppError('person_already_registered', {
    fields: [{ path, code: 'person_already_registered', message: 'person_already_registered' }],
    ...(visible ? { household: { id: found.household_id, householdNo: found.household_no, headName: found.head_name } } : {}),
  });
}

/** Creates a household with its members and incomes; the next household number of its village. */
export async function createHousehold(db: Db, user: SessionUser, actor: Actor, input: HouseholdCreate) {
  if (!can(user.role, 'writeRegistry')) throw new AppError('forbidden', { capability: 'writeRegistry' });
  const village = inScope(user, input.villageCode) ? await findRegionLevel(db, input.villageCode) : undefined;
  if (!village || village.level !== 5) throw new AppError('region_not_found', { field: 'villageCode' });
  const warnings = await checkMembers(db, input.members, 'members.', true);
  const years = new Set<number>();
  input.incomes.forEach((inc, i) => {
    if (years.has(inc.year)) throw new AppError('validation_failed', { fields: [{ path: `incomes.${i}.year`, code: 'duplicate_year', message: String(inc.year) }] });
    years.add(inc.year);
  });
  const countyCode = input.villageCode.slice(0, 6);
  const head = input.members.find((m) => m.relation === 'head') as MemberInput;
  const headPinyin = personPinyin(head.name);
  const id = await inTransaction(db, async (trx) => {
    for (const [i, m] of input.members.entries()) await assertNotRegistered(trx, user, normalizeIdNumber(m.idNumber), `members.${i}.idNumber`);
    const seq = (await lastHouseholdSeq(trx, countyCode, input.villageCode)) + 1;
    const id = await insertHousehold(trx, {
        county_code: countyCode,
        household_no: `${input.villageCode}${String(seq).padStart(4, '0')}`,
        village_code: input.villageCode,
        head_name: head.name,
        head_name_pinyin: headPinyin.full,
        head_name_initials: headPinyin.initials,
        address: input.address,
        phone: input.phone ?? null,
        attribute: input.attribute,
        status: input.status,
        main_cause: input.mainCause,
        secondary_causes: input.secondaryCauses,
        bank_account: input.bankAccount ?? null,
        bank_name: input.bankName ?? null,
        year_registered: input.yearRegistered,
        ...conditionColumns(input.conditions),
        ...assetColumns(input.assets),
    });
    for (const m of input.members) await insertMember(trx, countyCode, id, m, null);
    for (const inc of input.incomes) await insertIncome(trx, countyCode, id, inc);
    await refreshIncomeMembers(trx, countyCode, [id]);
    await recordAudit(trx, actor, { action: 'household.created', entity: 'household', entityId: id, regionCode: input.villageCode, after: input });
    return id;
  });
  return { id, warnings };
}

type Change = HouseholdChange;

/** Keeps corrections of a household with their reason; call it in the transaction of the write. */
export async function writeChanges(trx: Tx, h: HouseholdRow, actor: Actor, reason: string, changes: Change[]) {
  await insertChanges(trx, h, actor, reason, changes);
}

const HOUSEHOLD_FIELDS: Array<[keyof HouseholdPatch, keyof HouseholdRow]> = [
  ['address', 'address'],
  ['phone', 'phone'],
  ['attribute', 'attribute'],
  ['mainCause', 'main_cause'],
  ['bankAccount', 'bank_account'],
  ['bankName', 'bank_name'],
];

/** Corrects a household; every changed field is kept with its old and new value and the reason. */
export async function patchHousehold(db: Db, user: SessionUser, actor: Actor, id: string, patch: HouseholdPatch) {
  const h = await writableHousehold(db, user, id);
  const set: Record<string, unknown> = {};
  const changes: Change[] = [];
  const note = (field: string, column: string, oldValue: unknown, newValue: unknown) => {
    if (JSON.stringify(oldValue) === JSON.stringify(newValue)) return;
    set[column] = newValue;
    changes.push({ entity: 'household', entityId: h.id, field, old: oldValue, new: newValue });
  };
  for (const [field, column] of HOUSEHOLD_FIELDS) {
    if (patch[field] !== undefined) note(field, column, h[column], patch[field]);
  }
  if (patch.secondaryCauses) note('secondaryCauses', 'secondary_causes', h.secondary_causes, patch.secondaryCauses);
  for (const [field, column] of CONDITION_FIELDS) {
    if (patch.conditions?.[field] !== undefined) note(`conditions.${field}`, column, h[column], patch.conditions[field]);
  }
  for (const [field, column] of ASSET_FIELDS) {
    if (patch.assets?.[field] !== undefined) note(`assets.${field}`, column, h[column], patch.assets[field]);
  }
  const existingIncomes = patch.incomes ? await findIncomes(db, h.county_code, h.id) : [];
  await inTransaction(db, async (trx) => {
    for (const inc of patch.incomes ?? []) {
      const before = existingIncomes.find((e) => e.year === inc.year);
      const oldAmounts = before
        ? { wages: Number(before.wages), business: Number(before.business), property: Number(before.property), transfers: Number(before.transfers), productionCosts: Number(before.production_costs) }
        : null;
      const { year, ...newAmounts } = inc;
      if (JSON.stringify(oldAmounts) === JSON.stringify(newAmounts)) continue;
      await upsertIncome(trx, h.county_code, h.id, inc);
      changes.push({ entity: 'income', entityId: String(year), field: `income.${year}`, old: oldAmounts, new: newAmounts });
    }
    if (changes.some((c) => c.entity === 'income')) await refreshIncomeMembers(trx, h.county_code, [h.id]);
    if (Object.keys(set).length > 0) {
      await updateHousehold(trx, h.county_code, h.id, set);
    }
    await writeChanges(trx, h, actor, patch.reason, changes);
    if (changes.length > 0) {
      await recordAudit(trx, actor, {
        action: 'household.corrected',
        entity: 'household',
        entityId: h.id,
        regionCode: h.village_code,
        before: Object.fromEntries(changes.map((c) => [c.field, c.old])),
        after: { ...Object.fromEntries(changes.map((c) => [c.field, c.new])), reason: patch.reason },
      });
    }
  });
  return { changed: changes.length };
}
