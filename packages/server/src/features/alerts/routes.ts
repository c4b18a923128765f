import { ALERT_RULES, ALERT_SEVERITIES, ALERT_STATES, alertActionSchema, MANUAL_ALERTS, regionCodeSchema, todayInChina } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { contentDisposition, XLSX } from '../../kernel/http/download.ts';
import { addSheet, workbookOf } from '../../kernel/sheets/workbook.ts';
import { actOnAlert, alertDetail, assignableUsers, inbox, listAlerts, raiseVisitAlert } from './service.ts';
import type { ScanRunner } from './scan.ts';
import { scanRoutes } from './scan.routes.ts';
import { selfReportRoutes } from './self-report.routes.ts';

const id = z.string().regex(/^\d{1,18}$/, 'an id');
const idParam = z.strictObject({ id });
const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) };
/** Rows an export holds at most. */
const EXPORT_ROWS = 50_000;

const alertQuery = z.strictObject({
  region: regionCodeSchema.optional(),
  state: z.enum(['pending', ...(Object.keys(ALERT_STATES) as [string, ...string[]])]).optional(),
  rule: z.enum([...Object.keys(ALERT_RULES), ...Object.keys(MANUAL_ALERTS)] as [string, ...string[]]).optional(),
  severity: z.enum(Object.keys(ALERT_SEVERITIES) as [string, ...string[]]).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  escalation: z.enum(['village', 'township', 'county']).optional(),
  assignee: z.union([z.literal('me'), id]).optional(),
  householdId: id.optional(),
  q: z.string().trim().min(1).max(40).optional(),
  sort: z.enum(['due_on', 'raised_on', 'severity']).optional(),
  ...page,
});

/**
 * Relapse monitoring after the feeds: the alerts their rules raise, the triage of each alert, scans of a
 * region, the inbox, and self-reports from the public form.
 */
export function alertRoutes(app: FastifyInstance, deps: AppDeps, scans: ScanRunner) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  triageRoutes(app, deps);
  scanRoutes(app, scans);

  r.get(
    '/inbox',
    { preValidation: guard('readRegistry'), schema: { tags: ['monitoring'], summary: 'What waits on you: alerts (assigned, at your level, overdue, escalated), open self-reports, procedure steps' } },
    async (request) => inbox(db, requireCapability(request, 'readRegistry'), request.lang),
  );

  selfReportRoutes(app, deps);
}

/** The alerts of a region, listed or as a workbook, each alert's detail, and the actions of its triage; an alert raised by hand. */
function triageRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/alerts',
    { preValidation: guard('readRegistry'), schema: { tags: ['monitoring'], summary: 'Alerts of a region, pending and most urgent first; filter by state, rule, severity, lateness, level, assignee, household', querystring: alertQuery } },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      return listAlerts(db, user, request.query, request.lang);
    },
  );

  r.get(
    '/exports/alerts.xlsx',
    { preValidation: guard('readRegistry'), schema: { tags: ['monitoring'], summary: 'The same list of alerts as a workbook', querystring: alertQuery.omit({ page: true, pageSize: true }) } },
    async (request, reply) => {
      const user = requireCapability(request, 'readRegistry');
      const { items } = await listAlerts(db, user, { ...request.query, page: 1, pageSize: EXPORT_ROWS }, 'zh-CN');
      type A = (typeof items)[number];
      const buffer = await workbookOf('监测预警', (wb) =>
        addSheet<A>(
          wb,
          '预警',
          [
            { header: '户编号', width: 22, value: (a) => a.householdNo, text: true },
            { header: '户主', width: 10, value: (a) => a.headName },
            { header: '村', width: 16, value: (a) => a.villageName },
            { header: '预警规则', width: 24, value: (a) => a.ruleLabel },
            { header: '等级', width: 6, value: (a) => ALERT_SEVERITIES[a.severity]['zh-CN'] },
            { header: '成员', width: 22, value: (a) => a.subject, text: true },
            { header: '依据', width: 50, value: (a) => JSON.stringify(a.evidence) },
            { header: '状态', width: 14, value: (a) => ALERT_STATES[a.state]['zh-CN'] },
            { header: '预警日期', width: 12, value: (a) => a.raisedOn, text: true },
            { header: '办理期限', width: 12, value: (a) => a.dueOn, text: true },
            { header: '是否逾期', width: 8, value: (a) => (a.overdue ? '是' : '否') },
            { header: '责任人', width: 12, value: (a) => a.assignee?.name ?? null },
            { header: '处理结果', width: 30, value: (a) => a.resolution },
          ],
          items,
        ),
      );
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(`监测预警-${todayInChina()}.xlsx`)).send(buffer);
    },
  );

  r.get(
    '/alerts/:id',
    { preValidation: guard('readRegistry'), schema: { tags: ['monitoring'], summary: 'One alert with its evidence and the history of its triage', params: idParam } },
    async (request) => alertDetail(db, requireCapability(request, 'readRegistry'), request.params.id, request.lang),
  );

  r.get(
    '/alerts/:id/assignees',
    { preValidation: guard('triageAlerts'), schema: { tags: ['monitoring'], summary: 'Who an alert may be assigned to: cadres, work teams and officers whose region covers its village', params: idParam } },
    async (request) => ({ items: await assignableUsers(db, requireCapability(request, 'triageAlerts'), request.params.id) }),
  );

  r.post(
    '/alerts/:id/actions',
    {
      preValidation: guard('triageAlerts'),
      schema: {
        tags: ['monitoring'],
        summary:
          'Act on an alert: `assign` (to a cadre of the village), `verify` (the visit and whether it confirmed the risk), then `dismiss` with a reason, `open_procedure` (纳入监测; the risk confirmed), or `handled` (a monitored household’s measures adjusted)',
        params: idParam,
        body: alertActionSchema,
      },
    },
    async (request) => {
      const user = requireCapability(request, 'triageAlerts');
      await actOnAlert(db, user, actorOf(request, user), request.params.id, request.body);
      return alertDetail(db, user, request.params.id, request.lang);
    },
  );

  r.post(
    '/alerts',
    {
      preValidation: guard('logVisits'),
      schema: {
        tags: ['monitoring'],
        summary: 'Raise an alert by hand for a risk found on a visit',
        body: z.strictObject({ householdId: id, what: z.string().trim().min(5).max(2000), visitId: id.optional() }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'logVisits');
      const { householdId, what, visitId } = request.body;
      const alertId = await raiseVisitAlert(db, user, actorOf(request, user), { householdId, what, visitId });
      return reply.status(201).send(await alertDetail(db, user, alertId, request.lang));
    },
  );
}
