import { daysBefore, maskPhone, regionPrefix, todayInChina, visitDue } from '@jingzhun/domain';
import { aidReachOf, NO_RECORD } from '../../kernel/scope/need-to-know.repository.ts';
import type { Db } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { assistanceSettings, visibleUnit } from '../assistance/service.ts';
import { staffOfUser } from './service.ts';
import { complianceFigures, countiesOf, findStaff, findStaffSummary, helperYear, listPairedHouseholds } from './ledger.repository.ts';
import { regionInScope } from '../../kernel/scope/scope.ts';

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
 * The unit and helper a compliance query is narrowed to (need to know): an aid unit's account counts its
 * own staff's pairings, a helper its own; a filter naming another unit or helper then matches nothing.
 */
async function complianceReach(db: Db, user: SessionUser, q: { unitId?: string | undefined; staffId?: string | undefined }) {
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
export async function visitCompliance(db: Db, user: SessionUser, q: ComplianceQuery) {
  const scope = scopeOf(user, q.regionCode);
  const asOf = q.asOf ?? todayInChina();
  if (asOf > todayInChina()) throw new AppError('validation_failed', { field: 'asOf', rule: 'not_in_future' });
  const { visitIntervalDays } = await assistanceSettings(db, scope, asOf);
  const cutoff = daysBefore(asOf, visitIntervalDays);
  const counties = await countiesOf(db, scope);
  const { unitId, staffId } = await complianceReach(db, user, q);
  const figures = await complianceFigures(db, {
    prefix: regionPrefix(scope), counties, asOf, cutoff, unitId, staffId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize, helperLimit: q.helperLimit ?? 500,
  });
  const groups = figures?.groups ?? [];
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
    items: (figures?.items ?? []).map((r) => ({
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
export async function helperHouseholds(db: Db, user: SessionUser, staffId?: string) {
  const staff = staffId
    ? await findStaffSummary(db, staffId)
    : await staffOfUser(db, user.id);
  if (!staff) {
    if (staffId) throw new AppError('not_found', { entity: 'helper', id: staffId });
    return { helper: null, intervalDays: null, items: [] };
  }
  const unit = await visibleUnit(db, user, staff.unit_id);
  const today = todayInChina();
  const { visitIntervalDays } = await assistanceSettings(db, user.regionCode, today);
  const rows = await listPairedHouseholds(db, regionPrefix(user.regionCode), today, staff.id);
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
export async function helperLedger(db: Db, user: SessionUser, staffId: string, year: number) {
  const staff = /^\d{1,18}$/.test(staffId) ? await findStaff(db, staffId) : undefined;
  if (!staff) throw new AppError('not_found', { entity: 'helper', id: staffId });
  const unit = await visibleUnit(db, user, staff.unit_id).catch(() => {
    throw new AppError('not_found', { entity: 'helper', id: staffId });
  });
  const own = await staffOfUser(db, user.id);
  if (user.role === 'helper' && own?.id !== staff.id) throw new AppError('not_found', { entity: 'helper', id: staffId });
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const prefix = `${regionPrefix(user.regionCode)}%`;
  const [households, visits, measures] = await helperYear(db, staff.id, prefix, from, to);
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
