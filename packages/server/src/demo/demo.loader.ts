import type { Role } from '@jingzhun/domain';
import { sql } from 'kysely';
import { COUNTRY_CODE, membersAtYearEnd, todayInChina } from '@jingzhun/domain';
import type { BulkStep, Database } from '../kernel/db/database.ts';
import { toCsv } from '../kernel/db/csv.ts';
import { hashPassword } from '../features/auth/password.ts';
import { loadRegions } from '../features/regions/loader.ts';
import { personPinyin } from '../kernel/text/pinyin.ts';
import { plantAssistance } from './demo.assistance.ts';
import { plantDemoCases } from './demo.cases.ts';
import { type PlantedMonitoring, plantMonitoring } from './demo.monitoring.ts';
import { type PlantedAudits, plantAuditCases } from './demo.checks.ts';
import { type DemoCounty, generateDemoCounty } from './demo.generator.ts';
import { profileDemoHouseholds } from './demo.profile.ts';
import { assessRegion } from '../features/stats/assessment.ts';

export const DEMO_COUNTY = '451022';
export const DEMO_SEED = 20151231;
export const DEMO_PERSONS = 52_000;

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionName: string;
}

export interface DemoResult {
  households: number;
  persons: number;
  ruralPopulation2015: number;
  accounts: DemoAccount[];
  /** The relapse-monitoring cases planted in the demo village (absent for a second county). */
  monitoring: PlantedMonitoring | null;
  /** What the inspectors' audits must find there: a conflict of interest and a fairness pair. */
  audits: PlantedAudits | null;
  ms: number;
}

/** Picks the township and village with the most registered households, for the demo's local accounts. */
function busiestPlaces(demo: DemoCounty) {
  const byVillage = new Map<string, number>();
  for (const h of demo.households) byVillage.set(h.villageCode, (byVillage.get(h.villageCode) ?? 0) + 1);
  const byTownship = new Map<string, number>();
  for (const [v, n] of byVillage) byTownship.set(v.slice(0, 9), (byTownship.get(v.slice(0, 9)) ?? 0) + n);
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
  const township = top(byTownship);
  const village = top(new Map([...byVillage].filter(([v]) => v.startsWith(township))));
  return { township, village };
}

/**
 * Loads the demo county (its regions first if missing) and the demo accounts in one transaction.
 * Meant for an empty registry; `persons` scales it for benchmarks.
 */
export async function loadDemo(
  database: Database,
  options: { password: string; persons?: number; seed?: number; countyCode?: string; assess?: boolean; onProgress?: (m: string) => void },
): Promise<DemoResult> {
  const started = performance.now();
  const countyCode = options.countyCode ?? DEMO_COUNTY;
  const { db } = database;
  const hasCounty = await db.selectFrom('region').select('code').where('code', '=', countyCode).executeTakeFirst();
  if (!hasCounty) await loadRegions(database, { county: countyCode });
  const villages = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('code', 'like', `${countyCode}%`)
    .where('level', '=', 5)
    .orderBy('code')
    .execute();
  options.onProgress?.(`demo: generating ${options.persons ?? DEMO_PERSONS} persons in ${villages.length} villages`);
  const demo = generateDemoCounty(villages, {
    countyCode,
    persons: options.persons ?? DEMO_PERSONS,
    seed: options.seed ?? DEMO_SEED,
  });

  const maxIds = await db
    .selectNoFrom([
      sql<string>`(SELECT coalesce(max(id), 0) FROM household)`.as('household'),
      sql<string>`(SELECT coalesce(max(id), 0) FROM member)`.as('member'),
    ])
    .executeTakeFirstOrThrow();
  let householdId = Number(maxIds.household);
  let memberId = Number(maxIds.member);
  const profiles = profileDemoHouseholds(demo.households, options.seed ?? DEMO_SEED);
  const householdRows: Array<Array<string | number | boolean | null>> = [];
  const memberRows: Array<Array<string | number | boolean | null>> = [];
  const incomeRows: Array<Array<string | number | null>> = [];
  let persons = 0;
  demo.households.forEach((h, index) => {
    householdId++;
    const head = h.members[0];
    const profile = profiles[index];
    if (!head || !profile) return;
    const headPinyin = personPinyin(head.name);
    const c = profile.conditions;
    householdRows.push([
      countyCode, householdId, h.householdNo, h.villageCode, head.name, headPinyin.full, headPinyin.initials,
      h.attribute, h.yearExited === null ? 'poor' : 'exited', h.mainCause, h.yearRegistered, h.yearExited,
      `{${profile.secondaryCauses.join(',')}}`, c.foodSecure ?? null, c.clothingSecure ?? null, c.housingGrade ?? null,
      c.waterQuantity ?? null, c.waterQuality ?? null, c.waterConvenience ?? null, c.waterGuarantee ?? null,
      // The verification of 2020 checked every household's assets against the other departments' data.
      false, false, false, false,
    ]);
    h.members.forEach((m, i) => {
      memberId++;
      persons++;
      const p = m === head ? headPinyin : personPinyin(m.name);
      const mp = profile.members[i];
      if (!mp) return;
      memberRows.push([
        countyCode, memberId, householdId, m.name, p.full, p.initials, m.idNumber, m.relation, m.sex, m.birthDate,
        mp.education ?? null, mp.schoolStatus, mp.health, mp.disabilityType ?? null, mp.disabilityGrade ?? null,
        mp.chronicDiseaseCard, mp.labourCapacity, mp.employment, mp.medicalInsured, mp.pensionInsured, mp.publicPayroll,
      ]);
    });
    // Demo members never joined or left: present at a year's end once born. The same rule as
    // membersAtYearEnd, applied here rather than by a recount over the whole county after the COPY.
    const present = h.members.map((m) => ({ birth_date: m.birthDate, joined_on: null, left_on: null }));
    for (const inc of profile.incomes) {
      incomeRows.push([countyCode, householdId, inc.year, inc.wages, inc.business, inc.property, inc.transfers, inc.productionCosts, membersAtYearEnd(present, inc.year)]);
    }
  });
  const places = busiestPlaces(demo);
  const names = new Map(
    (
      await db
        .selectFrom('region')
        .select(['code', 'name'])
        .where('code', 'in', [COUNTRY_CODE, countyCode, places.township, places.village])
        .execute()
    ).map((r) => [r.code, r.name]),
  );
  const accounts: DemoAccount[] = (
    [
      ['admin', '系统管理员', 'admin', COUNTRY_CODE],
      ['county', '县乡村振兴局', 'county_officer', countyCode],
      ['township', '乡镇扶贫办', 'township_officer', places.township],
      ['village', '村两委干部', 'village_cadre', places.village],
      ['helper', '帮扶责任人', 'helper', places.village],
      ['inspector', '县督查组', 'inspector', countyCode],
      // Speaks for the unit of the `helper` account's first helper (linked when the assistance is planted).
      ['aidunit', '帮扶单位', 'aid_unit', countyCode],
    ] as const
  ).map(([username, displayName, role, regionCode]) => ({
    username,
    displayName,
    role,
    regionCode,
    regionName: names.get(regionCode) ?? regionCode,
  }));
  const hash = await hashPassword(options.password);
  const population = demo.population.map((p) => [countyCode, p.villageCode, p.year, p.ruralPopulation, 'demo']);

  options.onProgress?.(`demo: writing ${householdRows.length} households, ${persons} persons`);
  const steps: BulkStep[] = [
    {
      table: 'household',
      columns: ['county_code', 'id', 'household_no', 'village_code', 'head_name', 'head_name_pinyin', 'head_name_initials',
        'attribute', 'status', 'main_cause', 'year_registered', 'year_exited', 'secondary_causes', 'food_secure',
        'clothing_secure', 'housing_grade', 'water_quantity', 'water_quality', 'water_convenience', 'water_guarantee',
        'has_car', 'has_machinery', 'has_town_property', 'has_registered_business'],
      csv: toCsv(householdRows),
    },
    {
      table: 'member',
      columns: ['county_code', 'id', 'household_id', 'name', 'name_pinyin', 'name_initials', 'id_number', 'relation', 'sex',
        'birth_date', 'education', 'school_status', 'health', 'disability_type', 'disability_grade', 'chronic_disease_card',
        'labour_capacity', 'employment', 'medical_insured', 'pension_insured', 'public_payroll'],
      csv: toCsv(memberRows),
    },
    {
      table: 'household_income',
      columns: ['county_code', 'household_id', 'year', 'wages', 'business', 'property', 'transfers', 'production_costs', 'members'],
      csv: toCsv(incomeRows),
    },
    { table: 'region_population', columns: ['county_code', 'region_code', 'year', 'rural_population', 'source'], csv: toCsv(population) },
    {
      sql: `INSERT INTO person_index (id_number, county_code, household_id, member_id)
            SELECT id_number, county_code, household_id, id FROM member WHERE county_code = $1 AND status = 'active'`,
      params: [countyCode],
    },
    // Bulk loads set ids themselves: move the identities past them so later inserts do not collide.
    { sql: `SELECT setval(pg_get_serial_sequence('household', 'id'), $1)`, params: [householdId] },
    { sql: `SELECT setval(pg_get_serial_sequence('member', 'id'), $1)`, params: [memberId] },
    ...accounts.map((a) => ({
      sql: `INSERT INTO app_user (username, display_name, role, region_code, password_hash)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT ((lower(username))) DO NOTHING`,
      params: [a.username, a.displayName, a.role, a.regionCode, hash],
    })),
    {
      sql: `INSERT INTO audit_event (county_code, actor_name, action, entity, entity_id, region_code, after)
            VALUES ($1, 'system', 'demo.loaded', 'region', $2, $3, $4)`,
      params: [countyCode, countyCode, countyCode, JSON.stringify({ households: householdRows.length, persons, seed: options.seed ?? DEMO_SEED })],
    },
  ];
  await database.bulkLoad(steps);
  // The cases are planted where the demo's own village account works; a second demo county loaded into
  // the same database keeps the first one's accounts, and gets no planted cases.
  const villageAccount = await db.selectFrom('app_user').select('region_code').where('username', '=', 'village').executeTakeFirst();
  const ownVillage = villageAccount?.region_code === places.village;
  options.onProgress?.('demo: aid units, helpers, plans, benefits and a year of visits');
  await plantAssistance(database, countyCode, ownVillage ? places.village : null, options.seed ?? DEMO_SEED);
  let monitoring: PlantedMonitoring | null = null;
  let audits: PlantedAudits | null = null;
  if (ownVillage) {
    options.onProgress?.('demo: planting the cases an adjustment run must find, and procedures at work');
    await plantDemoCases(database, places.village);
    options.onProgress?.('demo: departments’ feeds of the year, alerts and planted monitoring cases');
    monitoring = await plantMonitoring(database, countyCode, places.village, options.seed ?? DEMO_SEED);
    options.onProgress?.('demo: a relative of a cadre and two households treated differently, for the inspectors');
    audits = await plantAuditCases(database, places.village);
  }
  // The dashboards' multidimensional measure reads stored assessments: assess last year's, as a county
  // would run it, and keep the run on record.
  if (options.assess !== false) {
    const assessedYear = Number(todayInChina().slice(0, 4)) - 1;
    options.onProgress?.(`demo: assessing every household's deprivations for ${assessedYear} (multidimensional measure)`);
    const assessed = await assessRegion(db, countyCode, assessedYear, async () => undefined);
    await db.insertInto('stat_job').values({ region_code: countyCode, year: assessedYear, kind: 'assessment', state: 'done', total: assessed, done: assessed, finished_at: new Date() }).execute();
  }
  const pop2015 = demo.population.filter((p) => p.year === 2015).reduce((s, p) => s + p.ruralPopulation, 0);
  return {
    households: householdRows.length,
    persons,
    ruralPopulation2015: pop2015,
    accounts,
    monitoring,
    audits,
    ms: Math.round(performance.now() - started),
  };
}
