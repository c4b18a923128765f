import { type CampaignEntryInput, campaignEntryInputSchema, type CampaignInput, campaignInputSchema, can, isWithinScope, regionPrefix, todayInChina } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { visibleUnit } from '../assistance/service.ts';
import { regionInScope } from '../../kernel/scope/scope.ts';

/** The most visits a campaign's page lists; its sums always count them all. */
export const CAMPAIGN_VISITS_SHOWN = 500;

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

type CampaignRow = Awaited<ReturnType<ReturnType<typeof campaignsWithSums>['executeTakeFirstOrThrow']>>;

/** A campaign as the API shows it; money in yuan. */
function presentCampaign(c: CampaignRow) {
  return {
    id: c.id,
    unitId: c.unit_id,
    unitName: c.unit_name,
    regionCode: c.region_code,
    regionName: c.region_name,
    name: c.name,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    declaredParticipants: Number(c.declared_participants),
    note: c.note,
    householdVisits: Number(c.household_visits),
    personVisits: Number(c.person_visits),
    helpers: Number(c.helpers),
    participants: Number(c.participants),
    spent: Number(c.spent),
  };
}

/** A campaign whose place lies inside the user's region; anything else is not found. */
async function visibleCampaign(db: Kysely<DB>, user: SessionUser, id: string) {
  const campaign = /^\d{1,18}$/.test(id) ? await db.selectFrom('campaign').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!campaign || !isWithinScope(campaign.region_code, user.regionCode)) throw new AppError('not_found', { entity: 'campaign', id });
  return campaign;
}

/** Records a unit's visiting campaign in a township or village inside the user's region. */
export async function createCampaign(db: Kysely<DB>, user: SessionUser, actor: Actor, input: CampaignInput): Promise<string> {
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  const c = campaignInputSchema.parse(input);
  const unit = await visibleUnit(db, user, c.unitId).catch(() => {
    throw new AppError('validation_failed', { field: 'unitId', rule: 'unit_not_found' });
  });
  if (!isWithinScope(c.regionCode, user.regionCode)) throw new AppError('not_found', { entity: 'region', code: c.regionCode });
  const region = await db.selectFrom('region').select('level').where('code', '=', c.regionCode).executeTakeFirst();
  if (!region || region.level < 4) throw new AppError('region_not_found', { field: 'regionCode' });
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('campaign')
      .values({ unit_id: unit.id, region_code: c.regionCode, name: c.name, starts_on: c.startsOn, ends_on: c.endsOn, participants: c.participants, note: c.note || null, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'campaign.created', entity: 'campaign', entityId: row.id, regionCode: c.regionCode, after: c });
    return row.id;
  });
}

/** Campaigns whose place lies in a region (the user's unless narrowed), sharing a day with a year if given, newest first. */
export async function listCampaigns(db: Kysely<DB>, user: SessionUser, filter: { regionCode?: string | undefined; year?: number | undefined }) {
  const scope = regionInScope(user, 'region', filter.regionCode);
  let query = campaignsWithSums(db).where('c.region_code', 'like', `${regionPrefix(scope)}%`);
  if (filter.year !== undefined) query = query.where('c.starts_on', '<=', `${filter.year}-12-31`).where('c.ends_on', '>=', `${filter.year}-01-01`);
  const rows = await query.orderBy('c.starts_on', 'desc').orderBy('c.id', 'desc').execute();
  return rows.map(presentCampaign);
}

/** A campaign with its sums, the people it saw outside the registry, and the visits logged under it (the first 500 by date). */
export async function campaignDetail(db: Kysely<DB>, user: SessionUser, id: string) {
  const campaign = await visibleCampaign(db, user, id);
  const [row, entries, visits] = await Promise.all([
    campaignsWithSums(db).where('c.id', '=', campaign.id).executeTakeFirstOrThrow(),
    db.selectFrom('campaign_entry').select(['id', 'on_date', 'persons', 'spent', 'note']).where('campaign_id', '=', campaign.id).orderBy('on_date').orderBy('id').execute(),
    db
      .selectFrom('visit as v')
      .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'v.county_code').onRef('h.id', '=', 'v.household_id'))
      .select(['v.id', 'v.household_id', 'h.household_no', 'h.head_name', 'h.village_code', 'v.visited_on', 'v.spent'])
      .select(
        sql<Array<{ id: string | number; name: string }> | null>`(
          SELECT json_agg(json_build_object('id', s.id::text, 'name', s.name) ORDER BY s.name)
          FROM visit_helper vh JOIN aid_staff s ON s.id = vh.staff_id
          WHERE vh.county_code = v.county_code AND vh.visit_id = v.id)`.as('helpers'),
      )
      .where('v.campaign_id', '=', campaign.id)
      .orderBy('v.visited_on')
      .orderBy('v.id')
      .limit(CAMPAIGN_VISITS_SHOWN)
      .execute(),
  ]);
  return {
    ...presentCampaign(row),
    entries: entries.map((e) => ({ id: e.id, on: e.on_date, persons: e.persons, spent: Number(e.spent), note: e.note })),
    visits: visits.map((v) => ({
      id: v.id,
      household: { id: v.household_id, householdNo: v.household_no, headName: v.head_name, villageCode: v.village_code },
      visitedOn: v.visited_on,
      helpers: (v.helpers ?? []).map((s) => ({ id: String(s.id), name: s.name })),
      spent: Number(v.spent),
    })),
  };
}

/** Records people a campaign saw outside the registry on one of its days (not ahead of today). */
export async function addCampaignEntry(db: Kysely<DB>, user: SessionUser, actor: Actor, id: string, input: CampaignEntryInput): Promise<string> {
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  const campaign = await visibleCampaign(db, user, id);
  const e = campaignEntryInputSchema.parse(input);
  if (e.on < campaign.starts_on || e.on > campaign.ends_on) throw new AppError('validation_failed', { field: 'on', rule: 'outside_campaign' });
  if (e.on > todayInChina()) throw new AppError('validation_failed', { field: 'on', rule: 'not_in_future' });
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('campaign_entry')
      .values({ campaign_id: campaign.id, on_date: e.on, persons: e.persons, spent: e.spent, note: e.note, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'campaign.entry_added', entity: 'campaign', entityId: campaign.id, regionCode: campaign.region_code, after: { entryId: row.id, ...e } });
    return row.id;
  });
}
