import { type CampaignEntryInput, campaignEntryInputSchema, type CampaignInput, campaignInputSchema, can, isWithinScope, regionPrefix, todayInChina } from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { visibleUnit } from '../assistance/service.ts';
import { regionInScope } from '../../kernel/scope/scope.ts';
import {
  type CampaignRow,
  findCampaign,
  findCampaignWithSums,
  findRegionLevel,
  insertCampaign,
  insertCampaignEntry,
  listCampaignEntries,
  listCampaignVisits,
  listCampaignsIn,
} from './campaign.repository.ts';

/** The most visits a campaign's page lists; its sums always count them all. */
export const CAMPAIGN_VISITS_SHOWN = 500;


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
async function visibleCampaign(db: Db, user: SessionUser, id: string) {
  const campaign = /^\d{1,18}$/.test(id) ? await findCampaign(db, id) : undefined;
  if (!campaign || !isWithinScope(campaign.region_code, user.regionCode)) throw new AppError('not_found', { entity: 'campaign', id });
  return campaign;
}

/** Records a unit's visiting campaign in a township or village inside the user's region. */
export async function createCampaign(db: Db, user: SessionUser, actor: Actor, input: CampaignInput): Promise<string> {
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  const c = campaignInputSchema.parse(input);
  const unit = await visibleUnit(db, user, c.unitId).catch(() => {
    throw new AppError('validation_failed', { field: 'unitId', rule: 'unit_not_found' });
  });
  if (!isWithinScope(c.regionCode, user.regionCode)) throw new AppError('not_found', { entity: 'region', code: c.regionCode });
  const region = await findRegionLevel(db, c.regionCode);
  if (!region || region.level < 4) throw new AppError('region_not_found', { field: 'regionCode' });
  return inTransaction(db, async (trx) => {
    const id = await insertCampaign(trx, { unit_id: unit.id, region_code: c.regionCode, name: c.name, starts_on: c.startsOn, ends_on: c.endsOn, participants: c.participants, note: c.note || null, created_by: user.id });
    await recordAudit(trx, actor, { action: 'campaign.created', entity: 'campaign', entityId: id, regionCode: c.regionCode, after: c });
    return id;
  });
}

/** Campaigns whose place lies in a region (the user's unless narrowed), sharing a day with a year if given, newest first. */
export async function listCampaigns(db: Db, user: SessionUser, filter: { regionCode?: string | undefined; year?: number | undefined }) {
  const scope = regionInScope(user, 'region', filter.regionCode);
  const rows = await listCampaignsIn(db, regionPrefix(scope), filter.year);
  return rows.map(presentCampaign);
}

/** A campaign with its sums, the people it saw outside the registry, and the visits logged under it (the first 500 by date). */
export async function campaignDetail(db: Db, user: SessionUser, id: string) {
  const campaign = await visibleCampaign(db, user, id);
  const [row, entries, visits] = await Promise.all([
    findCampaignWithSums(db, campaign.id),
    listCampaignEntries(db, campaign.id),
    listCampaignVisits(db, campaign.id, CAMPAIGN_VISITS_SHOWN),
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
export async function addCampaignEntry(db: Db, user: SessionUser, actor: Actor, id: string, input: CampaignEntryInput): Promise<string> {
  if (!can(user.role, 'manageAssistance')) throw new AppError('forbidden', { capability: 'manageAssistance' });
  const campaign = await visibleCampaign(db, user, id);
  const e = campaignEntryInputSchema.parse(input);
  if (e.on < campaign.starts_on || e.on > campaign.ends_on) throw new AppError('validation_failed', { field: 'on', rule: 'outside_campaign' });
  if (e.on > todayInChina()) throw new AppError('validation_failed', { field: 'on', rule: 'not_in_future' });
  return inTransaction(db, async (trx) => {
    const entryId = await insertCampaignEntry(trx, { campaign_id: campaign.id, on_date: e.on, persons: e.persons, spent: e.spent, note: e.note, created_by: user.id });
    await recordAudit(trx, actor, { action: 'campaign.entry_added', entity: 'campaign', entityId: campaign.id, regionCode: campaign.region_code, after: { entryId, ...e } });
    return entryId;
  });
}
