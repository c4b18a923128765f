import { FEED_KINDS, maskIdNumber } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { contentDisposition, XLSX } from '../../kernel/http/download.ts';
import { addSheet, workbookOf } from '../../kernel/sheets/workbook.ts';
import type { ImportProblem } from '../../kernel/sheets/sheet-reader.ts';
import type { UploadLimits } from '../../kernel/uploads/limits.ts';
import { presentProblem } from '../household-import/service.ts';
import { feedColumns, type FeedRunner, listFeeds, presentFeed, visibleFeed } from './service.ts';
import { unmatchedRows } from './repository.ts';
import { feedUploadRoute } from './upload.routes.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an id') });
const page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) };
/** Rows an export holds at most. */
const EXPORT_ROWS = 50_000;

/**
 * Department feeds for relapse monitoring: staged imports matched by resident ID, checked, then confirmed
 * or discarded, and the rows of each that no registered person matched.
 */
export function feedRoutes(app: FastifyInstance, deps: AppDeps, feeds: FeedRunner, limits: UploadLimits) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/feeds/kinds',
    { preValidation: guard('readRegistry'), schema: { tags: ['monitoring'], summary: 'The feeds departments send, with the columns each has and their usual headers' } },
    async (request) =>
      (Object.keys(FEED_KINDS) as Array<keyof typeof FEED_KINDS>).map((kind) => ({ kind, label: FEED_KINDS[kind][request.lang], columns: feedColumns(kind) })),
  );

  feedUploadRoute(app, feeds, limits);

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

  unmatchedRoutes(app, deps);
}

/** The rows of a feed no registered person of its region matched: a page with IDs masked, or all as a workbook. */
function unmatchedRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

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
}
