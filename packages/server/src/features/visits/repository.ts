import { regionPrefix } from '@jingzhun/domain';
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { aidReachOf, householdReadable } from '../../kernel/scope/need-to-know.repository.ts';

/** The active member of staff a signed-in account is (a helper with a login), if any. */
export function findStaffOfUser(db: Kysely<DB>, userId: string) {
  return db.selectFrom('aid_staff').select(['id', 'unit_id', 'name', 'phone']).where('user_id', '=', userId).where('active', '=', true).executeTakeFirst();
}

/** The county a household is kept in, or null when no household has that id. */
export async function countyOfHousehold(db: Kysely<DB>, householdId: string): Promise<string | null> {
  if (!/^\d{1,18}$/.test(householdId)) return null;
  const row = await db.selectFrom('household').select('county_code').where('id', '=', householdId).executeTakeFirst();
  return row?.county_code ?? null;
}

/** The name of a region, when it exists. */
export function findRegionName(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').select('name').where('code', '=', code).executeTakeFirst();
}

/**
 * What decides whether helpers may have visited a household on a day: their pairings with it, those of
 * them on the village's work team that day, and whether each is an active member of staff.
 */
export function helperStanding(db: Kysely<DB>, h: { county_code: string; id: string; village_code: string }, helperIds: string[], on: string) {
  return Promise.all([
    db.selectFrom('household_pairing').select(['staff_id', 'starts_on', 'ends_on']).where('county_code', '=', h.county_code).where('household_id', '=', h.id).where('staff_id', 'in', helperIds).execute(),
    db
      .selectFrom('work_team_member as m')
      .innerJoin('work_team as t', 't.id', 'm.team_id')
      .select('m.staff_id')
      .where('t.village_code', '=', h.village_code)
      .where('m.staff_id', 'in', helperIds)
      .where('m.starts_on', '<=', on)
      .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', on)]))
      .execute(),
    db.selectFrom('aid_staff').select(['id', 'active']).where('id', 'in', helperIds).execute(),
  ]);
}

/** A campaign's place and days. */
export function findCampaignPeriod(db: Kysely<DB>, campaignId: string) {
  return db.selectFrom('campaign').select(['region_code', 'starts_on', 'ends_on']).where('id', '=', campaignId).executeTakeFirst();
}

/** Inserts a visit and its helpers; returns the visit's id. */
export async function insertVisit(trx: Transaction<DB>, visit: Insertable<DB['visit']>, helperIds: string[]): Promise<string> {
  const row = await trx.insertInto('visit').values(visit).returning('id').executeTakeFirstOrThrow();
  await trx
    .insertInto('visit_helper')
    .values(helperIds.map((staffId) => ({ county_code: visit.county_code, visit_id: row.id, staff_id: staffId, household_id: visit.household_id, visited_on: visit.visited_on })))
    .execute();
  return row.id;
}

/** What narrows a page of visits, the region already checked against the user's. */
export interface VisitQuery {
  scope: string;
  /** The household asked for, with its county ('' when it has none). */
  household?: { countyCode: string; id: string } | undefined;
  staffId?: string | undefined;
  campaignId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** A page of the visits inside a region that the user needs to know (newest first), with the household's head, and their count. */
export async function listVisitPage(db: Kysely<DB>, user: SessionUser, q: VisitQuery) {
  let base = db
    .selectFrom('visit as v')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'v.county_code').onRef('h.id', '=', 'v.household_id'))
    .where('h.village_code', 'like', `${regionPrefix(q.scope)}%`);
  if (q.household) {
    // The county leads every key of the visits: name it, or a household's visits are a scan of all.
    base = base.where('v.county_code', '=', q.household.countyCode).where('v.household_id', '=', q.household.id);
  } else if (q.scope.length >= 6) {
    base = base.where('v.county_code', '=', q.scope.slice(0, 6));
  }
  // Need to know: an aid unit reads the visits its staff took part in; a helper those to its households.
  const reach = aidReachOf(user);
  if (reach.kind === 'unit') {
    const { unitId } = reach;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('visit_helper as uvh')
          .innerJoin('aid_staff as us', 'us.id', 'uvh.staff_id')
          .select(sql`1`.as('one'))
          .whereRef('uvh.county_code', '=', 'v.county_code')
          .whereRef('uvh.visit_id', '=', 'v.id')
          .where('us.unit_id', '=', unitId),
      ),
    );
  }
  if (reach.kind === 'helper') base = base.where(householdReadable(user, 'v.county_code', 'v.household_id'));
  if (q.campaignId) base = base.where('v.campaign_id', '=', q.campaignId);
  if (q.from) base = base.where('v.visited_on', '>=', q.from);
  if (q.to) base = base.where('v.visited_on', '<=', q.to);
  if (q.staffId) {
    const staffId = q.staffId;
    base = base.where((eb) =>
      eb.exists(eb.selectFrom('visit_helper as vh').select(sql`1`.as('one')).whereRef('vh.county_code', '=', 'v.county_code').whereRef('vh.visit_id', '=', 'v.id').where('vh.staff_id', '=', staffId)),
    );
  }
  const [rows, total] = await Promise.all([
    base
      .select([
        'v.id', 'v.county_code', 'v.household_id', 'h.household_no', 'h.head_name', 'h.village_code', 'v.visited_on', 'v.latitude', 'v.longitude', 'v.accuracy',
        'v.seen', 'v.problems', 'v.agreed', 'v.campaign_id', 'v.spent', 'v.photo_ids', 'v.created_at',
      ])
      .orderBy('v.visited_on', 'desc')
      .orderBy('v.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

/** The helpers of the given visits, with their units. */
export function listVisitHelpers(db: Kysely<DB>, visits: ReadonlyArray<{ id: string; county_code: string }>) {
  return db
    .selectFrom('visit_helper as vh')
    .innerJoin('aid_staff as s', 's.id', 'vh.staff_id')
    .innerJoin('aid_unit as u', 'u.id', 's.unit_id')
    .select(['vh.visit_id', 's.id', 's.name', 'u.id as unit_id', 'u.name as unit_name'])
    .where('vh.county_code', 'in', [...new Set(visits.map((r) => r.county_code))])
    .where('vh.visit_id', 'in', visits.map((r) => r.id))
    .execute();
}
