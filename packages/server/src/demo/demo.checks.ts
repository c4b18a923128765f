import { CONFLICT_STEPS, evaluateHousehold, householdCreateSchema, idCheckChar, type Role, todayInChina } from '@jingzhun/domain';
import { sql } from 'kysely';
import type { Database } from '../kernel/db/database.ts';
import type { SessionUser } from '../kernel/scope/actor.ts';
import { householdsWithDetails } from '../features/households/repository.ts';
import { createHousehold } from '../features/households/service.ts';
import { decisionDate } from '../kernel/scope/years.ts';
import { effectiveProfile } from '../features/standards/service.ts';
import { evaluationInputOf } from '../features/adjustments/service.ts';
import { addRelative } from '../features/checks/relative.service.ts';

/** What the audits' planted cases are, by id. */
export interface PlantedAudits {
  /** The `village` account's registered relative, a member of a household whose case that account acted on. */
  conflict: { relativeId: string; procedureId: string; householdId: string; memberId: string; userId: string };
  /** Two households with the same decisive facts: `exited` (from the demo) and its copy, an applicant (`candidate`). */
  fairness: { exited: string; candidate: string; year: number };
}

/** A valid resident ID of the county for a birth date and sex that no registered person holds. */
async function freshIdNumber(database: Database, county: string, birthDate: string, sex: string, used: Set<string>): Promise<string> {
  for (let seq = 899; seq > 0; seq--) {
    if ((seq % 2 === 1) !== (sex === 'male')) continue;
    const first17 = `${county}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
    const id = first17 + idCheckChar(first17);
    if (used.has(id)) continue;
    const taken = await database.db.selectFrom('member').select('id').where('id_number', '=', id).executeTakeFirst();
    if (!taken) {
      used.add(id);
      return id;
    }
  }
  throw new Error(`no free resident ID for ${birthDate}`);
}

/**
 * Plants, in the demo village, what the inspectors' audits must find (call it after the demo's procedures
 * and monitoring cases are planted):
 *
 * - a conflict: the `village` account registers, as a sibling, the head of a household whose case it
 *   took (application, survey, deliberation), so the conflicts audit lists that case with that account;
 * - a fairness pair: an exited household of the village without benefits, monitoring or cases in the
 *   last whole year is copied, member for member (ages, schooling, health, labour, insurance: the facts
 *   the rules read) and income for income, into a new applicant (`candidate`) household. The two have the
 *   same decisive facts and different status. Both are above the standard (the exited one fits its status,
 *   the applicant's application would fail), so the yearly review finds nothing on either: its counts stay.
 */
export async function plantAuditCases(database: Database, villageCode: string): Promise<PlantedAudits> {
  const { db } = database;
  const county = villageCode.slice(0, 6);
  const year = Number(todayInChina().slice(0, 4)) - 1;
  const account = await db.selectFrom('app_user').select(['id', 'username', 'display_name', 'role', 'region_code']).where('username', '=', 'village').executeTakeFirstOrThrow();
  const village: SessionUser = {
    id: account.id,
    username: account.username,
    displayName: account.display_name,
    role: account.role as Role,
    regionCode: account.region_code,
    regionLevel: 5,
    mustChangePassword: false,
    aidUnitId: null,
    via: 'session',
  };
  const actor = { id: village.id, name: village.username };

  const steps = sql.join(CONFLICT_STEPS.map((s) => sql.lit(s)));
  const acted = await db
    .selectFrom('procedure as p')
    .innerJoin('member as m', (j) => j.onRef('m.county_code', '=', 'p.county_code').onRef('m.household_id', '=', 'p.household_id'))
    .select(['p.id', 'p.household_id', 'm.id as member_id', 'm.name', 'm.id_number'])
    .where('p.county_code', '=', county)
    .where('p.village_code', '=', villageCode)
    .where('p.state', '<>', 'cancelled')
    .where('m.relation', '=', 'head')
    .where(sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements(p.doc->'procedure'->'records') r
      WHERE r->'actor'->>'userId' = ${village.id} AND r->>'step' IN (${steps}))`)
    .orderBy('p.id')
    .executeTakeFirst();
  if (!acted) throw new Error(`no case in ${villageCode} the village account acted on`);
  const relativeId = await addRelative(db, village, actor, { name: acted.name, idNumber: acted.id_number, relation: 'sibling' });

  const exited = await db
    .selectFrom('household as h')
    .select('h.id')
    .where('h.county_code', '=', county)
    .where('h.village_code', '=', villageCode)
    .where('h.status', '=', 'exited')
    .where('h.monitoring_category', 'is', null)
    .where('h.housing_grade', 'is not', null)
    .where('h.food_secure', 'is not', null)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM procedure p WHERE p.county_code = h.county_code AND p.household_id = h.id)`)
    .where('h.clothing_secure', 'is not', null)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM member m WHERE m.county_code = h.county_code AND m.household_id = h.id AND m.status <> 'active')`)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM alert a WHERE a.county_code = h.county_code AND a.household_id = h.id)`)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM household_benefit b WHERE b.county_code = h.county_code AND b.household_id = h.id
      AND b.paid_on BETWEEN make_date(${year}, 1, 1) AND make_date(${year}, 12, 31))`)
    .orderBy('h.household_no')
    .limit(50)
    .execute();
  const profile = await effectiveProfile(db, villageCode, decisionDate(year));
  const details = await householdsWithDetails(db, county, exited.map((h) => h.id));
  const source = details.find((d) => evaluateHousehold(evaluationInputOf(d), profile, year).outcome === 'not_poor' && d.members.every((m) => m.joined_on === null));
  if (!source) throw new Error(`no exited household in ${villageCode} to copy`);
  const h = source.household;
  const used = new Set<string>();
  const members = [];
  for (const m of source.members) {
    members.push({
      name: `${m.relation === 'head' ? '黎' : m.name.slice(0, 1)}${m.name.slice(1)}`,
      idNumber: await freshIdNumber(database, county, m.birth_date, m.sex, used),
      relation: m.relation,
      sex: m.sex,
      birthDate: m.birth_date,
      ...(m.education ? { education: m.education } : {}),
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
    });
  }
  const input = householdCreateSchema.parse({
    villageCode,
    address: '',
    attribute: h.attribute,
    mainCause: h.main_cause ?? 'other',
    yearRegistered: year + 1,
    status: 'candidate',
    conditions: {
      foodSecure: h.food_secure,
      clothingSecure: h.clothing_secure,
      housingGrade: h.housing_grade,
      waterQuantity: h.water_quantity,
      waterQuality: h.water_quality,
      waterConvenience: h.water_convenience,
      waterGuarantee: h.water_guarantee,
    },
    assets: { car: h.has_car, machinery: h.has_machinery, townProperty: h.has_town_property, registeredBusiness: h.has_registered_business },
    members,
    incomes: source.incomes.map((i) => ({
      year: i.year,
      wages: Number(i.wages),
      business: Number(i.business),
      property: Number(i.property),
      transfers: Number(i.transfers),
      productionCosts: Number(i.production_costs),
    })),
  });
  const { id: candidate } = await createHousehold(db, village, actor, input);
  return {
    conflict: { relativeId, procedureId: acted.id, householdId: acted.household_id, memberId: acted.member_id, userId: village.id },
    fairness: { exited: h.id, candidate, year },
  };
}
