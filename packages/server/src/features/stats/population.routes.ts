import { pageOf, pageQuery, populationImportResultSchema, populationItemSchema, yearInChina } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { actorOf, guard, requireCapability } from '../../kernel/http/auth.ts';
import { regionOfRequest } from '../../kernel/scope/scope.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import type { UploadGate } from '../../kernel/uploads/gate.ts';
import type { UploadLimits } from '../../kernel/uploads/limits.ts';
import { contentDisposition, XLSX } from '../../kernel/http/download.ts';
import { FIRST_POPULATION_YEAR, importPopulation, listPopulation, populationTemplate } from './population.ts';
import { statRegionCode } from './drill.ts';

const regionCode = statRegionCode;
/** A year a figure may be kept for; the last whole year unless one is given. */
const year = z.coerce
  .number()
  .int()
  .min(FIRST_POPULATION_YEAR)
  .refine((y) => y <= yearInChina(), { params: { rule: 'population_year_range' } });
const lastYear = () => yearInChina() - 1;

/** Rural population (农村户籍人口) of villages by year, the denominator of incidence: list, template, import. */
export function populationRoutes(app: FastifyInstance, deps: AppDeps, gate: UploadGate, limits: UploadLimits) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/regions/population',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['statistics'],
        summary: 'The villages of a region with their rural registered population for a year (null where none is kept), in code order',
        querystring: pageQuery.extend({ region: regionCode.optional(), year: year.optional() }).strict(),
        response: { 200: pageOf(populationItemSchema) },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'readRegistry');
      const region = regionOfRequest(user, request.query.region);
      const { page, pageSize } = request.query;
      const { items, total } = await listPopulation(db, region, request.query.year ?? lastYear(), page, pageSize);
      return { items, total, page, pageSize };
    },
  );

  r.get(
    '/regions/population/template.xlsx',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['statistics'],
        summary: 'The population workbook to fill in: 村代码 / 年份 / 农村户籍人口, one row per village of your region for the year, prefilled with the figures kept',
        querystring: z.strictObject({ year: year.optional() }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'readRegistry');
      const y = request.query.year ?? lastYear();
      const buffer = await populationTemplate(db, user, y);
      return reply.header('content-type', XLSX).header('content-disposition', contentDisposition(`农村户籍人口-${y}.xlsx`)).send(buffer);
    },
  );

  r.post(
    '/regions/population/imports',
    {
      preValidation: guard('manageStatistics'),
      schema: {
        tags: ['statistics'],
        summary:
          'Import rural population figures (multipart field `file`, .xlsx as the template): every row is checked; any problem refuses the whole file with its row, column and rule, else every row is written in one transaction',
        consumes: ['multipart/form-data'],
        response: { 200: populationImportResultSchema },
      },
    },
    async (request) => {
      const user = requireCapability(request, 'manageStatistics');
      if (!request.isMultipart()) throw new AppError('unsupported_media_type', { field: 'file', expected: 'multipart/form-data' });
      // Read in the caller's time, but in its turn with every other upload being read.
      const release = gate.admit();
      try {
        const part = await request.file({ limits: { fileSize: limits.importFileBytes } });
        if (!part || part.fieldname !== 'file') throw new AppError('validation_failed', { field: 'file', rule: 'required' });
        const buffer = await part.toBuffer();
        if (buffer.length === 0) throw new AppError('validation_failed', { field: 'file', rule: 'empty_file' });
        return await gate.turn(`population:${request.id}`, () =>
          importPopulation(db, user, actorOf(request, user), { name: part.filename || 'population.xlsx', buffer }, request.lang, limits),
        );
      } finally {
        release();
      }
    },
  );
}
