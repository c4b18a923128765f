import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/**
 * Campaigns with their sums, all in one statement: household visits are the visits logged under the
 * campaign; person-visits add the people seen outside the registry; participants are the staff declared
 * or, when more, the distinct helpers on its visits; money is the visits' plus the entries'.
 */
function campaignsWithSums(db: Kysely<DB>) {
  return db
    .selectFrom('campaign as c')
    .innerJoin('aid_unit as u', 'u.id', 'c.unit_id')
    .innerJoin('region as g', 'g.code', 'c.region_code')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('visit as v')
          .whereRef('v.campaign_id', '=', 'c.id')
          .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(v.spent), 0)`.as('spent')])
          .as('vs'),
      (j) => j.onTrue(),
    )
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('visit as v')
          .innerJoin('visit_helper as vh', (j) => j.onRef('vh.county_code', '=', 'v.county_code').onRef('vh.visit_id', '=', 'v.id'))
          .whereRef('v.campaign_id', '=', 'c.id')
          .select(sql<string>`count(DISTINCT vh.staff_id)`.as('n'))
          .as('hs'),
      (j) => j.onTrue(),
    )
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('campaign_entry as e')
          .whereRef('e.campaign_id', '=', 'c.id')
          .select([sql<string>`coalesce(sum(e.persons), 0)`.as('persons'), sql<string>`coalesce(sum(e.spent), 0)`.as('spent')])
          .as('es'),
      (j) => j.onTrue(),
    )
    .select([
      'c.id',
      'c.unit_id',
      'u.name as unit_name',
      'c.region_code',
      'g.name as region_name',
      'c.name',
      'c.starts_on',
      'c.ends_on',
      'c.participants as declared_participants',
      'c.note',
      'vs.n as household_visits',
      sql<string>`vs.n + es.persons`.as('person_visits'),
      'hs.n as helpers',
      sql<string>`greatest(c.participants, hs.n)`.as('participants'),
      sql<string>`vs.spent + es.spent`.as('spent'),
    ]);
}

/** A campaign with its sums, as listed and shown. */
export type CampaignRow = Awaited<ReturnType<ReturnType<typeof campaignsWithSums>['executeTakeFirstOrThrow']>>;

/** Campaigns with their sums whose place lies under a region prefix, sharing a day with a year if given, newest first. */
export function listCampaignsIn(db: Kysely<DB>, prefix: string, year: number | undefined) {
  let query = campaignsWithSums(db).where('c.region_code', 'like', `${prefix}%`);
  if (year !== undefined) query = query.where('c.starts_on', '<=', `${year}-12-31`).where('c.ends_on', '>=', `${year}-01-01`);
  return query.orderBy('c.starts_on', 'desc').orderBy('c.id', 'desc').execute();
}

/** One campaign with its sums. */
export function findCampaignWithSums(db: Kysely<DB>, id: string) {
  return campaignsWithSums(db).where('c.id', '=', id).executeTakeFirstOrThrow();
}

/** One campaign, every column. */
export function findCampaign(db: Kysely<DB>, id: string) {
  return db.selectFrom('campaign').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The level of a region, when it exists. */
export function findRegionLevel(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select('level').where('code', '=', code).executeTakeFirst();
}

/** Inserts a campaign; returns its id. */
export async function insertCampaign(trx: Transaction<DB>, row: Insertable<DB['campaign']>): Promise<string> {
  const { id } = await trx.insertInto('campaign').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The people a campaign saw outside the registry, by day. */
export function listCampaignEntries(db: Kysely<DB>, campaignId: string) {
  return db.selectFrom('campaign_entry').select(['id', 'on_date', 'persons', 'spent', 'note']).where('campaign_id', '=', campaignId).orderBy('on_date').orderBy('id').execute();
}

/** The first visits logged under a campaign, by date, with their household and helpers. */
export function listCampaignVisits(db: Kysely<DB>, campaignId: string, limit: number) {
  return db
    .selectFrom('visit as v')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'v.county_code').onRef('h.id', '=', 'v.household_id'))
    .select(['v.id', 'v.household_id', 'h.household_no', 'h.head_name', 'h.village_code', 'v.visited_on', 'v.spent'])
    .select(
      sql<Array<{ id: string | number; name: string }> | null>`(
        SELECT json_agg(json_build_object('id', s.id::text, 'name', s.name) ORDER BY s.name)
        FROM visit_helper vh JOIN aid_staff s ON s.id = vh.staff_id
        WHERE vh.county_code = v.county_code AND vh.visit_id = v.id)`.as('helpers'),
    )
    .where('v.campaign_id', '=', campaignId)
    .orderBy('v.visited_on')
    .orderBy('v.id')
    .limit(limit)
    .execute();
}

/** Inserts an entry of people a campaign saw; returns its id. */
export async function insertCampaignEntry(trx: Transaction<DB>, row: Insertable<DB['campaign_entry']>): Promise<string> {
  const { id } = await trx.insertInto('campaign_entry').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}
