import {
  ALERT_RULES,
  ALERT_SEVERITIES,
  ALERT_STATES,
  alertActionSchema,
  COUNTRY_CODE,
  FEED_KINDS,
  feedUploadSchema,
  isFeedKind,
  MANUAL_ALERTS,
  maskIdNumber,
  regionCodeSchema,
  selfReportSchema,
  todayInChina,
} from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, issueFields } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import { inScope, regionOfRequest } from '../../kernel/scope/scope.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { contentDisposition, XLSX } from '../../kernel/http/download.ts';
import { addSheet, workbookOf } from '../../kernel/sheets/workbook.ts';
import { presentProblem } from '../household-import/service.ts';
import type { ImportProblem } from '../../kernel/sheets/sheet-reader.ts';
import { searchRegions } from '../regions/repository.ts';
import { regionPaths } from '../regions/service.ts';
import { yearOrThisYear } from '../../kernel/scope/years.ts';
import {
  actOnAlert,
  alertDetail,
  assignableUsers,
  closeSelfReport,
  fileSelfReport,
  inbox,
  linkSelfReport,
  listAlerts,
  listSelfReports,
  raiseManualAlert,
} from './service.ts';
import { feedColumns, type FeedRunner, listFeeds, presentFeed, unmatchedRows, visibleFeed } from '../feeds/service.ts';
import type { ScanRunner } from './scan.ts';
import type { UploadLimits } from '../../kernel/uploads/limits.ts';

const id = z.string().regex(/^\d{1,18}$/, 'an id');
const idParam = z.strictObject({ id });
const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) };
/** Rows an export holds at most. */
const EXPORT_ROWS = 50_000;
/** Self-reports anyone may file without signing in, per address. */
const PUBLIC_REPORTS = { max: 5, windowMs: 10 * 60 * 1000 };

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
 * Relapse monitoring: department feeds (staged imports matched by resident ID), the alerts their rules
 * raise, the triage of each alert, self-reports from the public form, scans of a region, and the inbox.
 */
export function monitoringRoutes(app: FastifyInstance, deps: AppDeps, feeds: FeedRunner, scans: ScanRunner, limits: UploadLimits) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/feeds/kinds',
    { preValidation: guard('readRegistry'), schema: { tags: ['monitoring'], summary: 'The feeds departments send, with the columns each has and their usual headers' } },
    async (request) =>
      (Object.keys(FEED_KINDS) as Array<keyof typeof FEED_KINDS>).map((kind) => ({ kind, label: FEED_KINDS[kind][request.lang], columns: feedColumns(kind) })),
  );

  r.post(
    '/feeds/:kind/imports',
    {
      preValidation: guard('importFeeds'),
      // A feed file may be large: a county's medical insurance list for a year runs to a million rows.
      bodyLimit: limits.feedFileBytes + 1024 * 1024,
      schema: {
        tags: ['monitoring'],
        summary:
          'Upload a department’s feed (multipart: `file` .xlsx or .csv, `source`, `asOf`, optional `regionCode`, `mapping` as JSON {field: header}, `ignore` as JSON [header], `confirm` true to write as soon as every row passes); every row is checked, staged and matched by resident ID in the background, then waits for confirmation (or, confirmed at once, is written)',
        consumes: ['multipart/form-data'],
        params: z.strictObject({ kind: z.string() }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'importFeeds');
      const { kind } = request.params;
      if (!isFeedKind(kind)) throw new AppError('validation_failed', { fields: [{ path: 'kind', code: 'unknown_feed', message: `no feed is called ${kind}` }] });
      if (!request.isMultipart()) throw new AppError('unsupported_media_type', { field: 'file', expected: 'multipart/form-data' });
      // A place among the uploads being read is taken before the body is: the files held stay bounded.
      const release = feeds.gate.admit();
      try {
        const fields: Record<string, string> = {};
        let file: { name: string; buffer: Buffer } | null = null;
        for await (const part of request.parts({ limits: { fileSize: limits.feedFileBytes, fields: 10, parts: 11, files: 1 } })) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') {
              await part.toBuffer();
              continue;
            }
            const buffer = await part.toBuffer();
            if (part.file.truncated) throw new AppError('payload_too_large', { field: 'file', limit: limits.feedFileBytes });
            file = { name: part.filename || `${kind}.csv`, buffer };
          } else fields[part.fieldname] = String(part.value);
        }
        if (!file) throw new AppError('validation_failed', { fields: [{ path: 'file', code: 'required', message: 'no file' }] });
        if (file.buffer.length === 0) throw new AppError('validation_failed', { field: 'file', rule: 'empty_file' });
        const json = (name: string) => {
          const raw = fields[name];
          if (raw === undefined || raw === '') return undefined;
          try {
            return JSON.parse(raw) as unknown;
          } catch {
            throw new AppError('validation_failed', { fields: [{ path: name, code: 'invalid_json', message: `${name} is not JSON` }] });
          }
        };
        const confirm = fields.confirm === undefined || fields.confirm === '' ? undefined : fields.confirm === 'true' ? true : fields.confirm === 'false' ? false : fields.confirm;
        const parsed = feedUploadSchema.safeParse({ source: fields.source, asOf: fields.asOf, mapping: json('mapping'), ignore: json('ignore'), confirm });
        if (!parsed.success) throw new AppError('validation_failed', { fields: issueFields(parsed.error.issues) });
        const region = fields.regionCode ?? user.regionCode;
        if (!regionCodeSchema.safeParse(region).success) throw new AppError('validation_failed', { fields: [{ path: 'regionCode', code: 'invalid_format', message: 'a region code' }] });
        const feedId = await feeds.start(user, actorOf(request, user), kind, region, parsed.data, file.name, file.buffer, release);
        return reply.status(202).send({ id: feedId, state: 'validating' });
      } catch (err) {
        release();
        throw err;
      }
    },
  );

  r.get(
    '/feeds',
    {
      preValidation: guard('importFeeds'),
      schema: {
        tags: ['monitoring'],
        summary: 'The feeds imported in your region, newest first; discarded feeds only with `discarded=true`',
        querystring: z.strictObject({ kind: z.string().optional(), discarded: z.enum(['true', 'false']).transform((v) => v === 'true').optional(), ...page }),
      },
    },
    async (request) => {
      const user = requireCapability(request, 'importFeeds');
      const { items, total } = await listFeeds(db, user, request.query);
      return { items: items.map((f) => presentFeed(f, feeds.progressOf(f.id), request.lang, feeds.waitingPosition(f.id))), total, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/feeds/:id',
    { preValidation: guard('importFeeds'), schema: { tags: ['monitoring'], summary: 'A feed: its state, progress, counts (rows, matched, unmatched, alerts) and the first problems', params: idParam } },
    async (request) => {
      const user = requireCapability(request, 'importFeeds');
      const feed = await visibleFeed(db, user, request.params.id);
      return { ...presentFeed(feed, feeds.progressOf(feed.id), request.lang, feeds.waitingPosition(feed.id)), errors: (feed.errors as ImportProblem[]).slice(0, 500).map((p) => presentProblem(p, request.lang)) };
    },
  );

  r.post(
    '/feeds/:id/confirm',
    { preValidation: guard('importFeeds'), schema: { tags: ['monitoring'], summary: 'Write a validated feed in one transaction and raise the alerts its rows call for', params: idParam } },
    async (request, reply) => {
      const user = requireCapability(request, 'importFeeds');
      await feeds.confirm(user, actorOf(request, user), request.params.id);
      return reply.status(202).send({ id: request.params.id, state: 'writing' });
    },
  );

  r.post(
    '/feeds/:id/discard',
    {
      preValidation: guard('importFeeds'),
      schema: {
        tags: ['monitoring'],
        summary: 'Discard a feed nobody will confirm (validated, or invalid or failed, so a bad upload leaves the list): its checked rows are dropped, nothing is written',
        params: idParam,
      },
    },
    async (request) => {
      const user = requireCapability(request, 'importFeeds');
      await feeds.discard(user, actorOf(request, user), request.params.id);
      const feed = await visibleFeed(db, user, request.params.id);
      return presentFeed(feed, null, request.lang);
    },
  );

  r.get(
    '/feeds/:id/unmatched',
    {
      preValidation: guard('importFeeds'),
      schema: { tags: ['monitoring'], summary: 'The rows no registered person of the region matched (IDs masked)', params: idParam, querystring: z.strictObject(page) },
    },
    async (request) => {
      const user = requireCapability(request, 'importFeeds');
      const feed = await visibleFeed(db, user, request.params.id);
      const { items, total } = await unmatchedRows(db, feed.id, request.query.page, request.query.pageSize);
      return { items: items.map((r) => ({ row: r.row_no, idNumber: maskIdNumber(r.id_number), on: r.on_date, data: r.data })), total, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/feeds/:id/unmatched.xlsx',
    { preValidation: guard('importFeeds'), schema: { tags: ['monitoring'], summary: 'The unmatched rows with full IDs, to send back to the department', params: idParam } },
    async (request, reply) => {
      const user = requireCapability(request, 'importFeeds');
      const feed = await visibleFeed(db, user, request.params.id);
      const { items } = await unmatchedRows(db, feed.id, 1, EXPORT_ROWS * 4);
      type U = (typeof items)[number];
      const buffer = await workbookOf(`${feed.source} 未匹配`, (wb) =>
        addSheet<U>(
          wb,
          '未匹配行',
          [
            { header: '文件行号', width: 10, value: (u) => u.row_no },
            { header: '身份证号', width: 22, value: (u) => u.id_number, text: true },
            { header: '日期', width: 12, value: (u) => u.on_date, text: true },
            { header: '内容', width: 60, value: (u) => JSON.stringify(u.data) },
          ],
          items,
        ),
      );
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(`${feed.file_name.replace(/\.(csv|xlsx)$/i, '')}-未匹配.xlsx`)).send(buffer);
    },
  );

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
      const alertId = await db.transaction().execute((trx) =>
        raiseManualAlert(trx, user, actorOf(request, user), {
          householdId,
          rule: 'visit_report',
          what,
          period: visitId ? `visit:${visitId}` : `note:${Date.now()}`,
          evidence: visitId ? { visitId } : {},
        }),
      );
      return reply.status(201).send(await alertDetail(db, user, alertId, request.lang));
    },
  );

  r.post(
    '/alerts/scans',
    {
      preValidation: guard('importFeeds'),
      schema: {
        tags: ['monitoring'],
        summary: 'Run the alert rules over every household of a region for a year (income under the line or falling, and all feeds’ rows); runs in the background',
        body: z.strictObject({ region: regionCodeSchema.optional(), year: z.number().int().optional() }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'importFeeds');
      const region = regionOfRequest(user, request.body.region);
      const year = yearOrThisYear(request.body.year === undefined ? undefined : request.body.year);
      const scanId = scans.start(user, actorOf(request, user), region, year);
      return reply.status(202).send(scans.status(scanId));
    },
  );

  r.get(
    '/alerts/scans/:id',
    { preValidation: guard('importFeeds'), schema: { tags: ['monitoring'], summary: 'A scan’s progress and what it raised', params: z.strictObject({ id: z.string().max(40) }) } },
    async (request) => {
      const user = requireCapability(request, 'importFeeds');
      const status = scans.status(request.params.id);
      if (!status || !inScope(user, status.region)) throw new AppError('not_found', { entity: 'scan', id: request.params.id });
      return status;
    },
  );

  r.get(
    '/inbox',
    { preValidation: guard('readRegistry'), schema: { tags: ['monitoring'], summary: 'What waits on you: alerts (assigned, at your level, overdue, escalated), open self-reports, procedure steps' } },
    async (request) => inbox(db, requireCapability(request, 'readRegistry'), request.lang),
  );

  r.get(
    '/self-reports',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['monitoring'],
        summary: 'Self-reports from the public form in your region, open first',
        querystring: z.strictObject({ region: regionCodeSchema.optional(), state: z.enum(['open', 'linked', 'closed']).optional(), ...page }),
      },
    },
    async (request) => listSelfReports(db, requireCapability(request, 'readRegistry'), request.query),
  );

  r.post(
    '/self-reports/:id/link',
    { preValidation: guard('triageAlerts'), schema: { tags: ['monitoring'], summary: 'Link a self-report to its household: an alert to triage', params: idParam, body: z.strictObject({ householdId: id }) } },
    async (request, reply) => {
      const user = requireCapability(request, 'triageAlerts');
      const alertId = await linkSelfReport(db, user, actorOf(request, user), request.params.id, request.body.householdId);
      return reply.status(201).send({ alertId });
    },
  );

  r.post(
    '/self-reports/:id/close',
    {
      preValidation: guard('triageAlerts'),
      schema: { tags: ['monitoring'], summary: 'Close a self-report that needs no alert, with the reason', params: idParam, body: z.strictObject({ reason: z.string().trim().min(2).max(2000) }) },
    },
    async (request) => {
      const user = requireCapability(request, 'triageAlerts');
      await closeSelfReport(db, user, actorOf(request, user), request.params.id, request.body.reason);
      return { closed: true };
    },
  );

  // ---- public: no sign-in ----

  r.get(
    '/public/villages',
    {
      schema: {
        tags: ['public'],
        summary: 'Find a village by name or pinyin initials, for the public forms (no sign-in)',
        querystring: z.strictObject({ q: z.string().trim().min(1).max(40) }),
      },
    },
    async (request) => {
      const found = await searchRegions(db, COUNTRY_CODE, request.query.q, 1, 50);
      const villages = found.items.filter((v) => v.level === 5).slice(0, 20);
      const paths = await regionPaths(db, villages.map((v) => v.code));
      return { items: villages.map((v) => ({ code: v.code, name: v.name, path: (paths.get(v.code) ?? []).map((p) => p.name) })) };
    },
  );

  r.post(
    '/public/self-reports',
    {
      // Per client address, counted once the report is well-formed (429 rate_limited with Retry-After).
      config: { rateLimit: { max: PUBLIC_REPORTS.max, timeWindow: PUBLIC_REPORTS.windowMs, hook: 'preHandler' } },
      schema: {
        tags: ['public'],
        summary: 'Report a hardship (no sign-in): village, a phone to call back, what happened; the village’s cadres see it in their inbox',
        body: selfReportSchema,
      },
    },
    async (request, reply) => {
      const reportId = await fileSelfReport(db, request.body);
      return reply.status(201).send({ received: true, id: reportId });
    },
  );
}
