import { daysBefore, maskPhone, regionPrefix, todayInChina, visitDue } from '@jingzhun/domain';
import { aidReachOf, NO_RECORD } from '../../kernel/scope/need-to-know.ts';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { countiesOf } from '../regions/repository.ts';
import { visibleUnit } from '../assistance/service.ts';
import { assistanceSettings, staffOfUser } from './service.ts';
import { regionInScope } from '../../kernel/scope/scope.ts';

/**
 * The open pairings of a region on a date, each with the last visit its helper made to its household
 * on or before that date: the one query behind visit compliance, "my households" and the ledger.
 * A pairing never visited is counted from its start, so a pairing made yesterday is not yet overdue.
 */
function openPairings(db: Kysely<DB>, prefix: string, asOf: string) {
  return db
    .selectFrom('household_pairing as p')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .innerJoin('aid_staff as s', 's.id', 'p.staff_id')
    .where('h.village_code', 'like', `${prefix}%`)
    .where('h.left_on', 'is', null)
    .where('p.starts_on', '<=', asOf)
    .where((eb) => eb.or([eb('p.ends_on', 'is', null), eb('p.ends_on', '>=', asOf)]))
    .select((eb) => [
      'p.id as pairing_id',
      'p.county_code',
      'p.household_id',
      'p.staff_id',
      's.unit_id',
      'p.starts_on',
      eb
        .selectFrom('visit_helper as vh')
        .select((e) => e.fn.max('vh.visited_on').as('d'))
        .whereRef('vh.county_code', '=', 'p.county_code')
        .whereRef('vh.household_id', '=', 'p.household_id')
        .whereRef('vh.staff_id', '=', 'p.staff_id')
        .where('vh.visited_on', '<=', asOf)
        .as('last_visited_on'),
    ]);
}

export interface ComplianceQuery {
  regionCode?: string | undefined;
  asOf?: string | undefined;
  unitId?: string | undefined;
  staffId?: string | undefined;
  page: number;
  pageSize: number;
  /** Helpers listed, most overdue first (500 on screen; all of them in the export). */
  helperLimit?: number;
}

function scopeOf(user: SessionUser, regionCode: string | undefined): string {
  return regionInScope(user, 'region', regionCode);
}

/**
 * The compliance figures of a region in one statement. A pairing is overdue when it began at least the
 * interval ago and its helper has made no visit to its household within the interval: one probe of the
 * (county, household, helper, date) index per pairing, a plan that stays sound whatever the statistics
 * say (the embedded engine has no autovacuum, and a join against the interval's visits, estimated from
 * an empty table, ran 100 s). The last visit is looked up only for the overdue pairings the list shows.
 * Totals, units and helpers come from one pass (GROUPING SETS); helpers are the 500 with most overdue.
 */
export function complianceStatement(q: { prefix: string; counties: string[]; asOf: string; cutoff: string; unitId?: string | undefined; staffId?: string | undefined; limit: number; offset: number; helperLimit?: number }) {
  const unit = q.unitId ? sql`AND s.unit_id = ${q.unitId}` : sql``;
  const staff = q.staffId ? sql`AND p.staff_id = ${q.staffId}` : sql``;
  return sql<{ groups: ComplianceGroup[] | null; items: ComplianceItem[] | null }>`
    WITH c AS MATERIALIZED (
      SELECT p.id AS pairing_id, p.county_code, p.household_id, p.staff_id, s.unit_id, p.starts_on,
             p.starts_on <= ${q.cutoff}::date AND NOT EXISTS (
               SELECT 1 FROM visit_helper vh WHERE vh.county_code = p.county_code AND vh.household_id = p.household_id AND vh.staff_id = p.staff_id
                 AND vh.visited_on > ${q.cutoff}::date AND vh.visited_on <= ${q.asOf}::date
             ) AS overdue
      FROM household_pairing p
      JOIN household h ON h.county_code = p.county_code AND h.id = p.household_id
      JOIN aid_staff s ON s.id = p.staff_id
      WHERE p.county_code = ANY(${q.counties}) AND h.village_code LIKE ${`${q.prefix}%`} AND h.left_on IS NULL
        AND p.starts_on <= ${q.asOf}::date AND (p.ends_on IS NULL OR p.ends_on >= ${q.asOf}::date) ${unit} ${staff}
    ), groups AS (
      SELECT grouping(unit_id, staff_id) AS g, unit_id, staff_id, count(*) AS pairings,
             count(*) FILTER (WHERE overdue) AS overdue, count(DISTINCT household_id) FILTER (WHERE overdue) AS households
      FROM c GROUP BY GROUPING SETS ((), (unit_id), (staff_id))
    ), late AS (
      SELECT c.*, (SELECT max(vh.visited_on) FROM visit_helper vh WHERE vh.county_code = c.county_code AND vh.household_id = c.household_id
                     AND vh.staff_id = c.staff_id AND vh.visited_on <= ${q.asOf}::date) AS last_visited_on
      FROM c WHERE overdue
    ), page AS (
      SELECT * FROM late ORDER BY coalesce(last_visited_on, starts_on), pairing_id LIMIT ${q.limit} OFFSET ${q.offset}
    )
    SELECT
      (SELECT json_agg(x) FROM (
        SELECT g.g, g.pairings, g.overdue, g.households, u.id AS unit_id, u.name AS unit_name, s.id AS staff_id, s.name AS staff_name, su.name AS staff_unit_name
        FROM groups g LEFT JOIN aid_unit u ON u.id = g.unit_id LEFT JOIN aid_staff s ON s.id = g.staff_id LEFT JOIN aid_unit su ON su.id = s.unit_id
        WHERE g.g <> 2 OR g.staff_id IN (SELECT staff_id FROM groups WHERE g = 2 ORDER BY overdue DESC, staff_id LIMIT ${q.helperLimit ?? 500})
      ) x) AS groups,
      (SELECT json_agg(x ORDER BY x.since, x.pairing_id) FROM (
        SELECT page.pairing_id, coalesce(page.last_visited_on, page.starts_on) AS since, page.household_id, h.household_no, h.head_name, h.village_code,
               page.staff_id, s.name AS staff_name, u.name AS unit_name, page.starts_on, page.last_visited_on
        FROM page JOIN household h ON h.county_code = page.county_code AND h.id = page.household_id
        JOIN aid_staff s ON s.id = page.staff_id JOIN aid_unit u ON u.id = s.unit_id
      ) x) AS items`;
}

interface ComplianceGroup {
  /** 3: the totals; 1: a unit (grouping of unit_id, staff_id = 01); 2: a helper (10). */
  g: number;
  pairings: number;
  overdue: number;
  households: number;
  unit_id: string | null;
  unit_name: string | null;
  staff_id: string | null;
  staff_name: string | null;
  staff_unit_name: string | null;
}
interface ComplianceItem {
  pairing_id: string;
  household_id: string;
  household_no: string;
  head_name: string;
  village_code: string;
  staff_id: string;
  staff_name: string;
  unit_name: string;
  starts_on: string;
  last_visited_on: string | null;
}

/**
 * The unit and helper a compliance query is narrowed to (need to know): an aid unit's account counts its
 * own staff's pairings, a helper its own; a filter naming another unit or helper then matches nothing.
 */
async function complianceReach(db: Kysely<DB>, user: SessionUser, q: { unitId?: string | undefined; staffId?: string | undefined }) {
  const reach = aidReachOf(user);
  const only = (own: string | undefined, asked: string | undefined) => (own === undefined || (asked !== undefined && asked !== own) ? NO_RECORD : own);
  if (reach.kind === 'unit') return { unitId: only(reach.unitId, q.unitId), staffId: q.staffId };
  if (reach.kind === 'helper') return { unitId: q.unitId, staffId: only((await staffOfUser(db, user.id))?.id, q.staffId) };
  return { unitId: q.unitId, staffId: q.staffId };
}

/**
 * Visit compliance (走访频次): paired households whose helper has not visited within the region's interval,
 * counted by unit and by helper, and listed (longest unseen first), all from one statement.
 */
export async function visitCompliance(db: Kysely<DB>, user: SessionUser, q: ComplianceQuery) {
  const scope = scopeOf(user, q.regionCode);
  const asOf = q.asOf ?? todayInChina();
  if (asOf > todayInChina()) throw new AppError('validation_failed', { field: 'asOf', rule: 'not_in_future' });
  const { visitIntervalDays } = await assistanceSettings(db, scope, asOf);
  const cutoff = daysBefore(asOf, visitIntervalDays);
  const counties = await countiesOf(db, scope);
  const { unitId, staffId } = await complianceReach(db, user, q);
  const { rows } = await complianceStatement({
    prefix: regionPrefix(scope), counties, asOf, cutoff, unitId, staffId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize, helperLimit: q.helperLimit ?? 500,
  }).execute(db);
  const groups = rows[0]?.groups ?? [];
  const totals = groups.find((g) => g.g === 3);
  const byOverdue = <T extends { overdue: number; name: string }>(a: T, b: T) => b.overdue - a.overdue || a.name.localeCompare(b.name, 'zh-CN');
  return {
    regionCode: scope,
    asOf,
    intervalDays: visitIntervalDays,
    pairings: Number(totals?.pairings ?? 0),
    overdue: Number(totals?.overdue ?? 0),
    overdueHouseholds: Number(totals?.households ?? 0),
    byUnit: groups
      .filter((g) => g.g === 1)
      .map((g) => ({ unitId: String(g.unit_id), unitName: g.unit_name ?? '', name: g.unit_name ?? '', pairings: Number(g.pairings), overdue: Number(g.overdue) }))
      .sort(byOverdue)
      .map(({ name: _name, ...u }) => u),
    byHelper: groups
      .filter((g) => g.g === 2)
      .map((g) => ({ staffId: String(g.staff_id), name: g.staff_name ?? '', unitName: g.staff_unit_name ?? '', pairings: Number(g.pairings), overdue: Number(g.overdue) }))
      .sort(byOverdue),
    items: (rows[0]?.items ?? []).map((r) => ({
      pairingId: String(r.pairing_id),
      household: { id: String(r.household_id), householdNo: r.household_no, headName: r.head_name, villageCode: r.village_code },
      helper: { id: String(r.staff_id), name: r.staff_name, unitName: r.unit_name },
      pairedSince: r.starts_on,
      lastVisitedOn: r.last_visited_on,
      ...visitDue(r.last_visited_on ?? null, visitIntervalDays, asOf),
    })),
  };
}

/**
 * A helper's households (结对户) today with what is due: for the signed-in helper ("my households"), or
 * for a helper named by a cadre. Due first, then the ones due soonest.
 */
export async function helperHouseholds(db: Kysely<DB>, user: SessionUser, staffId?: string) {
  const staff = staffId
    ? await db.selectFrom('aid_staff').select(['id', 'unit_id', 'name', 'phone']).where('id', '=', staffId).executeTakeFirst()
    : await staffOfUser(db, user.id);
  if (!staff) {
    if (staffId) throw new AppError('not_found', { entity: 'helper', id: staffId });
    return { helper: null, intervalDays: null, items: [] };
  }
  const unit = await visibleUnit(db, user, staff.unit_id);
  const today = todayInChina();
  const { visitIntervalDays } = await assistanceSettings(db, user.regionCode, today);
  const rows = await db
    .with('p', () => openPairings(db, regionPrefix(user.regionCode), today).where('p.staff_id', '=', staff.id))
    .selectFrom('p')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .innerJoin('region as g', 'g.code', 'h.village_code')
    .select(['p.pairing_id', 'h.id', 'h.household_no', 'h.head_name', 'h.village_code', 'g.name as village_name', 'h.status', 'h.main_cause', 'h.phone', 'h.address', 'p.starts_on', 'p.last_visited_on'])
    .select((eb) => eb.selectFrom('member as m').whereRef('m.county_code', '=', 'h.county_code').whereRef('m.household_id', '=', 'h.id').where('m.left_on', 'is', null).select((e) => e.fn.countAll<string>().as('n')).as('size'))
    .execute();
  const items = rows
    .map((r) => {
      const due = visitDue(r.last_visited_on ?? null, visitIntervalDays, today);
      const dueOn = due.dueOn ?? daysBefore(r.starts_on, -visitIntervalDays);
      return {
        pairingId: r.pairing_id,
        household: { id: r.id, householdNo: r.household_no, headName: r.head_name, villageCode: r.village_code, villageName: r.village_name, status: r.status, mainCause: r.main_cause, size: Number(r.size ?? 0), phone: r.phone ? maskPhone(r.phone) : null, address: r.address },
        pairedSince: r.starts_on,
        lastVisitedOn: r.last_visited_on ?? null,
        daysSince: due.daysSince,
        dueOn,
        due: dueOn <= today,
      };
    })
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.household.headName.localeCompare(b.household.headName, 'zh-CN')));
  return { helper: { id: staff.id, name: staff.name, phone: staff.phone, unitId: unit.id, unitName: unit.name }, intervalDays: visitIntervalDays, items };
}

/**
 * A helper's ledger (台账) for a year: the households paired with them at any time in it, every visit they
 * made, and the measures they answer for. Only what lies inside the reader's region is shown.
 */
export async function helperLedger(db: Kysely<DB>, user: SessionUser, staffId: string, year: number) {
  const staff = /^\d{1,18}$/.test(staffId) ? await db.selectFrom('aid_staff').selectAll().where('id', '=', staffId).executeTakeFirst() : undefined;
  if (!staff) throw new AppError('not_found', { entity: 'helper', id: staffId });
  const unit = await visibleUnit(db, user, staff.unit_id).catch(() => {
    throw new AppError('not_found', { entity: 'helper', id: staffId });
  });
  const own = await staffOfUser(db, user.id);
  if (user.role === 'helper' && own?.id !== staff.id) throw new AppError('not_found', { entity: 'helper', id: staffId });
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const prefix = `${regionPrefix(user.regionCode)}%`;
  const [households, visits, measures] = await Promise.all([
    db
      .selectFrom('household_pairing as p')
      .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
      .innerJoin('region as g', 'g.code', 'h.village_code')
      .select(['h.id', 'h.household_no', 'h.head_name', 'h.village_code', 'g.name as village_name', 'h.status', 'h.main_cause', 'p.starts_on', 'p.ends_on'])
      .select((eb) =>
        eb
          .selectFrom('visit_helper as vh')
          .whereRef('vh.county_code', '=', 'p.county_code')
          .whereRef('vh.household_id', '=', 'p.household_id')
          .where('vh.staff_id', '=', staff.id)
          .where('vh.visited_on', '>=', from)
          .where('vh.visited_on', '<=', to)
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('visits'),
      )
      .where('p.staff_id', '=', staff.id)
      .where('h.village_code', 'like', prefix)
      .where('p.starts_on', '<=', to)
      .where((eb) => eb.or([eb('p.ends_on', 'is', null), eb('p.ends_on', '>=', from)]))
      .orderBy('h.village_code')
      .orderBy('h.household_no')
      .execute(),
    db
      .selectFrom('visit_helper as vh')
      .innerJoin('visit as v', (j) => j.onRef('v.county_code', '=', 'vh.county_code').onRef('v.id', '=', 'vh.visit_id'))
      .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'v.county_code').onRef('h.id', '=', 'v.household_id'))
      .select(['v.id', 'v.visited_on', 'h.id as household_id', 'h.household_no', 'h.head_name', 'v.seen', 'v.problems', 'v.agreed', 'v.spent', 'v.campaign_id', 'v.photo_ids', 'v.latitude'])
      .where('vh.staff_id', '=', staff.id)
      .where('vh.visited_on', '>=', from)
      .where('vh.visited_on', '<=', to)
      .where('h.village_code', 'like', prefix)
      .orderBy('v.visited_on', 'desc')
      .orderBy('v.id', 'desc')
      .execute(),
    db
      .selectFrom('household_measure as m')
      .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'm.county_code').onRef('h.id', '=', 'm.household_id'))
      .select(['m.id', 'h.id as household_id', 'h.household_no', 'h.head_name', 'm.family', 'm.content', 'm.amount', 'm.starts_on', 'm.ends_on', 'm.status', 'm.result'])
      .where('m.helper_id', '=', staff.id)
      .where('h.village_code', 'like', prefix)
      .where('m.starts_on', '<=', to)
      .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', from)]))
      .orderBy('m.starts_on')
      .orderBy('m.id')
      .execute(),
  ]);
  return {
    year,
    helper: { id: staff.id, name: staff.name, phone: staff.phone, position: staff.position, unitId: unit.id, unitName: unit.name },
    households: households.map((h) => ({
      id: h.id, householdNo: h.household_no, headName: h.head_name, villageCode: h.village_code, villageName: h.village_name, status: h.status, mainCause: h.main_cause,
      pairedFrom: h.starts_on, pairedTo: h.ends_on, visits: Number(h.visits ?? 0),
    })),
    visits: visits.map((v) => ({
      id: v.id, visitedOn: v.visited_on, household: { id: v.household_id, householdNo: v.household_no, headName: v.head_name },
      seen: v.seen, problems: v.problems, agreed: v.agreed, spent: Number(v.spent), campaignId: v.campaign_id, photos: v.photo_ids.length, located: v.latitude !== null,
    })),
    measures: measures.map((m) => ({
      id: m.id, household: { id: m.household_id, householdNo: m.household_no, headName: m.head_name }, family: m.family, content: m.content,
      amount: Number(m.amount), startsOn: m.starts_on, endsOn: m.ends_on, status: m.status, result: m.result,
    })),
  };
}
export type HelperLedger = Awaited<ReturnType<typeof helperLedger>>;

export type Compliance = Awaited<ReturnType<typeof visitCompliance>>;
