import {
  ASSISTANCE_DEFAULTS,
  type AssistanceSettings,
  can,
  type MeasureCatalogue,
  measureCatalogue,
  regionPrefix,
  todayInChina,
  VISIT_RULE_MESSAGES,
  type VisitInput,
  visitInputSchema,
} from '@jingzhun/domain';
import { aidReachOf, householdReadable } from '../../kernel/scope/need-to-know.ts';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError, type FieldError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { visibleAttachments } from '../attachments/service.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { countyOfHousehold } from '../households/repository.ts';
import { visibleHousehold } from '../households/service.ts';
import { effectiveProfile } from '../standards/service.ts';
import { regionInScope } from '../../kernel/scope/scope.ts';

/** The assistance settings in force in a region on a date (defaults where no level sets them). */
export async function assistanceSettings(db: Kysely<DB>, regionCode: string, onDate = todayInChina()): Promise<AssistanceSettings> {
  const profile = await effectiveProfile(db, regionCode, onDate);
  return profile.assistance ?? ASSISTANCE_DEFAULTS;
}

/** The measure catalogue of a region today. */
export async function catalogueFor(db: Kysely<DB>, regionCode: string): Promise<MeasureCatalogue> {
  return measureCatalogue(await assistanceSettings(db, regionCode));
}

/** The member of staff a signed-in account is (a helper with a login), if any. */
export function staffOfUser(db: Kysely<DB>, userId: string) {
  return db.selectFrom('aid_staff').select(['id', 'unit_id', 'name', 'phone']).where('user_id', '=', userId).where('active', '=', true).executeTakeFirst();
}

const rule = (path: string, code: keyof typeof VISIT_RULE_MESSAGES | 'not_in_future'): FieldError => ({
  path,
  code,
  message: code === 'not_in_future' ? 'The date cannot be in the future' : (VISIT_RULE_MESSAGES[code] as { en: string }).en,
});

/**
 * Why each named helper may not have made this visit, if any: on the visit's day a helper must be paired
 * with the household or be on the village's resident work team. A pairing that starts later is named
 * as such (the usual mistake: a date typed a year early).
 */
async function unqualifiedHelpers(db: Kysely<DB>, h: { county_code: string; id: string; village_code: string }, helperIds: string[], on: string): Promise<FieldError[]> {
  const [pairings, teams, staff] = await Promise.all([
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
  const issues: FieldError[] = [];
  helperIds.forEach((id, i) => {
    const path = `helperIds.${i}`;
    if (!staff.some((s) => s.id === id && s.active)) return void issues.push({ path, code: 'helper_not_found', message: 'No such active helper within your reach' });
    const own = pairings.filter((p) => p.staff_id === id);
    if (own.some((p) => p.starts_on <= on && (!p.ends_on || p.ends_on >= on))) return;
    if (teams.some((t) => t.staff_id === id)) return;
    issues.push(rule(path, own.some((p) => p.starts_on > on) ? 'before_pairing' : 'visitor_not_paired'));
  });
  return issues;
}

/**
 * Logs a visit. Nothing is written unless all of it holds: a date not ahead of today, every helper paired
 * with the household (or on the village's work team) that day, photos of this household, and a campaign
 * of this place whose days include the visit. A helper signed in logs visits they took part in.
 */
export async function logVisit(db: Kysely<DB>, user: SessionUser, actor: Actor, input: VisitInput): Promise<string> {
  if (!can(user.role, 'logVisits')) throw new AppError('forbidden', { capability: 'logVisits' });
  const v = visitInputSchema.parse(input);
  const h = await visibleHousehold(db, user, v.householdId);
  const own = await staffOfUser(db, user.id);
  const helperIds = v.helperIds ?? (own ? [own.id] : []);
  const issues: FieldError[] = [];
  if (v.visitedOn > todayInChina()) issues.push(rule('visitedOn', 'not_in_future'));
  if (h.left_on && v.visitedOn > h.left_on) throw new AppError('household_closed', { leftOn: h.left_on });
  if (helperIds.length === 0) issues.push(rule('helperIds', 'helpers_required'));
  else if (user.role === 'helper' && (!own || !helperIds.includes(own.id))) issues.push(rule('helperIds', 'not_your_staff'));
  else issues.push(...(await unqualifiedHelpers(db, h, helperIds, v.visitedOn)));
  const photoIds = v.photoIds ?? [];
  if (photoIds.length > 0) {
    const photos = await visibleAttachments(db, user, photoIds);
    photoIds.forEach((id, i) => {
      const photo = photos.find((p) => p.id === id);
      if (!photo || photo.region_code !== h.village_code || !photo.content_type.startsWith('image/')) issues.push(rule(`photoIds.${i}`, 'photo_not_found'));
    });
  }
  if (v.campaignId) {
    const campaign = await db.selectFrom('campaign').select(['region_code', 'starts_on', 'ends_on']).where('id', '=', v.campaignId).executeTakeFirst();
    if (!campaign || !h.village_code.startsWith(campaign.region_code)) issues.push(rule('campaignId', 'campaign_not_found'));
    else if (v.visitedOn < campaign.starts_on || v.visitedOn > campaign.ends_on) issues.push(rule('visitedOn', 'outside_campaign'));
  }
  if (issues.length > 0) throw new AppError('validation_failed', { fields: issues });

  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('visit')
      .values({
        county_code: h.county_code,
        household_id: h.id,
        visited_on: v.visitedOn,
        latitude: v.location?.latitude ?? null,
        longitude: v.location?.longitude ?? null,
        accuracy: v.location?.accuracy ?? null,
        seen: v.seen,
        problems: v.problems || null,
        agreed: v.agreed || null,
        campaign_id: v.campaignId ?? null,
        spent: v.spent,
        photo_ids: photoIds,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('visit_helper')
      .values(helperIds.map((staffId) => ({ county_code: h.county_code, visit_id: row.id, staff_id: staffId, household_id: h.id, visited_on: v.visitedOn })))
      .execute();
    await recordAudit(trx, actor, { action: 'visit.logged', entity: 'household', entityId: h.id, regionCode: h.village_code, after: { visitId: row.id, ...v, helperIds } });
    return row.id;
  });
}

export interface VisitFilter {
  regionCode?: string | undefined;
  householdId?: string | undefined;
  staffId?: string | undefined;
  campaignId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** Visits inside the user's region (newest first), with the helpers of each and the household's head. */
export async function listVisits(db: Kysely<DB>, user: SessionUser, filter: VisitFilter) {
  const scope = regionInScope(user, 'region', filter.regionCode);
  let base = db
    .selectFrom('visit as v')
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'v.county_code').onRef('h.id', '=', 'v.household_id'))
    .where('h.village_code', 'like', `${regionPrefix(scope)}%`);
  if (filter.householdId) {
    // The county leads every key of the visits: name it, or a household's visits are a scan of all.
    const county = await countyOfHousehold(db, filter.householdId);
    base = base.where('v.county_code', '=', county ?? '').where('v.household_id', '=', filter.householdId);
  } else if (scope.length >= 6) {
    base = base.where('v.county_code', '=', scope.slice(0, 6));
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
  if (filter.campaignId) base = base.where('v.campaign_id', '=', filter.campaignId);
  if (filter.from) base = base.where('v.visited_on', '>=', filter.from);
  if (filter.to) base = base.where('v.visited_on', '<=', filter.to);
  if (filter.staffId) {
    const staffId = filter.staffId;
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
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const helpers =
    rows.length === 0
      ? []
      : await db
          .selectFrom('visit_helper as vh')
          .innerJoin('aid_staff as s', 's.id', 'vh.staff_id')
          .innerJoin('aid_unit as u', 'u.id', 's.unit_id')
          .select(['vh.visit_id', 's.id', 's.name', 'u.id as unit_id', 'u.name as unit_name'])
          .where('vh.county_code', 'in', [...new Set(rows.map((r) => r.county_code))])
          .where('vh.visit_id', 'in', rows.map((r) => r.id))
          .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      household: { id: r.household_id, householdNo: r.household_no, headName: r.head_name, villageCode: r.village_code },
      visitedOn: r.visited_on,
      location: r.latitude === null || r.longitude === null ? null : { latitude: r.latitude, longitude: r.longitude, accuracy: r.accuracy },
      seen: r.seen,
      problems: r.problems,
      agreed: r.agreed,
      campaignId: r.campaign_id,
      spent: Number(r.spent),
      photoIds: r.photo_ids.map(String),
      helpers: helpers.filter((x) => x.visit_id === r.id).map((x) => ({ id: x.id, name: x.name, unitId: x.unit_id, unitName: x.unit_name })),
      loggedAt: r.created_at,
    })),
  };
}

export type VisitPage = Awaited<ReturnType<typeof listVisits>>;
