import {
  CONFLICT_SOURCES,
  conflictQuerySchema,
  fairnessQuerySchema,
  idNumberUpdateSchema,
  KIN_RELATIONS,
  type KinRelation,
  type Lang,
  maskIdNumber,
  PROCEDURE_KINDS,
  PROCEDURE_STEPS,
  type ProcedureKind,
  relativeCreateSchema,
  relativeQuerySchema,
  roleLabel,
  type Role,
  type StepCode,
  todayInChina,
} from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, guard, requireCapability, requireUser } from '../../kernel/http/auth.ts';
import { regionOfRequest } from '../../kernel/scope/scope.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { yearOrThisYear } from '../../kernel/scope/years.ts';
import { type ConflictRow, findConflicts } from './repository.ts';
import { fairnessPairs, presentFairnessPage } from './fairness.service.ts';
import { addRelative, listRelatives, removeRelative, setOwnIdNumber, setStaffIdNumber } from './relative.service.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an id') });

/** A conflict as the API shows it: the case or pairing, the household, who acted, the relative (ID masked). */
function presentConflict(r: ConflictRow, lang: Lang) {
  return {
    source: r.source,
    procedure:
      r.source === 'procedure'
        ? { id: r.ref_id, kind: r.procedure_kind, kindLabel: PROCEDURE_KINDS[r.procedure_kind as ProcedureKind]?.[lang] ?? r.procedure_kind, state: r.procedure_state, openedOn: r.opened_on }
        : null,
    pairing: r.source === 'pairing' ? { id: r.ref_id, startsOn: r.starts_on, endsOn: r.ends_on } : null,
    household: { id: r.household_id, householdNo: r.household_no, headName: r.head_name, villageCode: r.village_code, villageName: r.village_name },
    cadre: r.user_id === null ? null : { userId: r.user_id, name: r.user_name, role: r.user_role, roleLabel: r.user_role ? roleLabel(r.user_role as Role, lang) : null },
    staff: r.staff_id === null ? null : { staffId: r.staff_id, name: r.staff_name, unitName: r.unit_name },
    steps: (r.steps ?? []).map((s) => ({ step: s.step, stepLabel: PROCEDURE_STEPS[s.step as StepCode]?.[lang] ?? s.step, outcome: s.outcome, on: s.on })),
    relative: {
      memberId: r.member_id,
      name: r.member_name,
      idNumber: maskIdNumber(r.member_id_number),
      memberRelation: r.member_relation,
      memberStatus: r.member_status,
      relation: r.relation,
      relationLabel: r.relation ? (KIN_RELATIONS[r.relation as KinRelation]?.[lang] ?? r.relation) : null,
      found: r.found,
      foundLabel: CONFLICT_SOURCES[r.found][lang],
    },
  };
}

/**
 * Inspectors' audits and what they rest on: relatives registered by cadres and helpers (近亲属登记) and
 * their own resident IDs; conflicts of interest (优亲厚友); households in the same situation treated
 * differently (公平性核查).
 */
export function auditsRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.post(
    '/relatives',
    {
      preValidation: guard(),
      schema: {
        tags: ['audits'],
        summary: 'Register a close relative (近亲属): your own, or (a county office) those of a user or member of aid staff in your region',
        body: relativeCreateSchema,
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const id = await addRelative(db, user, actorOf(request, user), request.body);
      return reply.status(201).send({ id });
    },
  );

  r.get(
    '/relatives',
    {
      preValidation: guard(),
      schema: { tags: ['audits'], summary: 'The relatives registered for you, or for a user or member of staff you keep or inspect (IDs masked)', querystring: relativeQuerySchema },
    },
    async (request) => {
      const user = requireUser(request);
      return { items: await listRelatives(db, user, request.query, request.lang) };
    },
  );

  r.delete(
    '/relatives/:id',
    { preValidation: guard(), schema: { tags: ['audits'], summary: 'Remove a registered relative (recorded in the audit log)', params: idParam } },
    async (request, reply) => {
      const user = requireUser(request);
      await removeRelative(db, user, actorOf(request, user), request.params.id);
      return reply.status(204).send();
    },
  );

  r.put(
    '/me/id-number',
    { preValidation: guard(), schema: { tags: ['audits'], summary: 'Record (or clear, with null) your own resident ID: relatives are also found through your household', body: idNumberUpdateSchema } },
    async (request) => {
      const user = requireUser(request);
      await setOwnIdNumber(db, user, actorOf(request, user), request.body.idNumber);
      return { idNumber: request.body.idNumber === null ? null : maskIdNumber(request.body.idNumber) };
    },
  );

  r.put(
    '/aid-staff/:id/id-number',
    { preValidation: guard(), schema: { tags: ['audits'], summary: 'Record (or clear) the resident ID of a member of aid staff in your region (a county office)', params: idParam, body: idNumberUpdateSchema } },
    async (request) => {
      const user = requireUser(request);
      await setStaffIdNumber(db, user, actorOf(request, user), request.params.id, request.body.idNumber);
      return { idNumber: request.body.idNumber === null ? null : maskIdNumber(request.body.idNumber) };
    },
  );

  r.get(
    '/audits/conflicts',
    {
      preValidation: guard('inspect'),
      schema: {
        tags: ['audits'],
        summary:
          'Conflicts of interest (优亲厚友): beneficiaries related to a cadre who acted on their case, or to the helper paired with them, by registered relatives, shared households or themselves',
        querystring: conflictQuerySchema,
      },
    },
    async (request) => {
      const user = requireCapability(request, 'inspect');
      const { page, pageSize } = request.query;
      const region = regionOfRequest(user, request.query.region);
      const rows = await findConflicts(db, region, page, pageSize);
      // Past the last page the window has no row to count on: ask for the first row to learn the total.
      const total = rows[0]?.total ?? (page > 1 ? ((await findConflicts(db, region, 1, 1))[0]?.total ?? '0') : '0');
      return { region, items: rows.map((x) => presentConflict(x, request.lang)), total: Number(total), page, pageSize };
    },
  );

  r.get(
    '/audits/fairness',
    {
      preValidation: guard('inspect'),
      schema: {
        tags: ['audits'],
        summary:
          'Fairness (公平性核查): households with the same decisive facts (evaluation, income band, attribute) but a different status, monitoring category or benefits, each beside its nearest peer',
        querystring: fairnessQuerySchema,
      },
    },
    async (request) => {
      const user = requireCapability(request, 'inspect');
      const { page, pageSize } = request.query;
      const region = regionOfRequest(user, request.query.region);
      const year = yearOrThisYear(request.query.year ?? Number(todayInChina().slice(0, 4)) - 1);
      const started = performance.now();
      const { pairs, households } = await fairnessPairs(db, region, year);
      const items = await presentFairnessPage(db, pairs.slice((page - 1) * pageSize, page * pageSize), request.lang);
      return { region, year, households, ms: Math.round(performance.now() - started), items, total: pairs.length, page, pageSize };
    },
  );
}
