import {
  can,
  checkMember,
  type HouseholdCreate,
  type HouseholdDetail,
  type HouseholdPatch,
  headCount,
  type IncomeInput,
  maskIdNumber,
  maskPhone,
  type MemberInput,
  MEMBER_FACTS,
  membersAtYearEnd,
  registrationDate,
  todayInChina,
  netIncome,
  normalizeIdNumber,
} from '@jingzhun/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError, type FieldError } from '../../kernel/errors.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { personPinyin } from '../../kernel/text/pinyin.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import {
  findChanges,
  findEvents,
  findHousehold,
  findIncomes,
  findMembers,
  findRegisteredPerson,
  type HouseholdRow,
  refreshIncomeMembers,
  type MemberRow,
} from './repository.ts';

/** A household the user may see, or not_found exactly as if it did not exist. */
export async function visibleHousehold(db: Kysely<DB>, user: SessionUser, id: string): Promise<HouseholdRow> {
  const row = /^\d{1,18}$/.test(id) ? await findHousehold(db, id) : undefined;
  if (!row || !inScope(user, row.village_code)) throw new AppError('not_found', { entity: 'household', id });
  return row;
}

/** A household the user may change: visible, the role may write, and it has not left the registry. */
async function writableHousehold(db: Kysely<DB>, user: SessionUser, id: string): Promise<HouseholdRow> {
  if (!can(user.role, 'writeRegistry')) throw new AppError('forbidden', { capability: 'writeRegistry' });
  const row = await visibleHousehold(db, user, id);
  if (row.left_on) throw new AppError('household_closed', { leftOn: row.left_on });
  return row;
}

/** Whether a county code exists in the loaded regions (unknown ones only warn). */
async function knownCounties(db: Kysely<DB>, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('region').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

/** Checks members: field rules, one head, no ID twice; returns warnings, throws the errors. */
async function checkMembers(
  db: Kysely<DB>,
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
async function assertNotRegistered(db: Kysely<DB>, user: SessionUser, idNumber: string, path: string) {
  const found = await findRegisteredPerson(db, idNumber);
  if (!found) return;
  const visible = inScope(user, found.village_code);
  throw new AppError('person_already_registered', {
    fields: [{ path, code: 'person_already_registered', message: 'person_already_registered' }],
    ...(visible ? { household: { id: found.household_id, householdNo: found.household_no, headName: found.head_name } } : {}),
  });
}

function memberValues(countyCode: string, householdId: string, m: MemberInput, joinedOn: string | null) {
  const idNumber = normalizeIdNumber(m.idNumber);
  const p = personPinyin(m.name);
  return {
    county_code: countyCode,
    household_id: householdId,
    name: m.name,
    name_pinyin: p.full,
    name_initials: p.initials,
    id_number: idNumber,
    relation: m.relation,
    sex: m.sex,
    birth_date: m.birthDate,
    ethnicity: m.ethnicity ?? null,
    education: m.education ?? null,
    school_status: m.schoolStatus,
    health: m.health,
    disability_type: m.health === 'disabled' ? (m.disabilityType ?? null) : null,
    disability_grade: m.health === 'disabled' ? (m.disabilityGrade ?? null) : null,
    chronic_disease_card: m.chronicDiseaseCard,
    labour_capacity: m.labourCapacity,
    employment: m.employment,
    medical_insured: m.medicalInsured,
    pension_insured: m.pensionInsured,
    public_payroll: m.publicPayroll,
    phone: m.phone ?? null,
    joined_on: joinedOn,
  };
}

async function insertMember(trx: Transaction<DB>, countyCode: string, householdId: string, m: MemberInput, joinedOn: string | null) {
  const { id } = await trx.insertInto('member').values(memberValues(countyCode, householdId, m, joinedOn)).returning('id').executeTakeFirstOrThrow();
  await trx
    .insertInto('person_index')
    .values({ id_number: normalizeIdNumber(m.idNumber), county_code: countyCode, household_id: householdId, member_id: id })
    .execute();
  return id;
}

function incomeValues(countyCode: string, householdId: string, i: IncomeInput) {
  return {
    county_code: countyCode,
    household_id: householdId,
    year: i.year,
    wages: i.wages,
    business: i.business,
    property: i.property,
    transfers: i.transfers,
    production_costs: i.productionCosts,
  };
}

/** Creates a household with its members and incomes; the next household number of its village. */
export async function createHousehold(db: Kysely<DB>, user: SessionUser, actor: Actor, input: HouseholdCreate) {
  if (!can(user.role, 'writeRegistry')) throw new AppError('forbidden', { capability: 'writeRegistry' });
  const village = inScope(user, input.villageCode)
    ? await db.selectFrom('region').select(['code', 'level']).where('code', '=', input.villageCode).executeTakeFirst()
    : undefined;
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
  const id = await db.transaction().execute(async (trx) => {
    for (const [i, m] of input.members.entries()) await assertNotRegistered(trx, user, normalizeIdNumber(m.idNumber), `members.${i}.idNumber`);
    const last = await trx
      .selectFrom('household')
      .select((eb) => eb.fn.max('household_no').as('no'))
      .where('county_code', '=', countyCode)
      .where('village_code', '=', input.villageCode)
      .executeTakeFirst();
    const seq = last?.no ? Number(last.no.slice(12)) + 1 : 1;
    const { id } = await trx
      .insertInto('household')
      .values({
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
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const m of input.members) await insertMember(trx, countyCode, id, m, null);
    for (const inc of input.incomes) await trx.insertInto('household_income').values(incomeValues(countyCode, id, inc)).execute();
    await refreshIncomeMembers(trx, countyCode, [id]);
    await recordAudit(trx, actor, { action: 'household.created', entity: 'household', entityId: id, regionCode: input.villageCode, after: input });
    return id;
  });
  return { id, warnings };
}

/** Condition fields of the API and their columns. */
const CONDITION_FIELDS = [
  ['foodSecure', 'food_secure'],
  ['clothingSecure', 'clothing_secure'],
  ['housingGrade', 'housing_grade'],
  ['waterQuantity', 'water_quantity'],
  ['waterQuality', 'water_quality'],
  ['waterConvenience', 'water_convenience'],
  ['waterGuarantee', 'water_guarantee'],
] as const;

/** Asset fields of the API and their columns. */
const ASSET_FIELDS = [
  ['car', 'has_car'],
  ['machinery', 'has_machinery'],
  ['townProperty', 'has_town_property'],
  ['registeredBusiness', 'has_registered_business'],
] as const;

/** Condition columns of a new household: a condition not given is unknown (null). */
function conditionColumns(c: HouseholdCreate['conditions']) {
  return Object.fromEntries(CONDITION_FIELDS.map(([field, column]) => [column, c?.[field] ?? null]));
}

/** Asset columns of a new household: an asset not given is unknown (null), not "none". */
function assetColumns(a: HouseholdCreate['assets']) {
  return Object.fromEntries(ASSET_FIELDS.map(([field, column]) => [column, a?.[field] ?? null]));
}

/** Whether the user's role needs full ID numbers and phones (those who enter and correct them). */
function seesPersonalData(user: SessionUser): boolean {
  return can(user.role, 'writeRegistry');
}

/** A member as the API and the workbooks show it (unmasked; callers mask). */
export function presentMember(m: MemberRow) {
  return {
    id: m.id,
    name: m.name,
    idNumber: m.id_number,
    relation: m.relation,
    sex: m.sex,
    birthDate: m.birth_date,
    ethnicity: m.ethnicity,
    education: m.education,
    schoolStatus: m.school_status,
    health: m.health,
    disabilityType: m.disability_type,
    disabilityGrade: m.disability_grade,
    chronicDiseaseCard: m.chronic_disease_card,
    labourCapacity: m.labour_capacity,
    employment: m.employment,
    medicalInsured: m.medical_insured,
    pensionInsured: m.pension_insured,
    publicPayroll: m.public_payroll,
    phone: m.phone,
    status: m.status,
    joinedOn: m.joined_on,
    leftOn: m.left_on,
    leftReason: m.left_reason,
  };
}

type IncomeAmounts = { wages: number; business: number; property: number; transfers: number; productionCosts: number };

/** The end of a calendar day in China, as an instant: corrections made later did not exist yet. */
function endOfDayInChina(date: string): Date {
  return new Date(`${date}T23:59:59.999+08:00`);
}

/** Whether a year's event (an exit, a return) had happened by a date: a year's exit counts from its last day. */
function happenedBy(year: number | null, asOf: string): year is number {
  if (year === null) return false;
  const y = Number(asOf.slice(0, 4));
  return year < y || (year === y && asOf >= `${y}-12-31`);
}

/**
 * The record on a day before it was entered: it arrived with its past (registration and exit years,
 * yearly incomes, dated events), and only that past is known of the day. What was recorded on entry
 * describes the household then, not on that day: living conditions, assets and the members' facts are
 * shown as unknown, incomes of later years are taken back, and the status follows the years.
 */
function pastBeforeEntry(record: {
  status: string;
  yearExited: number | null;
  yearReturned: number | null;
  monitoringCategory: string | null;
  monitoringSince: string | null;
  riskRemovedOn: string | null;
  conditions: Record<string, unknown>;
  assets: Record<string, boolean | null>;
  members: Array<Record<string, unknown>>;
  incomes: Map<number, unknown>;
}, asOf: string) {
  const y = Number(asOf.slice(0, 4));
  for (const year of [...record.incomes.keys()]) if (year > y) record.incomes.delete(year);
  for (const key of Object.keys(record.conditions)) record.conditions[key] = null;
  for (const key of Object.keys(record.assets)) record.assets[key] = null;
  for (const m of record.members) {
    for (const fact of [...MEMBER_FACTS, 'education', 'disabilityType', 'disabilityGrade'] as const) m[fact] = null;
  }
  const exited = happenedBy(record.yearExited, asOf);
  const returned = exited && happenedBy(record.yearReturned, asOf) && (record.yearReturned ?? 0) >= (record.yearExited ?? 0);
  if (record.status === 'poor' || record.status === 'exited') record.status = exited && !returned ? 'exited' : 'poor';
  if (!exited) record.yearExited = null;
  if (!returned) record.yearReturned = null;
  if (record.monitoringSince !== null && record.monitoringSince > asOf) Object.assign(record, { monitoringCategory: null, monitoringSince: null });
  if (record.riskRemovedOn !== null && record.riskRemovedOn > asOf) record.riskRemovedOn = null;
}

/**
 * The household page: profile, members, incomes with computed net and per head, events. With `asOf`,
 * the record as it was at the end of that day: later corrections are undone from their old values,
 * later members, departures and events are taken back. Any day since registration can be asked for,
 * also one before the record was entered (then only its past is known: see `pastBeforeEntry`).
 */
export async function describeHousehold(db: Kysely<DB>, user: SessionUser, id: string, asOf?: string) {
  const h = await visibleHousehold(db, user, id);
  if (asOf && asOf < registrationDate(h.year_registered)) {
    throw new AppError('validation_failed', { field: 'asOf', rule: 'before_registration' });
  }
  const [memberRows, incomeRows, eventRows, changes] = await Promise.all([
    findMembers(db, h.county_code, h.id),
    findIncomes(db, h.county_code, h.id),
    findEvents(db, h.county_code, h.id),
    asOf ? findChanges(db, h.county_code, h.id) : Promise.resolve([]),
  ]);
  const record = {
    id: h.id,
    countyCode: h.county_code,
    householdNo: h.household_no,
    villageCode: h.village_code,
    villageName: h.village_name,
    headName: h.head_name,
    address: h.address,
    phone: h.phone,
    attribute: h.attribute,
    status: h.status,
    mainCause: h.main_cause,
    secondaryCauses: h.secondary_causes,
    bankAccount: h.bank_account,
    bankName: h.bank_name,
    yearRegistered: h.year_registered,
    yearExited: h.year_exited,
    yearReturned: h.year_returned,
    monitoringCategory: h.monitoring_category,
    monitoringSince: h.monitoring_since,
    riskRemovedOn: h.risk_removed_on,
    leftOn: h.left_on,
    leftReason: h.left_reason,
    conditions: Object.fromEntries(CONDITION_FIELDS.map(([field, column]) => [field, h[column]])) as Record<string, unknown>,
    assets: Object.fromEntries(ASSET_FIELDS.map(([field, column]) => [field, h[column]])) as Record<string, boolean | null>,
    members: memberRows.map(presentMember) as Array<ReturnType<typeof presentMember> & Record<string, unknown>>,
    incomes: new Map<number, IncomeAmounts>(
      incomeRows.map((i) => [
        i.year,
        {
          wages: Number(i.wages),
          business: Number(i.business),
          property: Number(i.property),
          transfers: Number(i.transfers),
          productionCosts: Number(i.production_costs),
        },
      ]),
    ),
    events: eventRows,
  };
  if (asOf) {
    const cutoff = endOfDayInChina(asOf);
    // Newest first: undoing each later correction in turn leaves the value that held at the cutoff.
    for (const c of changes) {
      if (c.at <= cutoff) break;
      if (c.entity === 'income') {
        const year = Number(c.entity_id);
        if (c.old_value === null) record.incomes.delete(year);
        else record.incomes.set(year, c.old_value as IncomeAmounts);
      } else if (c.entity === 'member') {
        const m = record.members.find((x) => x.id === c.entity_id);
        if (m) m[c.field] = c.old_value;
      } else if (c.field.startsWith('conditions.')) {
        record.conditions[c.field.slice('conditions.'.length)] = c.old_value;
      } else if (c.field.startsWith('assets.')) {
        record.assets[c.field.slice('assets.'.length)] = c.old_value as boolean | null;
      } else {
        (record as Record<string, unknown>)[c.field] = c.old_value;
      }
    }
    record.members = record.members.filter((m) => m.birthDate <= asOf && (m.joinedOn === null || m.joinedOn <= asOf));
    for (const m of record.members) {
      if (m.leftOn !== null && m.leftOn > asOf) Object.assign(m, { status: 'active', leftOn: null, leftReason: null });
    }
    record.events = record.events.filter((e) => e.occurred_on <= asOf);
    if (record.leftOn !== null && record.leftOn > asOf) Object.assign(record, { leftOn: null, leftReason: null });
    if (cutoff < h.created_at) pastBeforeEntry(record, asOf);
  }
  const full = seesPersonalData(user);
  const memberDates = record.members.map((m) => ({ birth_date: m.birthDate, joined_on: m.joinedOn, left_on: m.leftOn }));
  return {
    ...record,
    phone: record.phone && !full ? maskPhone(record.phone) : record.phone,
    bankAccount: record.bankAccount && !full ? `****${record.bankAccount.slice(-4)}` : record.bankAccount,
    // Null only when no condition at all is recorded; each unknown one stays null beside the known.
    conditions: Object.values(record.conditions).every((v) => v === null) ? null : (record.conditions as NonNullable<HouseholdDetail['conditions']>),
    assets: record.assets as HouseholdDetail['assets'],
    members: record.members.map((m) => ({
      ...m,
      idNumber: full ? m.idNumber : maskIdNumber(m.idNumber),
      phone: m.phone && !full ? maskPhone(m.phone) : m.phone,
    })),
    incomes: [...record.incomes]
      .sort(([a], [b]) => a - b)
      .map(([year, amounts]) => {
        const persons = membersAtYearEnd(memberDates, year);
        return { year, ...amounts, members: persons, ...netIncome(amounts, persons) };
      }),
    events: record.events.map((e) => ({
      id: e.id,
      kind: e.kind,
      occurredOn: e.occurred_on,
      reason: e.reason,
      memberId: e.member_id,
      actorName: e.actor_name,
      createdAt: e.created_at.toISOString(),
    })),
    createdAt: h.created_at.toISOString(),
    updatedAt: h.updated_at.toISOString(),
    asOf: asOf ?? null,
  };
}


type Change = { entity: 'household' | 'member' | 'income'; entityId: string; field: string; old: unknown; new: unknown };

async function writeChanges(trx: Transaction<DB>, h: HouseholdRow, actor: Actor, reason: string, changes: Change[]) {
  for (const c of changes) {
    await trx
      .insertInto('household_change')
      .values({
        county_code: h.county_code,
        household_id: h.id,
        entity: c.entity,
        entity_id: c.entityId,
        field: c.field,
        old_value: JSON.stringify(c.old ?? null),
        new_value: JSON.stringify(c.new ?? null),
        reason,
        actor_id: actor.id,
        actor_name: actor.name,
      })
      .execute();
  }
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
export async function patchHousehold(db: Kysely<DB>, user: SessionUser, actor: Actor, id: string, patch: HouseholdPatch) {
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
  await db.transaction().execute(async (trx) => {
    for (const inc of patch.incomes ?? []) {
      const before = existingIncomes.find((e) => e.year === inc.year);
      const oldAmounts = before
        ? { wages: Number(before.wages), business: Number(before.business), property: Number(before.property), transfers: Number(before.transfers), productionCosts: Number(before.production_costs) }
        : null;
      const { year, ...newAmounts } = inc;
      if (JSON.stringify(oldAmounts) === JSON.stringify(newAmounts)) continue;
      await trx
        .insertInto('household_income')
        .values(incomeValues(h.county_code, h.id, inc))
        .onConflict((oc) => oc.columns(['county_code', 'household_id', 'year']).doUpdateSet(incomeValues(h.county_code, h.id, inc)))
        .execute();
      changes.push({ entity: 'income', entityId: String(year), field: `income.${year}`, old: oldAmounts, new: newAmounts });
    }
    if (changes.some((c) => c.entity === 'income')) await refreshIncomeMembers(trx, h.county_code, [h.id]);
    if (Object.keys(set).length > 0) {
      await trx.updateTable('household').set({ ...set, updated_at: new Date() }).where('county_code', '=', h.county_code).where('id', '=', h.id).execute();
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

/** The corrections of a household, newest first. */
export async function householdHistory(db: Kysely<DB>, user: SessionUser, id: string) {
  const h = await visibleHousehold(db, user, id);
  const rows = await findChanges(db, h.county_code, h.id);
  const full = seesPersonalData(user);
  return rows.map((r) => {
    const personal = r.field === 'idNumber' || r.field === 'phone' || r.field === 'bankAccount';
    const hide = (v: unknown) => (personal && !full && typeof v === 'string' ? (r.field === 'idNumber' ? maskIdNumber(v) : `****${v.slice(-4)}`) : v);
    return {
      id: r.id,
      entity: r.entity,
      entityId: r.entity_id,
      field: r.field,
      oldValue: hide(r.old_value),
      newValue: hide(r.new_value),
      reason: r.reason,
      actorName: r.actor_name,
      at: r.at.toISOString(),
    };
  });
}

export { assertNotRegistered, checkMembers, insertMember, memberValues, todayInChina, writableHousehold, writeChanges };
