import { CONFLICT_STEPS, regionPrefix } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

// ---------------------------------------------------------------------------------------------------
// Fairness

/** The counties a region covers (itself when it is a county or below). */
export async function countiesOf(db: Kysely<DB>, code: string): Promise<string[]> {
  const prefix = regionPrefix(code);
  if (prefix.length >= 6) return [prefix.slice(0, 6)];
  const rows = await db.selectFrom('region').select('code').where('level', '=', 3).where('code', 'like', `${prefix}%`).orderBy('code').execute();
  return rows.map((r) => r.code);
}

/** The ids of the registered households (not removed) of one county inside a region prefix, in order. */
export async function householdIdsOfCounty(db: Kysely<DB>, county: string, prefix: string): Promise<string[]> {
  const rows = await db.selectFrom('household').select('id').where('county_code', '=', county).where('village_code', 'like', `${prefix}%`).where('status', '<>', 'removed').orderBy('id').execute();
  return rows.map((k) => k.id);
}

/** The kinds of benefit paid to some households of a county in a year, a row each: the measure's family, or the payer where no measure. */
export function benefitKindRows(db: Kysely<DB>, county: string, year: number, range: { from: string; to: string } | { ids: string[] }) {
  let query = db
    .selectFrom('household_benefit as b')
    .leftJoin('household_measure as m', (j) => j.onRef('m.county_code', '=', 'b.county_code').onRef('m.id', '=', 'b.measure_id'))
    .select(['b.household_id', (eb) => eb.fn.coalesce('m.family', 'b.source').as('kind')])
    .distinct()
    .where('b.county_code', '=', county)
    .where('b.paid_on', '>=', `${year}-01-01`)
    .where('b.paid_on', '<=', `${year}-12-31`);
  query = 'ids' in range ? query.where('b.household_id', 'in', range.ids) : query.where('b.household_id', '>=', range.from).where('b.household_id', '<=', range.to);
  return query.execute();
}

/** The names of some regions by code. */
export function regionNames(db: Kysely<DB>, codes: string[]) {
  return db.selectFrom('region').select(['code', 'name']).where('code', 'in', codes).execute();
}

/** The heads' names and attributes of some households, each by county and id. */
export function householdHeads(db: Kysely<DB>, households: ReadonlyArray<{ county: string; id: string }>) {
  return db
    .selectFrom('household')
    .select(['id', 'head_name', 'attribute'])
    .where((eb) => eb.or(households.map((h) => eb.and([eb('county_code', '=', h.county), eb('id', '=', h.id)]))))
    .execute();
}

// ---------------------------------------------------------------------------------------------------
// Conflicts of interest

/** One conflict as the query finds it: a case or a pairing, the household, who acted, and the relative among its members. */
export interface ConflictRow {
  source: 'procedure' | 'pairing';
  ref_id: string;
  county_code: string;
  household_id: string;
  household_no: string;
  head_name: string;
  village_code: string;
  village_name: string;
  procedure_kind: string | null;
  procedure_state: string | null;
  opened_on: string | null;
  starts_on: string | null;
  ends_on: string | null;
  user_id: string | null;
  user_name: string | null;
  user_role: string | null;
  staff_id: string | null;
  staff_name: string | null;
  unit_name: string | null;
  steps: Array<{ step: string; outcome: string; on: string }> | null;
  member_id: string;
  member_name: string;
  member_id_number: string;
  member_relation: string;
  member_status: string;
  relation: string | null;
  found: 'registered' | 'same_household' | 'self';
  total: string;
}

/**
 * Beneficiaries related to the people who decided their cases or help them (优亲厚友), set-based:
 *
 * - every step record of the region's cases (cancelled ones aside) whose step decides or shapes the
 *   decision is unnested from the procedure document, giving who acted on which household when;
 * - the people related to each of those users are: the relatives registered for their account or for
 *   their aid-staff record (by resident ID), themselves (their own resident ID, on the account or the
 *   staff record), and everyone of any household their own resident ID was ever a member of;
 * - the same for the aid staff paired with the region's households (relatives registered for the staff
 *   record or its login);
 * - a conflict is such a person among the members, past or present, of the household acted on or helped.
 *
 * One row per case (or pairing), person who acted and member; where a member is related in more than one
 * way the closest is kept (themselves, then registered, then same household). Sorted by village,
 * household number, then case before pairing.
 */
export async function findConflicts(db: Kysely<DB>, region: string, page: number, pageSize: number): Promise<ConflictRow[]> {
  const { rows } = await conflictsQuery(region, page, pageSize).execute(db);
  return rows;
}

/** The statement of `findConflicts`, apart so its plan can be looked at. */
export function conflictsQuery(region: string, page: number, pageSize: number) {
  const prefix = regionPrefix(region);
  const like = `${prefix}%`;
  const county = prefix.length >= 6 ? prefix.slice(0, 6) : null;
  const inCounty = (column: string) => (county === null ? sql`true` : sql`${sql.ref(column)} = ${county}`);
  const steps = sql.join(CONFLICT_STEPS.map((s) => sql.lit(s)));
  return sql<ConflictRow>`
    WITH act AS MATERIALIZED (
      SELECT p.county_code, p.id AS procedure_id, p.household_id, p.kind, p.state, p.opened_on,
             h.household_no, h.head_name, h.village_code, (r.rec->'actor'->>'userId')::bigint AS user_id,
             jsonb_build_object('step', r.rec->>'step', 'outcome', r.rec->>'outcome', 'on', r.rec->>'on') AS step, r.ord
      FROM procedure p
      JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
      CROSS JOIN LATERAL jsonb_array_elements(p.doc->'procedure'->'records') WITH ORDINALITY AS r (rec, ord)
      WHERE ${inCounty('p.county_code')} AND p.village_code LIKE ${like} AND p.state <> 'cancelled'
        AND r.rec->>'step' IN (${steps}) AND r.rec->'actor'->>'userId' ~ '^[0-9]{1,18}$'
    ),
    acted AS MATERIALIZED (
      SELECT county_code, procedure_id, household_id, kind, state, opened_on, household_no, head_name, village_code, user_id,
             jsonb_agg(step ORDER BY ord) AS steps
      FROM act
      GROUP BY county_code, procedure_id, household_id, kind, state, opened_on, household_no, head_name, village_code, user_id
    ),
    actor AS (SELECT DISTINCT user_id FROM acted),
    actor_person AS MATERIALIZED (
      SELECT u.id AS user_id, u.id_number FROM app_user u JOIN actor a ON a.user_id = u.id WHERE u.id_number IS NOT NULL
      UNION
      SELECT s.user_id, s.id_number FROM aid_staff s JOIN actor a ON a.user_id = s.user_id WHERE s.id_number IS NOT NULL
    ),
    -- The households a person's own resident ID was ever registered in, looked up by that ID alone.
    actor_household AS MATERIALIZED (
      SELECT DISTINCT p.user_id, p.id_number, m1.county_code, m1.household_id FROM actor_person p JOIN member m1 ON m1.id_number = p.id_number
    ),
    actor_kin AS MATERIALIZED (
      SELECT a.user_id, r.id_number, r.relation, 2 AS rank, 'registered' AS found FROM actor a JOIN relative r ON r.user_id = a.user_id
      UNION ALL
      SELECT a.user_id, r.id_number, r.relation, 2, 'registered' FROM actor a JOIN aid_staff s ON s.user_id = a.user_id JOIN relative r ON r.staff_id = s.id
      UNION ALL
      SELECT p.user_id, p.id_number, NULL, 1, 'self' FROM actor_person p
      UNION ALL
      SELECT p.user_id, m2.id_number, NULL, 3, 'same_household'
      FROM actor_household p
      JOIN member m2 ON m2.county_code = p.county_code AND m2.household_id = p.household_id AND m2.id_number <> p.id_number
    ),
    case_hit AS MATERIALIZED (
      SELECT DISTINCT ON (x.county_code, x.procedure_id, x.user_id, m.id)
             'procedure' AS source, x.procedure_id AS ref_id, x.county_code, x.household_id, x.household_no, x.head_name, x.village_code,
             x.kind AS procedure_kind, x.state AS procedure_state, x.opened_on, NULL::date AS starts_on, NULL::date AS ends_on,
             x.user_id, NULL::bigint AS staff_id, x.steps,
             m.id AS member_id, m.name AS member_name, m.id_number AS member_id_number, m.relation AS member_relation, m.status AS member_status,
             k.relation, k.found
      FROM actor_kin k
      JOIN member m ON m.id_number = k.id_number
      JOIN acted x ON x.county_code = m.county_code AND x.household_id = m.household_id AND x.user_id = k.user_id
      ORDER BY x.county_code, x.procedure_id, x.user_id, m.id, k.rank
    ),
    -- Helpers are matched the other way round: from the few people related to some member of staff (the
    -- registry's members found by resident ID) to the pairings of their households, never from every pairing.
    staff_person AS MATERIALIZED (
      SELECT s.id AS staff_id, coalesce(s.id_number, u.id_number) AS id_number
      FROM aid_staff s LEFT JOIN app_user u ON u.id = s.user_id
      WHERE s.id_number IS NOT NULL OR u.id_number IS NOT NULL
    ),
    staff_household AS MATERIALIZED (
      SELECT DISTINCT p.staff_id, p.id_number, m1.county_code, m1.household_id FROM staff_person p JOIN member m1 ON m1.id_number = p.id_number
    ),
    staff_kin AS MATERIALIZED (
      SELECT r.staff_id, r.id_number, r.relation, 2 AS rank, 'registered' AS found FROM relative r WHERE r.staff_id IS NOT NULL
      UNION ALL
      SELECT s.id, r.id_number, r.relation, 2, 'registered' FROM relative r JOIN aid_staff s ON s.user_id = r.user_id
      UNION ALL
      SELECT p.staff_id, p.id_number, NULL, 1, 'self' FROM staff_person p
      UNION ALL
      SELECT p.staff_id, m2.id_number, NULL, 3, 'same_household'
      FROM staff_household p
      JOIN member m2 ON m2.county_code = p.county_code AND m2.household_id = p.household_id AND m2.id_number <> p.id_number
    ),
    pair_hit AS MATERIALIZED (
      SELECT DISTINCT ON (hp.county_code, hp.id, m.id)
             'pairing' AS source, hp.id AS ref_id, hp.county_code, hp.household_id, h.household_no, h.head_name, h.village_code,
             NULL AS procedure_kind, NULL AS procedure_state, NULL::date AS opened_on, hp.starts_on, hp.ends_on,
             NULL::bigint AS user_id, hp.staff_id, NULL::jsonb AS steps,
             m.id AS member_id, m.name AS member_name, m.id_number AS member_id_number, m.relation AS member_relation, m.status AS member_status,
             k.relation, k.found
      FROM staff_kin k
      JOIN member m ON m.id_number = k.id_number
      JOIN household_pairing hp ON hp.county_code = m.county_code AND hp.household_id = m.household_id AND hp.staff_id = k.staff_id
      JOIN household h ON h.county_code = hp.county_code AND h.id = hp.household_id
      WHERE ${inCounty('hp.county_code')} AND h.village_code LIKE ${like}
      ORDER BY hp.county_code, hp.id, m.id, k.rank
    ),
    hit AS (SELECT * FROM case_hit UNION ALL SELECT * FROM pair_hit)
    SELECT x.*, v.name AS village_name, u.display_name AS user_name, u.role AS user_role, s.name AS staff_name, au.name AS unit_name,
           count(*) OVER () AS total
    FROM hit x
    JOIN region v ON v.code = x.village_code
    LEFT JOIN app_user u ON u.id = x.user_id
    LEFT JOIN aid_staff s ON s.id = x.staff_id
    LEFT JOIN aid_unit au ON au.id = s.unit_id
    ORDER BY x.village_code, x.household_no, x.source DESC, x.ref_id, x.user_id, x.staff_id, x.member_id
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;
}
