import { type IncomeInput, type MemberInput, normalizeIdNumber } from '@jingzhun/domain';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { personPinyin } from '../../kernel/text/pinyin.ts';
import type { MemberRow } from './repository.ts';

/** The household numbers already given in a village, read as the last one's sequence (0 when none). */
export async function lastHouseholdSeq(db: Kysely<DB>, countyCode: string, villageCode: string): Promise<number> {
  const last = await db
    .selectFrom('household')
    .select((eb) => eb.fn.max('household_no').as('no'))
    .where('county_code', '=', countyCode)
    .where('village_code', '=', villageCode)
    .executeTakeFirst();
  return last?.no ? Number(last.no.slice(12)) : 0;
}

/** Stores a new household; returns its id. */
export async function insertHousehold(db: Kysely<DB>, values: Insertable<DB['household']>): Promise<string> {
  const { id } = await db.insertInto('household').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The columns of a member row from the API's member. */
export function memberValues(countyCode: string, householdId: string, m: MemberInput, joinedOn: string | null) {
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

/** Stores a member and indexes its person; returns the member's id. */
export async function insertMember(db: Kysely<DB>, countyCode: string, householdId: string, m: MemberInput, joinedOn: string | null) {
  const { id } = await db.insertInto('member').values(memberValues(countyCode, householdId, m, joinedOn)).returning('id').executeTakeFirstOrThrow();
  await db
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

/** Stores a year's income of a household. */
export async function insertIncome(db: Kysely<DB>, countyCode: string, householdId: string, income: IncomeInput): Promise<void> {
  await db.insertInto('household_income').values(incomeValues(countyCode, householdId, income)).execute();
}

/** Stores a year's income of a household, replacing the one recorded for that year. */
export async function upsertIncome(db: Kysely<DB>, countyCode: string, householdId: string, income: IncomeInput): Promise<void> {
  await db
    .insertInto('household_income')
    .values(incomeValues(countyCode, householdId, income))
    .onConflict((oc) => oc.columns(['county_code', 'household_id', 'year']).doUpdateSet(incomeValues(countyCode, householdId, income)))
    .execute();
}

/** Sets some columns of a household and notes when it changed. */
export async function updateHousehold(db: Kysely<DB>, countyCode: string, id: string, set: Record<string, unknown>): Promise<void> {
  await db.updateTable('household').set({ ...set, updated_at: new Date() }).where('county_code', '=', countyCode).where('id', '=', id).execute();
}

/** Sets a household's head name with its pinyin; `touch` notes when it changed. */
export async function setHeadName(db: Kysely<DB>, countyCode: string, id: string, name: string, pinyin: { full: string; initials: string }, touch: boolean): Promise<void> {
  await db
    .updateTable('household')
    .set({ head_name: name, head_name_pinyin: pinyin.full, head_name_initials: pinyin.initials, ...(touch ? { updated_at: new Date() } : {}) })
    .where('county_code', '=', countyCode)
    .where('id', '=', id)
    .execute();
}

/** One corrected fact of a household, kept with its old and new value. */
export interface HouseholdChange {
  entity: 'household' | 'member' | 'income';
  entityId: string;
  field: string;
  old: unknown;
  new: unknown;
}

/** Keeps corrections of a household, each with the reason and who made it. */
export async function insertChanges(
  db: Kysely<DB>,
  h: { county_code: string; id: string },
  actor: { id: string | null; name: string },
  reason: string,
  changes: readonly HouseholdChange[],
): Promise<void> {
  for (const c of changes) {
    await db
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

/** Stores an event of a household; returns its id. */
export async function insertEvent(
  db: Kysely<DB>,
  h: { county_code: string; id: string },
  actor: { id: string | null; name: string },
  event: { kind: string; occurredOn: string; reason: string; memberId?: string | null | undefined; details?: unknown },
): Promise<string> {
  const { id } = await db
    .insertInto('household_event')
    .values({
      county_code: h.county_code,
      household_id: h.id,
      kind: event.kind,
      occurred_on: event.occurredOn,
      reason: event.reason,
      member_id: event.memberId ?? null,
      details: event.details === undefined ? null : JSON.stringify(event.details),
      actor_id: actor.id,
      actor_name: actor.name,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Marks a member as gone (left or deceased) on a date, for a reason. */
export async function markMemberGone(db: Kysely<DB>, m: { county_code: string; id: string }, status: 'left' | 'deceased', on: string, reason: string): Promise<void> {
  await db
    .updateTable('member')
    .set({ status, left_on: on, left_reason: reason, updated_at: new Date() })
    .where('county_code', '=', m.county_code)
    .where('id', '=', m.id)
    .execute();
}

/**
 * Moves a person to another household: the row in the old one is kept, marked as left on that date,
 * and a new row with the same facts joins the other; the person index follows the person.
 */
export async function moveMember(db: Kysely<DB>, m: MemberRow, to: { county_code: string; id: string }, relation: string, on: string, why: 'split' | 'merge') {
  await markMemberGone(db, m, 'left', on, why);
  const { id: _id, created_at: _c, updated_at: _u, status: _s, left_on: _l, left_reason: _r, ...facts } = m;
  const { id } = await db
    .insertInto('member')
    .values({ ...facts, county_code: to.county_code, household_id: to.id, relation, joined_on: on })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('person_index')
    .set({ household_id: to.id, member_id: id, county_code: to.county_code })
    .where('id_number', '=', m.id_number)
    .where('member_id', '=', m.id)
    .execute();
  return id;
}

/** Takes a person out of the index of living registered people. */
export async function unindexPerson(db: Kysely<DB>, idNumber: string, memberId: string): Promise<void> {
  await db.deleteFrom('person_index').where('id_number', '=', idNumber).where('member_id', '=', memberId).execute();
}

/** Changes the ID number a member is indexed under. */
export async function reindexPerson(db: Kysely<DB>, oldIdNumber: string, memberId: string, newIdNumber: string): Promise<void> {
  await db.updateTable('person_index').set({ id_number: newIdNumber }).where('id_number', '=', oldIdNumber).where('member_id', '=', memberId).execute();
}

/** Sets a member's relation to the head. */
export async function setRelation(db: Kysely<DB>, countyCode: string, memberId: string, relation: string): Promise<void> {
  await db.updateTable('member').set({ relation }).where('county_code', '=', countyCode).where('id', '=', memberId).execute();
}

/** Sets some columns of a member and notes when it changed. */
export async function updateMember(db: Kysely<DB>, countyCode: string, memberId: string, set: Record<string, unknown>): Promise<void> {
  await db.updateTable('member').set({ ...set, updated_at: new Date() }).where('county_code', '=', countyCode).where('id', '=', memberId).execute();
}

/**
 * Closes a household that left the registry: its members stay its members, but no longer hold their ID
 * numbers in the registry.
 */
export async function releaseMembers(db: Kysely<DB>, countyCode: string, householdId: string): Promise<void> {
  await db.updateTable('member').set({ in_registry: false }).where('county_code', '=', countyCode).where('household_id', '=', householdId).execute();
  await db.deleteFrom('person_index').where('county_code', '=', countyCode).where('household_id', '=', householdId).execute();
}
