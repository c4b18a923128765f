import { can, todayInChina, VISIT_RULE_MESSAGES, type VisitInput, visitInputSchema } from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError, type FieldError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { visibleAttachments } from '../attachments/service.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { visibleHousehold } from '../households/service.ts';
import { regionInScope } from '../../kernel/scope/scope.ts';
import { countyOfHousehold, findCampaignPeriod, findRegionName, findStaffOfUser, helperStanding, insertVisit, listVisitHelpers, listVisitPage } from './repository.ts';

/** The member of staff a signed-in account is (a helper with a login), if any. */
export function staffOfUser(db: Db, userId: string) {
  return findStaffOfUser(db, userId);
}

/** The name of a region, or its code when it has none. */
export async function regionNameOf(db: Db, code: string): Promise<string> {
  const region = await findRegionName(db, code);
  return region?.name ?? code;
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
async function unqualifiedHelpers(db: Db, h: { county_code: string; id: string; village_code: string }, helperIds: string[], on: string): Promise<FieldError[]> {
  const [pairings, teams, staff] = await helperStanding(db, h, helperIds, on);
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
export async function logVisit(db: Db, user: SessionUser, actor: Actor, input: VisitInput): Promise<string> {
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
    const campaign = await findCampaignPeriod(db, v.campaignId);
    if (!campaign || !h.village_code.startsWith(campaign.region_code)) issues.push(rule('campaignId', 'campaign_not_found'));
    else if (v.visitedOn < campaign.starts_on || v.visitedOn > campaign.ends_on) issues.push(rule('visitedOn', 'outside_campaign'));
  }
  if (issues.length > 0) throw new AppError('validation_failed', { fields: issues });

  return inTransaction(db, async (trx) => {
    const id = await insertVisit(
      trx,
      {
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
      },
      helperIds,
    );
    await recordAudit(trx, actor, { action: 'visit.logged', entity: 'household', entityId: h.id, regionCode: h.village_code, after: { visitId: id, ...v, helperIds } });
    return id;
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
export async function listVisits(db: Db, user: SessionUser, filter: VisitFilter) {
  const scope = regionInScope(user, 'region', filter.regionCode);
  // The county leads every key of the visits: a household's visits are asked for with its county.
  const household = filter.householdId ? { countyCode: (await countyOfHousehold(db, filter.householdId)) ?? '', id: filter.householdId } : undefined;
  const { rows, total } = await listVisitPage(db, user, { ...filter, scope, household });
  const helpers = rows.length === 0 ? [] : await listVisitHelpers(db, rows);
  return {
    total: Number(total),
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
