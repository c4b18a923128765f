import { addCalendarDays, type HouseholdCreate, householdCreateSchema, idCheckChar, levelOfCode, type Role, todayInChina, yearInChina } from '@jingzhun/domain';
import type { Database } from '../kernel/db/database.ts';
import type { SessionUser } from '../kernel/scope/actor.ts';
import { createHousehold } from '../features/households/service.ts';
import { openCase, postNotice, takeStep } from '../features/procedures/service.ts';

/** The year the planted cases show in: the last whole year on the product's clock, the adjustment run's default. */
export function plantedYear(): number {
  return yearInChina() - 1;
}

/** What each planted household is there to show. */
export const PLANTED_CASES = [
  'should_enter_under_notice',
  'should_enter_at_township',
  'excluded_car',
  'cannot_decide',
  'should_return_income',
  'should_return_income_2',
  'should_return_uninsured',
] as const;

/** A demo account as the services see a signed-in user. */
export async function userOf(database: Database, username: string): Promise<SessionUser> {
  const u = await database.db.selectFrom('app_user').select(['id', 'username', 'display_name', 'role', 'region_code']).where('username', '=', username).executeTakeFirstOrThrow();
  return { id: u.id, username: u.username, displayName: u.display_name, role: u.role as Role, regionCode: u.region_code, regionLevel: levelOfCode(u.region_code) ?? 0, mustChangePassword: false, aidUnitId: null, via: 'session' };
}

/** A valid resident ID of the county, born on a date, not yet in the registry. */
async function freshIdNumber(database: Database, county: string, birth: string, sex: 'male' | 'female', from: number): Promise<{ id: string; next: number }> {
  for (let seq = from; seq > 0; seq--) {
    if ((seq % 2 === 1) !== (sex === 'male')) continue;
    const first17 = `${county}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
    const id = first17 + idCheckChar(first17);
    const taken = await database.db.selectFrom('person_index').select('id_number').where('id_number', '=', id).executeTakeFirst();
    if (!taken) return { id, next: seq - 1 };
  }
  throw new Error(`no free ID for ${birth}`);
}

/**
 * Plants, in the demo village, the cases a yearly adjustment must find and procedures at work: two new
 * applicants with incomes under the line (one under public notice now, one waiting for the township), an
 * applicant who owns a car, one whose living conditions were never recorded, and three exited
 * households that fell back (income under the line twice, members without medical insurance). The rest
 * of the county fits its status, so the run lists exactly these; the seed's figures of 2015 and 2019
 * are untouched (applicants are not registered, and the fallen-back households changed only since).
 */
export async function plantDemoCases(database: Database, villageCode: string): Promise<Record<(typeof PLANTED_CASES)[number], string>> {
  const { db } = database;
  const county = villageCode.slice(0, 6);
  const village = await userOf(database, 'village');
  const actor = (u: SessionUser) => ({ id: u.id, name: u.username });
  const safe = { foodSecure: true, clothingSecure: true, housingGrade: 'B' as const, waterQuantity: true, waterQuality: true, waterConvenience: true, waterGuarantee: true };
  const low = { year: plantedYear(), wages: 1200, business: 800, property: 0, transfers: 600, productionCosts: 400 };
  const high = { year: plantedYear(), wages: 30000, business: 6000, property: 500, transfers: 1200, productionCosts: 2000 };
  let seq = 999;
  const person = async (name: string, relation: 'head' | 'spouse' | 'child', sex: 'male' | 'female', birthDate: string, extra: Record<string, unknown> = {}) => {
    const fresh = await freshIdNumber(database, county, birthDate, sex, seq);
    seq = fresh.next;
    // The survey (入户调查) recorded every fact the rules read: an applicant is decided on facts, not defaults.
    const surveyed = { schoolStatus: 'not_in_school', health: 'healthy', chronicDiseaseCard: false, labourCapacity: 'normal', employment: 'local', medicalInsured: true, pensionInsured: true, publicPayroll: false } as const;
    return { name, idNumber: fresh.id, relation, sex, birthDate, ...surveyed, ...extra };
  };
  const applicant = async (names: [string, string], income: typeof low, extra: Partial<HouseholdCreate> = {}) => {
    const input = householdCreateSchema.parse({
      villageCode,
      address: '',
      attribute: 'general',
      mainCause: 'illness',
      yearRegistered: plantedYear() + 1,
      status: 'candidate',
      conditions: safe,
      assets: { car: false, machinery: false, townProperty: false, registeredBusiness: false },
      members: [await person(names[0], 'head', 'male', '1968-04-12'), await person(names[1], 'spouse', 'female', '1971-09-03', { health: 'chronic', chronicDiseaseCard: true })],
      incomes: [income],
      ...extra,
    });
    return (await createHousehold(db, village, actor(village), input)).id;
  };
  const exited = await db
    .selectFrom('household')
    .select('id')
    .where('county_code', '=', county)
    .where('village_code', '=', villageCode)
    .where('status', '=', 'exited')
    .orderBy('household_no')
    .limit(3)
    .execute();
  if (exited.length < 3) throw new Error(`demo village ${villageCode} has too few exited households to plant cases`);
  const ids: Record<(typeof PLANTED_CASES)[number], string> = {
    should_enter_under_notice: await applicant(['韦建国', '黄秀英'], low),
    should_enter_at_township: await applicant(['农志强', '陆美兰'], low),
    excluded_car: await applicant(['梁德胜', '潘玉芬'], low, { assets: { car: true, machinery: false, townProperty: false, registeredBusiness: false } }),
    cannot_decide: await applicant(['罗永福', '覃桂香'], high, { conditions: undefined }),
    should_return_income: exited[0]?.id as string,
    should_return_income_2: exited[1]?.id as string,
    should_return_uninsured: exited[2]?.id as string,
  };
  const { year: _y, productionCosts, ...rest } = low;
  for (const id of [ids.should_return_income, ids.should_return_income_2]) {
    await db
      .updateTable('household_income')
      .set({ ...rest, production_costs: productionCosts })
      .where('county_code', '=', county)
      .where('household_id', '=', id)
      .where('year', '=', plantedYear())
      .execute();
  }
  await db.updateTable('member').set({ medical_insured: false }).where('county_code', '=', county).where('household_id', '=', ids.should_return_uninsured).where('relation', '<>', 'head').execute();

  // Procedures at work, as the demo village's own cadre would leave them.
  const today = todayInChina();
  const walkToNotice = async (householdId: string, openedDaysAgo: number) => {
    const at = (n: number) => addCalendarDays(today, n - openedDaysAgo);
    const id = await openCase(db, village, actor(village), { kind: 'identification', householdId, openedOn: at(0), complaintPhone: '0776-5212345' });
    await takeStep(db, village, actor(village), id, { step: 'application', outcome: 'approved', payload: { reason: '家中主要劳动力患病,收入低于标准,申请纳入' } });
    await takeStep(db, village, actor(village), id, { step: 'survey', outcome: 'approved', payload: { surveyedOn: at(1), findings: '入户核实:人均纯收入低于贫困线,住房安全' } });
    await takeStep(db, village, actor(village), id, {
      step: 'deliberation',
      outcome: 'approved',
      payload: { heldOn: at(2), attendance: 27, result: 'agreed', minutes: '村民代表会议民主评议,27 人到会,一致同意纳入' },
    });
    return { id, at };
  };
  const underNotice = await walkToNotice(ids.should_enter_under_notice, 4);
  await postNotice(db, village, actor(village), underNotice.id, { startsOn: underNotice.at(3), endsOn: underNotice.at(9), complaintPhone: '0776-5212345' });
  const atTownship = await walkToNotice(ids.should_enter_at_township, 14);
  await postNotice(db, village, actor(village), atTownship.id, { startsOn: atTownship.at(3), endsOn: atTownship.at(9) });
  await takeStep(db, village, actor(village), atTownship.id, { step: 'notice', outcome: 'approved' });
  return ids;
}
