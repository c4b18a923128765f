import { daysBefore, todayInChina } from '@jingzhun/domain';
import { sql } from 'kysely';
import { toCsv } from '../kernel/db/csv.ts';
import type { BulkStep, Database } from '../kernel/db/database.ts';
import { FEMALE_CHARS, MALE_CHARS, SURNAMES } from './names.ts';
import { Random } from './random.ts';

/** The county's aid units (帮扶单位): its offices, two enterprises and a bank, as in a real county. */
const UNITS: ReadonlyArray<readonly [string, 'government' | 'enterprise' | 'institution' | 'social']> = [
  ['县财政局', 'government'], ['县教育局', 'government'], ['县卫生健康局', 'government'], ['县人力资源和社会保障局', 'government'],
  ['县农业农村局', 'government'], ['县水利局', 'government'], ['县住房和城乡建设局', 'government'], ['县民政局', 'government'],
  ['县自然资源局', 'government'], ['县人民医院', 'institution'], ['县供电公司', 'enterprise'], ['县农村商业银行', 'enterprise'],
  ['县芒果产业协会', 'social'], ['县交通运输局', 'government'],
];

/** Households per helper (一帮几): a cadre helps about five. */
const HOUSEHOLDS_PER_HELPER = 5;

/** What helpers write after a visit; picked by visit so the same demo always says the same. */
const SEEN = [
  '家中整洁,生活正常,"两不愁三保障"落实到位',
  '户主在外务工,家中老人身体尚可',
  '芒果长势良好,预计今年增收',
  '孩子按时上学,享受教育资助',
  '慢性病按时服药,家庭医生签约服务到位',
  '新房已入住,饮水正常',
  '养殖的生猪出栏,收入稳定',
  '公益岗位按时上岗,工资按月发放',
];
const PROBLEMS = ['医疗报销材料未齐', '缺少种植技术', '自来水压力不足', '外出务工收入不稳定'];
const AGREED = ['协助到乡镇卫生院办理报销', '联系农技员上门指导', '报村委协调维修', '推荐参加县里的就业招聘会'];

/**
 * Visits from January of last year to today, one a month on a day of its own, none before the pairing or
 * after today, so both the year the dashboards open on (the last whole one) and this year are full; about
 * one month in thirteen is missed, and one household in ten has not been seen this month yet. Rows for COPY.
 */
function visitsSinceLastYear(countyCode: string, pairing: { household: string[]; staff: number[]; starts: string[] }, lastId: number, today: string) {
  const rows: Array<Array<string | number | null>> = [];
  const helpers: Array<Array<string | number>> = [];
  const [year, month, dayOfMonth] = today.split('-').map(Number) as [number, number, number];
  let id = lastId;
  pairing.household.forEach((household, i) => {
    const hid = Number(household);
    // This month and every month back to January of last year.
    for (let n = 0; n < month + 12; n++) {
      if ((hid + n) % 13 === 0 || (n === 0 && hid % 10 === 0)) continue;
      // This month's visits fall on the days gone by, so most households were seen within the month.
      const spread = n === 0 ? Math.min(dayOfMonth, 25) : 25;
      const day = new Date(Date.UTC(year, month - 1 - n, 1 + ((hid * 7 + n) % spread))).toISOString().slice(0, 10);
      if (day > today || day < (pairing.starts[i] as string)) continue;
      const k = hid + n;
      id++;
      const problem = k % 5 === 0;
      rows.push([countyCode, id, hid, day, SEEN[k % SEEN.length] as string, problem ? (PROBLEMS[k % PROBLEMS.length] as string) : null, problem ? (AGREED[k % AGREED.length] as string) : null]);
      helpers.push([countyCode, id, pairing.staff[i] as number, hid, day]);
    }
  });
  return { rows, helpers, lastId: id };
}

function personName(r: Random): string {
  const surname = r.weighted(SURNAMES);
  const chars = r.next() < 0.7 ? MALE_CHARS : FEMALE_CHARS;
  return surname + r.pick(chars) + (r.next() < 0.8 ? r.pick(chars) : '');
}


/**
 * Assistance in the demo county: aid units and their helpers paired with every registered household (about
 * five each), units paired with their townships, a plan per household that answers its main cause (a few
 * left without, for the coverage check), benefits paid, a year of monthly visits with some missed, a
 * resident work team with a first secretary in every village and its days there, and in the demo village a
 * visiting campaign like seed 001's (117 person-visits, 49,600 yuan). The `helper` account becomes one of
 * the demo village's helpers, with two households due for a visit.
 */
export async function plantAssistance(database: Database, countyCode: string, demoVillage: string | null, seed: number): Promise<{ units: number; helpers: number; pairings: number }> {
  const { db } = database;
  const r = new Random(seed ^ 0x5a17);
  const today = todayInChina();
  const households = await db
    .selectFrom('household')
    .select(['id', 'village_code', 'year_registered'])
    .where('county_code', '=', countyCode)
    .where('left_on', 'is', null)
    .where('status', 'in', ['poor', 'exited'])
    .orderBy('village_code')
    .orderBy('household_no')
    .execute();
  const maxIds = await db
    .selectNoFrom([
      sql<string>`(SELECT coalesce(max(id), 0) FROM aid_unit)`.as('unit'),
      sql<string>`(SELECT coalesce(max(id), 0) FROM aid_staff)`.as('staff'),
      sql<string>`(SELECT coalesce(max(id), 0) FROM work_team)`.as('team'),
      sql<string>`(SELECT coalesce(max(id), 0) FROM work_team_member)`.as('member'),
      sql<string>`(SELECT coalesce(max(id), 0) FROM visit)`.as('visit'),
    ])
    .executeTakeFirstOrThrow();
  const unitIds = UNITS.map((_, i) => Number(maxIds.unit) + i + 1);
  let staffId = Number(maxIds.staff);
  const staff = { id: [] as number[], unit: [] as number[], name: [] as string[], phone: [] as string[] };
  const addStaff = (unit: number) => {
    staffId++;
    staff.id.push(staffId);
    staff.unit.push(unit);
    staff.name.push(personName(r));
    staff.phone.push(`139${String(7760000 + staffId).padStart(8, '0')}`);
    return staffId;
  };
  const pairing = { household: [] as string[], staff: [] as number[], starts: [] as string[] };
  const byVillage = new Map<string, typeof households>();
  for (const h of households) byVillage.set(h.village_code, [...(byVillage.get(h.village_code) ?? []), h]);
  const villages = [...byVillage.keys()];
  const unitOfVillage = new Map<string, number>();
  let teamId = Number(maxIds.team);
  let memberId = Number(maxIds.member);
  const team = { id: [] as number[], village: [] as string[], unit: [] as number[] };
  const member = { id: [] as number[], team: [] as number[], staff: [] as number[], role: [] as string[] };
  const termStart = `${Number(today.slice(0, 4)) - 1}-06-01`;
  villages.forEach((village, vi) => {
    // A unit helps the villages of a township together (单位包村), so units follow townships.
    const unit = unitIds[(Number(village.slice(6, 9)) + vi) % unitIds.length] as number;
    unitOfVillage.set(village, unit);
    const list = byVillage.get(village) ?? [];
    let helper = 0;
    list.forEach((h, i) => {
      if (i % HOUSEHOLDS_PER_HELPER === 0) helper = addStaff(unit);
      pairing.household.push(h.id);
      pairing.staff.push(helper);
      pairing.starts.push(`${Math.max(h.year_registered ?? 2015, 2015)}-03-01`);
    });
    teamId++;
    team.id.push(teamId);
    team.village.push(village);
    team.unit.push(unit);
    for (const role of ['first_secretary', 'member', 'member'] as const) {
      memberId++;
      member.id.push(memberId);
      member.team.push(teamId);
      member.staff.push(addStaff(unit));
      member.role.push(role);
    }
  });

  const county = [countyCode];
  const visits = visitsSinceLastYear(countyCode, pairing, Number(maxIds.visit), today);
  const monthStart = `${today.slice(0, 7)}-01`;
  const steps: BulkStep[] = [
    {
      sql: `INSERT INTO aid_unit (id, region_code, name, kind, contact, phone) OVERRIDING SYSTEM VALUE
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      params: [unitIds, UNITS.map(() => countyCode), UNITS.map(([n]) => n), UNITS.map(([, k]) => k), UNITS.map(() => '办公室'), UNITS.map((_, i) => `0776-52${String(10000 + i).slice(1)}`)],
    },
    {
      sql: `INSERT INTO aid_staff (id, unit_id, name, phone, position) OVERRIDING SYSTEM VALUE
            SELECT id, unit, name, phone, '帮扶干部' FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS s (id, unit, name, phone)`,
      params: [staff.id, staff.unit, staff.name, staff.phone],
    },
    { sql: `SELECT setval(pg_get_serial_sequence('aid_unit', 'id'), $1)`, params: [unitIds.at(-1)] },
    { sql: `SELECT setval(pg_get_serial_sequence('aid_staff', 'id'), $1)`, params: [staffId] },
    {
      // Units with the townships of the villages they help, since the registry began there.
      sql: `INSERT INTO unit_pairing (unit_id, region_code, starts_on)
            SELECT DISTINCT unit, left(village, 9), DATE '2015-03-01' FROM unnest($1::text[], $2::bigint[]) AS v (village, unit)`,
      params: [villages, villages.map((v) => unitOfVillage.get(v))],
    },
    {
      sql: `INSERT INTO household_pairing (county_code, household_id, staff_id, starts_on)
            SELECT $1, h, s, d FROM unnest($2::bigint[], $3::bigint[], $4::date[]) AS p (h, s, d)`,
      params: [countyCode, pairing.household, pairing.staff, pairing.starts],
    },
    // The plan: a measure answering the main cause for nearly every household (one in 37 is left without,
    // for the coverage check), an industry measure for one in three, micro-credit for one in eleven.
    {
      sql: `INSERT INTO household_measure (county_code, household_id, family, content, amount, starts_on, ends_on, helper_id, status, result)
            SELECT h.county_code, h.id, m.family, m.content, m.amount, make_date(greatest(h.year_registered, 2015) + 1, 3, 1), NULL, p.staff_id,
                   CASE WHEN h.status = 'exited' THEN 'done' ELSE 'in_progress' END,
                   CASE WHEN h.status = 'exited' THEN m.result END
            FROM household h
            JOIN household_pairing p ON p.county_code = h.county_code AND p.household_id = h.id
            JOIN (VALUES
              ('illness', 'health', '家庭医生签约服务,慢病门诊报销', 0, '医疗费用报销比例达到 90%'),
              ('disability', 'safety_net', '纳入残疾人两项补贴', 1800, '补贴按月发放'),
              ('schooling', 'education', '雨露计划及教育资助', 3000, '子女完成学业'),
              ('disaster', 'housing_renovation', '灾后危房重建补助', 20000, '新房已入住'),
              ('lack_of_land', 'employment', '转移就业,推荐到粤港澳大湾区务工', 500, '稳定就业'),
              ('lack_of_water', 'living_conditions', '接通自来水', 1200, '饮水安全'),
              ('lack_of_skills', 'employment', '参加县职业技能培训', 800, '取得技能证书'),
              ('lack_of_labour', 'safety_net', '纳入农村低保', 3600, '低保按月发放'),
              ('lack_of_capital', 'finance', '扶贫小额信贷 3 万元发展种养', 30000, '按期还款'),
              ('poor_transport', 'living_conditions', '屯级道路硬化', 0, '道路通车'),
              ('lack_of_drive', 'public_welfare_job', '安排乡村保洁公益岗位', 6000, '按时上岗'),
              ('other', 'other', '结对帮扶,定期走访', 0, '情况稳定')
            ) AS m (cause, family, content, amount, result) ON m.cause = h.main_cause
            WHERE h.county_code = $1 AND h.id % 37 <> 0`,
      params: county,
    },
    {
      sql: `INSERT INTO household_measure (county_code, household_id, family, content, amount, starts_on, ends_on, helper_id, status, result)
            SELECT h.county_code, h.id, 'industry', '发展芒果种植,发放种苗和肥料', 2000, make_date(greatest(h.year_registered, 2015) + 1, 4, 1), NULL, p.staff_id, 'in_progress', NULL
            FROM household h JOIN household_pairing p ON p.county_code = h.county_code AND p.household_id = h.id
            WHERE h.county_code = $1 AND h.id % 3 = 0 AND h.id % 37 <> 0`,
      params: county,
    },
    {
      sql: `INSERT INTO household_measure (county_code, household_id, family, content, amount, starts_on, ends_on, helper_id, status, result)
            SELECT h.county_code, h.id, 'finance', '扶贫小额信贷 5 万元,三年期,财政贴息', 50000, make_date(greatest(h.year_registered, 2015) + 1, 5, 1),
                   make_date(greatest(h.year_registered, 2015) + 4, 4, 30), p.staff_id, 'done', '已按期还清'
            FROM household h JOIN household_pairing p ON p.county_code = h.county_code AND p.household_id = h.id
            WHERE h.county_code = $1 AND h.id % 11 = 0 AND h.main_cause <> 'lack_of_capital' AND h.id % 37 <> 0`,
      params: county,
    },
    {
      // What was paid: the measure's amount a month after it started (micro-credit is a loan, not a benefit).
      sql: `INSERT INTO household_benefit (county_code, household_id, measure_id, paid_on, amount, source)
            SELECT county_code, household_id, id, starts_on + 30, amount,
                   CASE family WHEN 'safety_net' THEN '县民政局' WHEN 'education' THEN '县教育局' WHEN 'housing_renovation' THEN '县住房和城乡建设局'
                               WHEN 'public_welfare_job' THEN '财政衔接推进乡村振兴补助资金' ELSE '财政专项扶贫资金' END
            FROM household_measure WHERE county_code = $1 AND amount > 0 AND family <> 'finance' AND starts_on + 30 <= $2::date`,
      params: [countyCode, today],
    },
    { table: 'visit', columns: ['county_code', 'id', 'household_id', 'visited_on', 'seen', 'problems', 'agreed'], csv: toCsv(visits.rows), rebuildIndexes: true },
    { table: 'visit_helper', columns: ['county_code', 'visit_id', 'staff_id', 'household_id', 'visited_on'], csv: toCsv(visits.helpers), rebuildIndexes: true },
    { sql: `SELECT setval(pg_get_serial_sequence('visit', 'id'), $1)`, params: [visits.lastId] },
    {
      sql: `INSERT INTO work_team (id, village_code, name, unit_id, starts_on, ends_on) OVERRIDING SYSTEM VALUE
            SELECT t.id, t.village, g.name || '驻村工作队', t.unit, $4::date, ($4::date + interval '2 years' - interval '1 day')::date
            FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS t (id, village, unit) JOIN region g ON g.code = t.village`,
      params: [team.id, team.village, team.unit, termStart],
    },
    {
      sql: `INSERT INTO work_team_member (id, team_id, staff_id, role, starts_on, ends_on) OVERRIDING SYSTEM VALUE
            SELECT m.id, m.team, m.staff, m.role, t.starts_on, t.ends_on FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[]) AS m (id, team, staff, role)
            JOIN work_team t ON t.id = m.team`,
      params: [member.id, member.team, member.staff, member.role],
    },
    { sql: `SELECT setval(pg_get_serial_sequence('work_team', 'id'), $1)`, params: [teamId] },
    { sql: `SELECT setval(pg_get_serial_sequence('work_team_member', 'id'), $1)`, params: [memberId] },
    {
      // Days in the village for each finished month of the term: usually 20 to 25, short now and then.
      sql: `INSERT INTO work_team_presence (member_id, month, days)
            SELECT m.id, mo::date, CASE WHEN (m.id + extract(month FROM mo)::int) % 13 = 0 THEN 14 ELSE 20 + (m.id + extract(month FROM mo)::int) % 6 END
            FROM work_team_member m JOIN work_team t ON t.id = m.team_id
            CROSS JOIN LATERAL generate_series(t.starts_on, ($1::date - interval '1 month'), interval '1 month') AS mo
            WHERE t.village_code LIKE $2`,
      params: [monthStart, `${countyCode}%`],
    },
  ];
  await database.bulkLoad(steps);
  if (demoVillage) await plantVillageAssistance(database, countyCode, demoVillage, today);
  return { units: UNITS.length, helpers: staff.id.length, pairings: pairing.household.length };
}

/**
 * In the demo village: the `helper` account is the first helper (two of its households unseen for six
 * weeks, so the phone shows them due), the `aidunit` account speaks for that helper's unit, and the
 * unit's "扶贫日" campaign of five weeks ago logged ten visits and met 107 more people outside the
 * registry: 117 person-visits and 49,600 yuan, as in seed 001.
 */
async function plantVillageAssistance(database: Database, countyCode: string, village: string, today: string) {
  const { db } = database;
  const account = await db.selectFrom('app_user').select(['id', 'region_code']).where('username', '=', 'helper').executeTakeFirst();
  const first = await db
    .selectFrom('household_pairing as p')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .innerJoin('aid_staff as s', 's.id', 'p.staff_id')
    .select(['p.staff_id', 's.unit_id'])
    .where('h.village_code', '=', village)
    .orderBy('h.household_no')
    .executeTakeFirst();
  if (!first) return;
  const campaignDay = daysBefore(today, 35);
  const steps: BulkStep[] = [];
  if (account?.region_code === village) {
    steps.push(
      { sql: `UPDATE aid_staff SET user_id = $1, position = '县直单位干部' WHERE id = $2 AND NOT EXISTS (SELECT 1 FROM aid_staff WHERE user_id = $1)`, params: [account.id, first.staff_id] },
      {
        sql: `WITH due AS (
                SELECT household_id FROM household_pairing WHERE county_code = $1 AND staff_id = $2 ORDER BY household_id LIMIT 2
              ), gone AS (
                DELETE FROM visit_helper vh USING due WHERE vh.county_code = $1 AND vh.household_id = due.household_id AND vh.visited_on >= $3::date RETURNING vh.visit_id
              )
              DELETE FROM visit v USING gone WHERE v.county_code = $1 AND v.id = gone.visit_id`,
        params: [countyCode, first.staff_id, daysBefore(today, 45)],
      },
    );
  }
  steps.push(
    // The `aidunit` account speaks for that unit: its staff, their pairings, visits, ledgers and compliance.
    { sql: `UPDATE app_user SET aid_unit_id = $1 WHERE username = 'aidunit' AND role = 'aid_unit' AND aid_unit_id IS NULL`, params: [first.unit_id] },
    {
      sql: `INSERT INTO campaign (unit_id, region_code, name, starts_on, ends_on, participants, note)
            VALUES ($1, $2, '党旗引领、携手前行——我为精准扶贫办实事', $3::date, $3::date + 1, 8, '调研扶贫产业基地,走访慰问结对帮扶户、70 岁以上老人和贫困大学生')`,
      params: [first.unit_id, village, campaignDay],
    },
    {
      sql: `WITH c AS (SELECT max(id) AS id FROM campaign WHERE region_code = $2),
            picked AS (
              SELECT p.household_id, p.staff_id FROM household_pairing p JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
              WHERE h.village_code = $2 AND p.staff_id <> $4 ORDER BY h.household_no LIMIT 10
            ), v AS (
              INSERT INTO visit (county_code, household_id, visited_on, seen, agreed, campaign_id, spent)
              SELECT $1, household_id, $3::date, '"扶贫日"活动走访慰问,宣讲惠农政策', '送去慰问金和生活物资', (SELECT id FROM c), 1200 FROM picked
              RETURNING id, household_id, visited_on
            )
            INSERT INTO visit_helper (county_code, visit_id, staff_id, household_id, visited_on)
            SELECT $1, v.id, picked.staff_id, v.household_id, v.visited_on FROM v JOIN picked USING (household_id)`,
      params: [countyCode, village, campaignDay, first.staff_id],
    },
    {
      sql: `INSERT INTO campaign_entry (campaign_id, on_date, persons, spent, note)
            SELECT id, $2::date, 85, 25500, '看望 70 岁以上老人' FROM campaign WHERE region_code = $1
            UNION ALL SELECT id, $2::date + 1, 22, 12100, '慰问贫困大学生' FROM campaign WHERE region_code = $1`,
      params: [village, campaignDay],
    },
  );
  await database.bulkLoad(steps);
}
