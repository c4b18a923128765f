import { can, countyCodeOf, maskPhone, type SelfReportInput } from '@jingzhun/domain';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { inScope, regionOfRequest } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { visibleHousehold } from '../households/service.ts';
import { regionPaths } from '../regions/service.ts';
import { raiseManualAlert } from './service.ts';
import { findRegionLevel, insertSelfReport, listSelfReportRows, lockSelfReport, searchAllRegions, updateSelfReport } from './self-report.repository.ts';

/** Self-reports from the public form: filed without signing in, then linked to a household's alert or closed. */

/** Stores what someone typed into the public form; the village's cadres see it in their inbox. */
export async function fileSelfReport(db: Db, input: SelfReportInput): Promise<string> {
  const village = await findRegionLevel(db, input.villageCode);
  if (!village || village.level !== 5) throw new AppError('region_not_found', { field: 'villageCode', villageCode: input.villageCode });
  const county = countyCodeOf(village.code) as string;
  return inTransaction(db, async (trx) => {
    const id = await insertSelfReport(trx, { countyCode: county, villageCode: village.code, name: input.name ?? null, phone: input.phone, what: input.what });
    await recordAudit(trx, { id: null, name: 'public' }, { action: 'self_report.filed', entity: 'self_report', entityId: id, regionCode: village.code, after: { phone: maskPhone(input.phone) } });
    return id;
  });
}

/** A page of the self-reports of a region, open first; phones masked for those who do not call back. */
export async function listSelfReports(db: Db, user: SessionUser, f: { region?: string | undefined; state?: string | undefined; page: number; pageSize: number }) {
  const { rows, total } = await listSelfReportRows(db, user, { scope: regionOfRequest(user, f.region), state: f.state, page: f.page, pageSize: f.pageSize });
  const callsBack = can(user.role, 'triageAlerts');
  return {
    items: rows.map((r) => ({
      id: r.id,
      villageCode: r.village_code,
      villageName: r.village_name,
      name: r.name,
      phone: callsBack ? r.phone : maskPhone(r.phone),
      what: r.what,
      state: r.state,
      alertId: r.alert_id,
      resolution: r.resolution,
      createdAt: r.created_at.toISOString(),
    })),
    total,
    page: f.page,
    pageSize: f.pageSize,
  };
}

async function lockReport(trx: Db, user: SessionUser, id: string) {
  const report = /^\d{1,18}$/.test(id) ? await lockSelfReport(trx, id) : undefined;
  if (!report || !inScope(user, report.village_code)) throw new AppError('not_found', { entity: 'self_report', id });
  if (report.state !== 'open') throw new AppError('conflict', { field: 'state', rule: 'report_closed', state: report.state });
  return report;
}

/** Links a self-report to the household it is about: an alert of its own, to be triaged like any other. */
export async function linkSelfReport(db: Db, user: SessionUser, actor: Actor, id: string, householdId: string): Promise<string> {
  if (!can(user.role, 'triageAlerts')) throw new AppError('forbidden', { capability: 'triageAlerts' });
  return inTransaction(db, async (trx) => {
    const report = await lockReport(trx, user, id);
    const h = await visibleHousehold(trx, user, householdId);
    if (h.village_code !== report.village_code) {
      throw new AppError('validation_failed', { fields: [{ path: 'householdId', code: 'household_required', message: 'the household is not in the reported village' }] });
    }
    const alertId = await raiseManualAlert(trx, user, actor, {
      householdId,
      rule: 'self_report',
      what: report.what,
      period: `report:${report.id}`,
      evidence: { reportId: report.id, reportedOn: report.created_at.toISOString().slice(0, 10), phone: maskPhone(report.phone) },
    });
    await updateSelfReport(trx, report, { state: 'linked', alert_id: alertId, handled_by: user.id });
    await recordAudit(trx, actor, { action: 'self_report.linked', entity: 'self_report', entityId: report.id, regionCode: report.village_code, after: { householdId, alertId } });
    return alertId;
  });
}

/** Closes a self-report that needs no alert (a question answered, a household not in the registry), with the reason. */
export async function closeSelfReport(db: Db, user: SessionUser, actor: Actor, id: string, reason: string): Promise<void> {
  if (!can(user.role, 'triageAlerts')) throw new AppError('forbidden', { capability: 'triageAlerts' });
  await inTransaction(db, async (trx) => {
    const report = await lockReport(trx, user, id);
    await updateSelfReport(trx, report, { state: 'closed', resolution: reason, handled_by: user.id });
    await recordAudit(trx, actor, { action: 'self_report.closed', entity: 'self_report', entityId: report.id, regionCode: report.village_code, after: { reason } });
  });
}

/** Villages whose name or pinyin initials match a search, with their path, for the public forms (at most 20). */
export async function findVillages(db: Db, q: string) {
  const found = await searchAllRegions(db, q);
  const villages = found.filter((v) => v.level === 5).slice(0, 20);
  const paths = await regionPaths(db, villages.map((v) => v.code));
  return villages.map((v) => ({ code: v.code, name: v.name, path: (paths.get(v.code) ?? []).map((p) => p.name) }));
}
