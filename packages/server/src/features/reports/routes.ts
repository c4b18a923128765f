import { REPORT_KIND_NAMES, REPORT_RULE_MESSAGES, type ReportKind } from '@jingzhun/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.ts';
import { guard, requireCapability } from '../../kernel/http/auth.ts';
import { regionOfRequest } from '../../kernel/scope/scope.ts';
import type { AppDeps } from '../../kernel/http/deps.ts';
import { contentDisposition, PDF, XLSX } from '../../kernel/http/download.ts';
import { buildReport, reportFileName } from './service.ts';
import { reportPdf, reportXlsx } from './render.ts';
import { statRegionCode } from '../stats/drill.ts';

const regionCode = statRegionCode;
const year = z.coerce.number().int().min(2010).max(2100);
const FORMATS = { xlsx: XLSX, pdf: PDF } as const;
type Format = keyof typeof FORMATS;

const isKind = (kind: string): kind is ReportKind => (REPORT_KIND_NAMES as readonly string[]).includes(kind);
const isFormat = (format: string): format is Format => format in FORMATS;

/** The standard reports (标准报表) of a region and year as .xlsx or .pdf: summary, exits, monitoring, measures, visits. */
export function reportRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.get(
    '/reports/:kind.:format',
    {
      preValidation: guard('readRegistry'),
      schema: {
        tags: ['statistics'],
        summary:
          'A standard report of a region and year (`kind`: summary, exits, monitoring, measures, visits; `format`: xlsx or pdf): one row per township or village and a total row equal to the overview, headed by the region, year, generation time and policy profile',
        params: z.strictObject({ kind: z.string().max(40), format: z.string().max(10) }),
        querystring: z.strictObject({ region: regionCode.optional(), year: year.optional() }),
      },
    },
    async (request, reply) => {
      const user = requireCapability(request, 'readRegistry');
      const { kind, format } = request.params;
      const lang = request.lang;
      if (!isKind(kind)) {
        throw new AppError('validation_failed', {
          fields: [{ path: 'kind', code: 'unknown_report_kind', message: REPORT_RULE_MESSAGES.unknown_report_kind?.[lang] ?? kind }],
          allowed: REPORT_KIND_NAMES,
        });
      }
      if (!isFormat(format)) {
        throw new AppError('validation_failed', {
          fields: [{ path: 'format', code: 'unknown_report_format', message: REPORT_RULE_MESSAGES.unknown_report_format?.[lang] ?? format }],
          allowed: Object.keys(FORMATS),
        });
      }
      const region = regionOfRequest(user, request.query.region);
      const started = performance.now();
      const report = await buildReport(db, user, kind, region, request.query.year);
      const buffer = format === 'xlsx' ? await reportXlsx(report) : await reportPdf(report);
      return reply
        .header('content-type', FORMATS[format])
        .header('content-disposition', contentDisposition(`${reportFileName(report)}.${format}`))
        .header('server-timing', `report;dur=${Math.round(performance.now() - started)}`)
        .send(buffer);
    },
  );
}
