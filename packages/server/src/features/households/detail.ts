import {
  type HouseholdDetail,
  maskIdNumber,
  maskPhone,
  MEMBER_FACTS,
  membersAtYearEnd,
  netIncome,
  registrationDate,
} from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { seesPersonalData, visibleHousehold } from './access.ts';
import { ASSET_FIELDS, CONDITION_FIELDS } from './fields.ts';
import { findChanges, findEvents, findIncomes, findMembers, type MemberRow } from './repository.ts';

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
export async function describeHousehold(db: Db, user: SessionUser, id: string, asOf?: string) {
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

/** The corrections of a household, newest first. */
export async function householdHistory(db: Db, user: SessionUser, id: string) {
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
