import {
  pageOf,
  pageQuery,
  regionCodeSchema,
} from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { checkYear } from '../../kernel/scope/years.ts';
import { type AdjustmentRunner, listRuns, openFromRun, visibleRun } from './service.ts';
import { runItems } from './repository.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'a run id') });
const regionCode = regionCodeSchema;
const CATEGORIES = ['should_enter', 'should_exit', 'should_return', 'excluded', 'cannot_decide', 'inconsistent'] as const;

/** The yearly dynamic adjustment (动态调整): run it, watch it, read its findings, open procedures in bulk. */
export function adjustmentRoutes(app: FastifyInstance, deps: AppDeps, runner: AdjustmentRunner) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  const present = async (run: Awaited<ReturnType<typeof visibleRun>>) => ({
    id: run.id,
    regionCode: run.region_code,
    year: run.year,
    state: run.state,
    progress: runner.progressOf(run.id) ?? (run.state === 'running' ? 0 : 1),
    households: run.households,
    counts: run.counts,
    profileBasis: run.basis,
    message: run.message,
    createdAt: run.created_at.toISOString(),
    finishedAt: run.finished_at?.toISOString() ?? null,
  });

  r.post(
    '/adjustments',
    {
      preValidation: guard('writeRegistry'),
      schema: {
        tags: ['adjustments'],
        summary: 'Evaluate every household of a region (default yours) for a year against the profile in force; the findings list who should enter, exit or return, who is excluded or undecidable, and who is treated unlike others with the same facts',
        body: z.strictObject({ region: regionCode.optional(), year: z.number().int() }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'writeRegistry');
      const year = checkYear(request.body.year);
      const id = await runner.start(user, actorOf(request, user), request.body.region ?? user.regionCode, year);
      return reply.status(202).send({ id, state: 'running' });
    },
  );

  r.get('/adjustments', { preValidation: guard('readRegistry'), schema: { tags: ['adjustments'], summary: 'The latest runs inside your region' } }, async (request) => {
    const user = requireCapability(request, 'readRegistry');
    const runs = await listRuns(db, user);
    return { items: runs.map((run) => ({ id: run.id, regionCode: run.region_code, regionName: run.region_name, year: run.year, state: run.state, progress: runner.progressOf(run.id) ?? (run.state === 'running' ? 0 : 1), households: run.households, counts: run.counts, createdAt: run.created_at.toISOString(), finishedAt: run.finished_at?.toISOString() ?? null })) };
  });

  r.get(
    '/adjustments/:id',
    { preValidation: guard('readRegistry'), schema: { tags: ['adjustments'], summary: 'A run: state, live progress, counts by finding, profile versions used', params: idParam } },
    async (request) => present(await visibleRun(db, requireCapability(request, 'readRegistry'), request.params.id)),
  );

  r.get(
    '/adjustments/:id/items',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['adjustments'],
        summary: 'The findings of a run, each household with its reasons (and, for an inconsistency, the household with the same facts and the other status)',
        params: idParam,
        querystring: pageQuery.extend({ category: z.enum(CATEGORIES).optional(), village: regionCode.optional() }).strict(),
        response: { 200: pageOf(z.record(z.string(), z.unknown())) },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const run = await visibleRun(db, user, request.params.id);
      const { items, total } = await runItems(db, run.id, request.query);
      return {
        items: items.map((i) => ({
          householdId: i.household_id,
          householdNo: i.household_no,
          headName: i.head_name,
          villageCode: i.village_code,
          villageName: i.village_name,
          category: i.category,
          status: i.status,
          outcome: i.outcome,
          reasons: i.reasons,
          peer: i.peer_household_id ? { householdId: i.peer_household_id, householdNo: i.peer_household_no, headName: i.peer_head_name, status: i.peer_status } : null,
          procedureId: i.procedure_id,
        })),
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
    },
  );

  r.post(
    '/adjustments/:id/procedures',
    {
      preValidation: guard('runProcedures'),
      schema: {
        tags: ['adjustments'],
        summary: 'Open the procedure each selected finding calls for (identification, exit, return to poverty); answers which were opened and why the others were not',
        params: idParam,
        body: z.strictObject({ householdIds: z.array(z.string().regex(/^\d{1,18}$/, 'a household id')).min(1).max(500) }),
      },
    },
    async (request) => {
      const user = requireCapability(request, 'runProcedures');
      return openFromRun(db, user, actorOf(request, user), request.params.id, request.body.householdIds);
    },
  );
}
