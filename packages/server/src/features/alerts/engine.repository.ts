import type { MonitoringSettings } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** The counties under a region prefix (of a province or a city). */
export function countiesUnder(db: Kysely<DB>, prefix: string) {
  return db.selectFrom('region').select('code').where('level', '=', 3).where('code', 'like', `${prefix}%`).execute();
}

/**
 * The households of one county a rule could fire on (a superset: an event in a feed, a sum above a
 * threshold, income under the line or falling), among the given households or those of the prefix.
 */
export async function candidateHouseholds(
  db: Kysely<DB>,
  scope: { county: string; households: string[] | null; prefix: string },
  year: number,
  settings: MonitoringSettings,
  line: number | null,
) {
  const countyCode = scope.county;
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const inScope = scope.households ? sql`h.id = ANY(${scope.households}::bigint[])` : sql`h.village_code LIKE ${`${scope.prefix}%`}`;
  const rowsInScope = scope.households ? sql`AND r.household_id = ANY(${scope.households}::bigint[])` : sql``;
  const rows = await sql<{ household_id: string }>`
    WITH f AS (
      SELECT r.household_id,
        bool_or(r.event) AS event,
        coalesce(sum(r.amount) FILTER (WHERE r.kind = 'medical_insurance'), 0) AS medical,
        coalesce(sum(r.amount) FILTER (WHERE r.kind = 'emergency'), 0) AS loss
      FROM feed_row r JOIN household h ON h.county_code = r.county_code AND h.id = r.household_id
      WHERE r.county_code = ${countyCode} ${rowsInScope} AND r.on_date >= ${from} AND r.on_date < ${to} AND h.left_on IS NULL AND ${inScope}
      GROUP BY r.household_id
    )
    SELECT household_id FROM f WHERE event OR medical > ${settings.medicalOutOfPocket} OR loss > ${settings.disasterLoss}
    UNION
    SELECT i.household_id
    FROM household_income i
    JOIN household h ON h.county_code = i.county_code AND h.id = i.household_id
    LEFT JOIN household_income p ON p.county_code = i.county_code AND p.household_id = i.household_id AND p.year = ${year - 1}
    WHERE i.county_code = ${countyCode} AND i.year = ${year} AND h.left_on IS NULL AND ${inScope}
      AND ((h.status = 'exited' AND i.per_head < ${line ?? -1})
        OR (p.per_head > 0 AND (p.per_head - i.per_head) / p.per_head > ${settings.incomeDropShare}))
  `.execute(db);
  return rows.rows;
}

/** What the rules read of a chunk of one county's households in a year: the households, their members, incomes (this year and last) and feed rows. */
export async function factRows(db: Kysely<DB>, countyCode: string, ids: string[], year: number) {
  const [households, members, incomes, feeds] = await Promise.all([
    db.selectFrom('household').select(['id', 'village_code', 'status']).where('county_code', '=', countyCode).where('id', 'in', ids).execute(),
    db
      .selectFrom('member')
      .select(['household_id', 'id_number', 'name', 'birth_date', 'labour_capacity', 'status'])
      .where('county_code', '=', countyCode)
      .where('household_id', 'in', ids)
      .where('status', '!=', 'left')
      .execute(),
    db
      .selectFrom('household_income')
      .select(['household_id', 'year', 'per_head'])
      .where('county_code', '=', countyCode)
      .where('household_id', 'in', ids)
      .where('year', 'in', [year, year - 1])
      .execute(),
    db
      .selectFrom('feed_row')
      .select(['household_id', 'kind', 'id_number', 'on_date', 'data'])
      .where('county_code', '=', countyCode)
      .where('household_id', 'in', ids)
      .where('on_date', '>=', `${year}-01-01`)
      .where('on_date', '<', `${year + 1}-01-01`)
      .execute(),
  ]);
  return { households, members, incomes, feeds };
}

/** An alert the rules raised, as it is written. */
export interface NewAlert {
  county_code: string;
  household_id: string;
  village_code: string;
  rule: string;
  subject: string;
  period: string;
  severity: 'high' | 'medium' | 'low';
  evidence: string;
  origin: 'feed' | 'scan';
  profile_id: string;
  feed_id: string | null;
  state: 'open';
  raised_on: string;
  due_on: string;
}

/**
 * Writes alerts once per household, rule, subject and period: a new one is inserted, an open or assigned
 * one takes the new evidence when it differs. Each row written says whether it was inserted.
 */
export function upsertAlerts(db: Kysely<DB>, rows: NewAlert[]) {
  return db
    .insertInto('alert')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['county_code', 'household_id', 'rule', 'subject', 'period'])
        .doUpdateSet({ evidence: (eb) => eb.ref('excluded.evidence'), updated_at: new Date() })
        .where('alert.state', 'in', ['open', 'assigned'])
        .where(sql<boolean>`alert.evidence IS DISTINCT FROM excluded.evidence`),
    )
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .execute();
}
