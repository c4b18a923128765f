import {
  evaluateHousehold,
  isWithinScope,
  levelOfCode,
  lineFor,
  policyOverrideSchema,
  todayInChina,
  regionCodeSchema,
  yearInChina,
} from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, issueFields } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { describeHousehold } from '../households/service.ts';
import { exitCheck } from './exit-check.ts';
import { createVersion, effectiveProfile, listVersions, readVersion } from './service.ts';
import { checkYear, decisionDate } from '../../kernel/scope/years.ts';
import { inScope, regionNotFound } from '../../kernel/scope/scope.ts';

const idParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, 'an id') });
const regionCode = regionCodeSchema;
/** The year asked of when none is given: the last whole year, as the household list's income year. */
const lastYear = () => yearInChina() - 1;

/** Policy profiles (versioned standards) and the decisions they explain. */
export function policyRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/policy-profiles',
    {
      preValidation: guard(),
      schema: { tags: ['policy'], summary: 'Versions of the policy profiles that apply to your region or were made inside it', querystring: z.strictObject({ scope: regionCode.optional() }) },
    },
    async (request) => {
      const user = request.user;
      if (!user) throw new AppError('unauthenticated');
      return { items: await listVersions(db, user, request.query.scope) };
    },
  );

  r.get(
    '/policy-profiles/effective',
    {
      preValidation: guard(),
      schema: {
        tags: ['policy'],
        summary: 'The profile in force in a region on a date (default: your region, today), merged from the country down, with the versions it came from',
        querystring: z.strictObject({ region: regionCode.optional(), date: z.iso.date().optional() }),
      },
    },
    async (request) => {
      const user = request.user;
      if (!user) throw new AppError('unauthenticated');
      const region = request.query.region ?? user.regionCode;
      // Your own region, any region inside it, or the levels above it (whose standards apply to you).
      if (!inScope(user, region) && !isWithinScope(user.regionCode, region)) throw new AppError('not_found', { entity: 'region', code: region });
      return effectiveProfile(db, region, request.query.date ?? todayInChina());
    },
  );

  r.get(
    '/policy-profiles/:id',
    { preValidation: guard(), schema: { tags: ['policy'], summary: 'One stored version as it was written', params: idParam } },
    async (request) => {
      const user = request.user;
      if (!user) throw new AppError('unauthenticated');
      return readVersion(db, user, request.params.id);
    },
  );

  r.post(
    '/policy-profiles',
    {
      preValidation: guard('managePolicy'),
      schema: {
        tags: ['policy'],
        summary:
          'Record a new version for a scope (CN, province, city or county inside your region) from its effective date. Body: `reason`, `scopeCode`, ' +
          '`effectiveFrom`, `name` and any sections (`lines`, `income`, `criteria`, `exclusions`, `exitThresholds`, `procedures`, `fourLooks`, ' +
          '`multidimensional`, and the optional `disclosure` and `assistance`: visit interval, days in the village, added measure families, cause → families); ' +
          'the national version holds all but the optional ones. Contradictions (a monitoring line below the poverty line, …) are refused with their rule.',
        body: z.looseObject({ reason: z.string().trim().min(2).max(500) }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'managePolicy');
      const { reason, ...rest } = request.body;
      // Whose standard it is comes first: a user outside the scope learns nothing about its rules.
      if (typeof rest.scopeCode === 'string' && levelOfCode(rest.scopeCode) !== null && !inScope(user, rest.scopeCode)) {
        throw regionNotFound('scopeCode', rest.scopeCode);
      }
      // The server numbers versions; anything the client sends as a version is ignored.
      const parsed = policyOverrideSchema.safeParse({ ...rest, version: 1 });
      if (!parsed.success) throw new AppError('validation_failed', { fields: issueFields(parsed.error.issues) });
      const { version: _v, id: _id, ...override } = parsed.data;
      const created = await createVersion(db, user, actorOf(request, user), { ...override, reason });
      return reply.status(201).send(created);
    },
  );

  r.get(
    '/regions/:code/exit-check',
    {
      preValidation: guard(),
      schema: {
        tags: ['policy'],
        summary: 'Village and county exit: for a region and each child, poverty incidence against the profile’s threshold (2%, 3% in the west) and whether every exited household meets 两不愁三保障 and safe water',
        params: z.strictObject({ code: regionCode }),
        querystring: z.strictObject({ year: z.coerce.number().int().optional() }),
      },
    },
    async (request) => {
      const user = request.user;
      if (!user) throw new AppError('unauthenticated');
      const year = checkYear(request.query.year ?? lastYear());
      return exitCheck(db, user, request.params.code, year);
    },
  );

  r.get(
    '/households/:id/evaluation',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['policy'],
        summary:
          'The decision on a household for a year (default last year) under the profile in force for its village, with every criterion, exclusion, ' +
          'observed value, threshold and message, the missing data, the 四看法 score and the profile versions used',
        params: idParam,
        querystring: z.strictObject({ year: z.coerce.number().int().optional(), line: z.enum(['poverty', 'monitoring']).optional() }),
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const year = checkYear(request.query.year ?? lastYear());
      const household = await describeHousehold(db, user, request.params.id);
      const profile = await effectiveProfile(db, household.villageCode, decisionDate(year));
      const line = request.query.line ?? 'poverty';
      const evaluation = evaluateHousehold(household, profile, year, { line });
      return { householdId: household.id, profileId: profile.id, lineValue: lineFor(profile, line, year), ...evaluation };
    },
  );
}
