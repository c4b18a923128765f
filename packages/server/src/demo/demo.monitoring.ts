import { addCalendarDays, calendarDaysBetween, idCheckChar, lineFor, todayInChina } from '@jingzhun/domain';
import { sql } from 'kysely';
import type { Database } from '../kernel/db/database.ts';
import { fileSelfReport } from '../features/alerts/self-report.service.ts';
import { FeedRunner } from '../features/feeds/service.ts';
import { raiseAlertsOver } from '../features/alerts/engine.ts';
import { effectiveProfile } from '../features/standards/service.ts';
import { plantedYear, userOf } from './demo.cases.ts';
import { Random } from './random.ts';

/** What each planted monitoring case is there to show, and the alerts it must raise. */
export const MONITORING_CASES = {
  medical_shock: ['medical_spending'],
  main_worker_died: ['person_dead', 'main_worker_lost'],
  dropout: ['child_out_of_school'],
  disaster: ['disaster_loss'],
  vehicle: ['exclusion_hit'],
  public_payroll: ['exclusion_hit'],
  income_fall: ['income_drop'],
} as const;
export type MonitoringCase = keyof typeof MONITORING_CASES;

export interface PlantedMonitoring {
  /** The household of each case (a small demo village may lack households for some: those are left out). */
  cases: Partial<Record<MonitoringCase, string>>;
  /** A monitored household stable long enough for its risk to be removed (null when the village has none to spare). */
  stable: string | null;
  /** Households of the demo village with nothing planted, income well above the line and no alert expected. */
  clean: string[];
  feeds: number;
}

/** Shares of the registered households under monitoring, by category: about 3% in all, as counties report. */
const MONITORED_SHARES = { unstable_exited: 0.014, marginal: 0.011, sudden_hardship: 0.005 } as const;

/**
 * Monitoring objects across the county outside the demo village (whose planted cases stay as they are):
 * the exited households with the lowest incomes last year as unstable (脱贫不稳定户), others not far above
 * the monitoring line as marginal (边缘易致贫户), and a few struck by sudden hardship in the last two years,
 * each included on a day of its own since the monitoring policy began (2021), so every year since holds some.
 */
async function monitorAcrossCounty(database: Database, countyCode: string, villageCode: string, line: number, today: string) {
  const { db } = database;
  const registered = await db
    .selectFrom('household')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('county_code', '=', countyCode)
    .where('status', 'in', ['poor', 'exited'])
    .executeTakeFirstOrThrow();
  const quota = (category: keyof typeof MONITORED_SHARES) => Math.round(Number(registered.n) * MONITORED_SHARES[category]);
  const exited = await sql<{ id: string; per_head: string }>`
    SELECT h.id, i.per_head FROM household h
    JOIN household_income i ON i.county_code = h.county_code AND i.household_id = h.id AND i.year = ${plantedYear()}
    WHERE h.county_code = ${countyCode} AND h.status = 'exited' AND h.village_code <> ${villageCode}
      AND h.monitoring_category IS NULL AND h.left_on IS NULL
    ORDER BY i.per_head, h.id`.execute(db);
  const byIncome = exited.rows.map((r) => r.id);
  const unstable = byIncome.slice(0, quota('unstable_exited'));
  // Spread by a fixed scramble of the id, so the picks fall across villages rather than in the first ones.
  const scrambled = (ids: string[]) => [...ids].sort((a, b) => ((Number(a) * 7919) % 10007) - ((Number(b) * 7919) % 10007) || Number(a) - Number(b));
  const nearLine = exited.rows.slice(unstable.length).filter((r) => Number(r.per_head) < 2 * line).map((r) => r.id);
  const marginal = scrambled(nearLine).slice(0, quota('marginal'));
  const taken = new Set([...unstable, ...marginal]);
  const hardship = scrambled(byIncome.filter((id) => !taken.has(id))).slice(0, quota('sudden_hardship'));
  const policyBegan = '2021-06-01';
  const span = Math.max(1, calendarDaysBetween(policyBegan, addCalendarDays(today, -30)));
  const since = (id: string, days: number) => addCalendarDays(addCalendarDays(today, -30), -((Number(id) * 37) % days));
  const rows = [
    ...unstable.map((id) => [id, 'unstable_exited', since(id, span)]),
    ...marginal.map((id) => [id, 'marginal', since(id, span)]),
    ...hardship.map((id) => [id, 'sudden_hardship', since(id, Math.min(span, 700))]),
  ];
  if (rows.length === 0) return;
  await sql`
    UPDATE household h SET monitoring_category = m.category, monitoring_since = m.since::date
    FROM unnest(${rows.map((r) => r[0])}::bigint[], ${rows.map((r) => r[1])}::text[], ${rows.map((r) => r[2])}::text[]) AS m (id, category, since)
    WHERE h.county_code = ${countyCode} AND h.id = m.id`.execute(db);
}

/** A date of this year no later than today. */
function thisYear(today: string, mmdd: string): string {
  const date = `${today.slice(0, 4)}-${mmdd}`;
  return date <= today ? date : `${today.slice(0, 4)}-01-02`;
}

function csv(header: string[], rows: Array<Array<string | number>>): Buffer {
  return Buffer.from([header, ...rows].map((r) => r.join(',')).join('\r\n'), 'utf-8');
}

/**
 * Relapse monitoring in the demo: the departments' feeds of this year imported the way a county imports
 * them (medical insurance claims across the county, with people of other counties left unmatched; deaths;
 * school dropouts; disaster losses; vehicles and public payroll), and a scan of last year's incomes. In the
 * demo village it plants one household for each rule (a medical shock, the main worker's death, a dropout,
 * a disaster, a car, a relative on the public payroll, an income fall), a monitored household stable long
 * enough for its risk to be removed, and a self-report from the public form. Everything goes through the
 * same import and rules as a county's own files.
 */
export async function plantMonitoring(database: Database, countyCode: string, villageCode: string, seed: number): Promise<PlantedMonitoring> {
  const { db } = database;
  const today = todayInChina();
  const random = new Random(seed + 6);
  // The county was just bulk-loaded: statistics first, or the joins below are planned for empty tables.
  await sql`ANALYZE household, member, household_income, person_index`.execute(db);
  const county = await userOf(database, 'county');
  const actor = { id: county.id, name: county.username };
  const profile = await effectiveProfile(db, countyCode, today);
  const line = lineFor(profile, 'monitoring', plantedYear())?.value ?? 0;

  // Households of the demo village by what they hold, skipping the adjustment's planted ones (applicants
  // and the three fallen-back exited households, the first three by number).
  const exited = await sql<{ id: string; head_id: string; per_head: string; previous: string; able: number; head_able: boolean; school_age: number }>`
    SELECT h.id,
      (SELECT m.id_number FROM member m WHERE m.county_code = h.county_code AND m.household_id = h.id AND m.relation = 'head') AS head_id,
      i.per_head, p.per_head AS previous,
      (SELECT count(*)::int FROM member m WHERE m.county_code = h.county_code AND m.household_id = h.id AND m.status = 'active'
        AND m.labour_capacity IN ('skilled', 'normal') AND m.birth_date BETWEEN ${addCalendarDays(today, -64 * 365)} AND ${addCalendarDays(today, -17 * 365)}) AS able,
      EXISTS (SELECT 1 FROM member m WHERE m.county_code = h.county_code AND m.household_id = h.id AND m.relation = 'head'
        AND m.labour_capacity IN ('skilled', 'normal') AND m.birth_date BETWEEN ${addCalendarDays(today, -64 * 365)} AND ${addCalendarDays(today, -17 * 365)}) AS head_able,
      (SELECT count(*)::int FROM member m WHERE m.county_code = h.county_code AND m.household_id = h.id AND m.birth_date > ${addCalendarDays(today, -16 * 365)}) AS school_age
    FROM household h
    JOIN household_income i ON i.county_code = h.county_code AND i.household_id = h.id AND i.year = ${plantedYear()}
    JOIN household_income p ON p.county_code = h.county_code AND p.household_id = h.id AND p.year = ${plantedYear() - 1}
    WHERE h.county_code = ${countyCode} AND h.village_code = ${villageCode} AND h.status = 'exited'
    ORDER BY h.household_no OFFSET 3
  `.execute(db);
  // The adjustment's fallen-back households (the village's first three exited) keep to their own story.
  const fallenBack = await db
    .selectFrom('household')
    .select('id')
    .where('county_code', '=', countyCode)
    .where('village_code', '=', villageCode)
    .where('status', '=', 'exited')
    .orderBy('household_no')
    .limit(3)
    .execute();
  const taken = new Set<string>(fallenBack.map((h) => h.id));
  const pick = (test: (h: (typeof exited.rows)[number]) => boolean) => {
    const h = exited.rows.find((r) => !taken.has(r.id) && Number(r.per_head) > 2 * line && test(r));
    if (h) taken.add(h.id);
    return h ?? null;
  };
  const medical = pick(() => true);
  const died = pick((h) => h.head_able && h.able <= 2);
  const disaster = pick(() => true);
  const fall = pick((h) => Number(h.per_head) > 3 * line && Number(h.previous) > 0);
  const stable = pick((h) => h.school_age === 0);
  const clean = exited.rows
    .filter((r) => !taken.has(r.id) && Number(r.per_head) > 2 * line && Number(r.per_head) > 0.8 * Number(r.previous))
    .slice(0, 20)
    .map((r) => r.id);
  for (const id of clean) taken.add(id);

  const member = async (where: ReturnType<typeof sql<boolean>>) => {
    const row = (
      await sql<{ household_id: string; id_number: string }>`
        SELECT m.household_id, m.id_number FROM member m JOIN household h ON h.county_code = m.county_code AND h.id = m.household_id
        WHERE m.county_code = ${countyCode} AND h.village_code = ${villageCode} AND m.status = 'active' AND ${where}
        ORDER BY h.household_no, m.id LIMIT 500`.execute(db)
    ).rows.find((r) => !taken.has(r.household_id));
    if (row) taken.add(row.household_id);
    return row ?? null;
  };
  const child = await member(sql<boolean>`m.birth_date BETWEEN ${addCalendarDays(today, -14 * 365)} AND ${addCalendarDays(today, -8 * 365)} AND h.status IN ('poor', 'exited')`);
  const car = await member(sql<boolean>`m.relation = 'head' AND h.status IN ('poor', 'exited')`);
  const payroll = await member(sql<boolean>`m.relation = 'spouse' AND h.status IN ('poor', 'exited')`);

  // Last year's income of the household whose income fell: 45% below the year before, still well above the lines.
  if (fall) {
    const factor = 0.55 * (Number(fall.previous) / Number(fall.per_head));
    await sql`
    UPDATE household_income SET wages = round(wages * ${factor}, 2), business = round(business * ${factor}, 2), property = round(property * ${factor}, 2),
      transfers = round(transfers * ${factor}, 2), production_costs = round(production_costs * ${factor}, 2)
    WHERE county_code = ${countyCode} AND household_id = ${fall.id} AND year = ${plantedYear()}
  `.execute(db);
  }

  // A monitored household (marginal, 边缘易致贫户) for eight months, stable since: its risk may be removed.
  if (stable) {
    await db
      .updateTable('household')
      .set({ monitoring_category: 'marginal', monitoring_since: addCalendarDays(today, -243) })
      .where('county_code', '=', countyCode)
      .where('id', '=', stable.id)
      .execute();
  }

  await monitorAcrossCounty(database, countyCode, villageCode, line, today);

  // The county's medical insurance claims of the year: about one person in twenty, small sums; the planted
  // shock; and people insured here but registered elsewhere (unmatched).
  const persons = await sql<{ id_number: string }>`SELECT id_number FROM person_index WHERE county_code = ${countyCode} ORDER BY id_number`.execute(db);
  const claims: Array<Array<string | number>> = [];
  const seen = new Set<string>();
  for (const p of persons.rows) {
    if (random.next() >= 0.05) continue;
    const on = thisYear(today, `${String(random.int(1, 10)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`);
    const key = `${p.id_number}|${on}`;
    if (seen.has(key)) continue;
    seen.add(key);
    claims.push([p.id_number, on, random.int(80, 2400)]);
  }
  const cleanPeople = new Set(
    (await db.selectFrom('member').select('id_number').where('county_code', '=', countyCode).where('household_id', 'in', [...clean, '0']).execute()).map((m) => m.id_number),
  );
  const kept = claims.filter((c) => !cleanPeople.has(String(c[0])) && ![medical?.head_id, died?.head_id].includes(String(c[0])));
  if (medical) kept.push([medical.head_id, thisYear(today, '03-12'), 8600], [medical.head_id, thisYear(today, '06-20'), 6240]);
  for (let i = 0; i < 12; i++) {
    const first17 = `450102${1960 + i}0101${String(100 + i * 2).padStart(3, '0')}`;
    kept.push([first17 + idCheckChar(first17), thisYear(today, '05-01'), 300 + i]);
  }
  // Early in the year the planted dates still to come all fall on 2 January: one person's claims of one
  // day are one row of the feed, as the department would send them (two rows would be a duplicate).
  const claimsByDay = new Map<string, Array<string | number>>();
  for (const [id, on, amount] of kept) {
    const key = `${id}|${on}`;
    const same = claimsByDay.get(key);
    if (same) same[2] = Number(same[2]) + Number(amount);
    else claimsByDay.set(key, [id as string, on as string, amount as number]);
  }
  const one = (row: Array<string | number> | null) => (row ? [row] : []);
  type Feed = [kind: Parameters<FeedRunner['importNow']>[2], source: string, header: string[], rows: Array<Array<string | number>>];
  const feeds = (
    [
      ['medical_insurance', '县医疗保障局', ['身份证号', '日期', '个人自付金额'], [...claimsByDay.values()]],
      ['public_security', '县公安局', ['身份证号', '日期', '事项'], one(died && [died.head_id, thisYear(today, '04-18'), '死亡'])],
      ['education', '县教育局', ['身份证号', '日期', '在校状态'], one(child && [child.id_number, thisYear(today, '09-10'), '辍学'])],
      ['emergency', '县应急管理局', ['身份证号', '日期', '损失金额', '灾害类型'], one(disaster && [disaster.head_id, thisYear(today, '07-02'), 28000, '洪涝'])],
      ['vehicle', '县公安局交通管理大队', ['身份证号', '日期', '号牌'], one(car && [car.id_number, thisYear(today, '02-15'), '桂L·D3712'])],
      ['public_payroll', '县财政局', ['身份证号', '日期', '单位'], one(payroll && [payroll.id_number, thisYear(today, '01-31'), '县自来水公司'])],
    ] satisfies Feed[]
  ).filter(([, , , rows]) => rows.length > 0);
  const runner = new FeedRunner(database);
  const asOf = thisYear(today, '10-31');
  for (const [kind, source, header, rows] of feeds) {
    await runner.importNow(county, actor, kind, countyCode, { source, asOf }, `${source}-${kind}.csv`, csv(header, rows));
  }
  await database.db.transaction().execute((trx) => raiseAlertsOver(trx, { regionCode: countyCode }, { year: plantedYear(), today, origin: 'scan' }));

  await fileSelfReport(db, { villageCode, name: '黄大姐', phone: '13977612345', what: '丈夫上个月在工地摔伤住院,家里没有收入来源了,孩子下学期的生活费也没着落' });

  const cases: Partial<Record<MonitoringCase, string>> = {};
  const found: Array<[MonitoringCase, string | undefined]> = [
    ['medical_shock', medical?.id],
    ['main_worker_died', died?.id],
    ['dropout', child?.household_id],
    ['disaster', disaster?.id],
    ['vehicle', car?.household_id],
    ['public_payroll', payroll?.household_id],
    ['income_fall', fall?.id],
  ];
  for (const [name, id] of found) if (id) cases[name] = id;
  return { cases, stable: stable?.id ?? null, clean, feeds: feeds.length };
}
