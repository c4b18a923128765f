import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { pickLang } from '@jingzhun/domain';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { healthRoutes } from '../modules/health/health.routes.ts';
import { householdRoutes } from '../modules/households/household.routes.ts';
import { assistanceRoutes } from '../modules/assistance/assistance.routes.ts';
import { campaignRoutes } from '../modules/assistance/campaign.routes.ts';
import { workTeamRoutes } from '../modules/assistance/work-team.routes.ts';
import { visitRoutes } from '../modules/assistance/visit.routes.ts';
import { bookletRoutes } from '../modules/assistance/booklet.routes.ts';
import { attachmentRoutes } from '../modules/attachments/attachment.routes.ts';
import { AdjustmentRunner } from '../modules/procedures/adjustment.service.ts';
import { adjustmentRoutes } from '../modules/procedures/adjustment.routes.ts';
import { procedureRoutes } from '../modules/procedures/procedure.routes.ts';
import { policyRoutes } from '../modules/policy/policy.routes.ts';
import { importRoutes } from '../modules/imports/import.routes.ts';
import { ImportRunner } from '../modules/imports/import.service.ts';
import { regionRoutes } from '../modules/regions/region.routes.ts';
import { FeedRunner } from '../modules/monitoring/feed.service.ts';
import { monitoringRoutes } from '../modules/monitoring/monitoring.routes.ts';
import { statsRoutes } from '../modules/stats/stats.routes.ts';
import { mapRoutes } from '../modules/stats/map.routes.ts';
import { reportRoutes } from '../modules/stats/reports.routes.ts';
import { populationRoutes } from '../modules/stats/population.routes.ts';
import { auditsRoutes } from '../modules/audits/audits.routes.ts';
import { ScanRunner } from '../modules/monitoring/scan.ts';
import { userRoutes } from '../modules/users/user.routes.ts';
import { accessHook } from './access.ts';
import { identify } from './auth.ts';
import type { AppDeps } from './deps.ts';
import { errorHandler } from './errors.ts';
import './context.ts';

export const API_PREFIX = '/api/v1';

/** The largest workbook an import takes. */
export const IMPORT_FILE_LIMIT = 20 * 1024 * 1024;

/** The proxies whose X-Forwarded-For names the client: none, all, the nearest `n` hops, or these addresses and ranges. */
function trustProxyOf(setting: boolean | number | string[] | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting ?? false;
}

/** Builds the whole HTTP application: the API under /api/v1, its OpenAPI document, and the web UI. */
export async function buildApp(deps: AppDeps, logger: FastifyServerOptions['logger'] = false): Promise<FastifyInstance> {
  const level = typeof logger === 'object' && logger && 'level' in logger ? logger.level : undefined;
  const app = Fastify({
    logger,
    // A line per request only when debugging: at info level the log holds what needs attention.
    logController: new LogController({ disableRequestLogging: level !== 'debug' && level !== 'trace' }),
    bodyLimit: deps.config.JINGZHUN_BODY_LIMIT,
    trustProxy: trustProxyOf(deps.config.JINGZHUN_TRUST_PROXY),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorateRequest('user', null);
  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('sessionExpired', false);

  await app.register(fastifyCookie);
  // One workbook per upload, at most 20 MB: a county's yearly update fits, a province's does not.
  await app.register(fastifyMultipart, { limits: { fileSize: IMPORT_FILE_LIMIT, files: 1, fields: 5, parts: 6 } });
  const imports = new ImportRunner(deps.database);
  const adjustments = new AdjustmentRunner(deps.database);
  const feeds = new FeedRunner(deps.database);
  const scans = new ScanRunner(deps.database);
  app.addHook('onClose', async () => {
    await Promise.all([imports.drain(), adjustments.drain(), feeds.drain(), scans.drain()]);
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'jingzhun 精准 API',
        version: deps.version,
        description:
          'Errors are `{ "error": { "code", "message", "details" } }`; messages follow Accept-Language (zh-CN or en). ' +
          'Lists take `?page=&pageSize=` and answer `{ items, total, page, pageSize }`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'jz_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });

  const authSettings = { sessionHours: deps.config.JINGZHUN_SESSION_HOURS };
  app.addHook('onRequest', (request, reply, done) => {
    request.lang = pickLang(request.headers['accept-language']);
    reply.header('x-request-id', request.id);
    if (!request.url.startsWith(`${API_PREFIX}/`)) return done();
    reply.header('cache-control', 'no-store');
    // Anonymous calls (health checks, sign-in) skip the promise machinery of the identity lookup.
    if (!request.headers.authorization && !request.headers.cookie) return done();
    identify(deps.database.db, authSettings, request).then(() => done(), done);
  });

  await app.register(
    async (api) => {
      // Who may call each route, and where, comes from one table (OPERATIONS in the domain).
      api.addHook('onRoute', accessHook(deps.database.db, API_PREFIX));
      healthRoutes(api, deps);
      authRoutes(api, deps);
      regionRoutes(api, deps);
      userRoutes(api, deps);
      auditRoutes(api, deps);
      householdRoutes(api, deps);
      importRoutes(api, deps, imports);
      attachmentRoutes(api, deps);
      policyRoutes(api, deps);
      procedureRoutes(api, deps);
      adjustmentRoutes(api, deps, adjustments);
      assistanceRoutes(api, deps);
      workTeamRoutes(api, deps);
      campaignRoutes(api, deps);
      visitRoutes(api, deps);
      bookletRoutes(api, deps);
      monitoringRoutes(api, deps, feeds, scans);
      auditsRoutes(api, deps);
      statsRoutes(api, deps);
      mapRoutes(api, deps);
      reportRoutes(api, deps);
      populationRoutes(api, deps);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: API_PREFIX },
  );

  const webDir = deps.webDir;
  const hasWeb = webDir !== undefined && existsSync(join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDir,
      // Files are looked up per request, so a bundle rebuilt while the server runs is served at once.
      wildcard: true,
      setHeaders(res, path) {
        res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb) throw new AppError('route_not_found', { path: request.url });
    // The UI routes on the client: any other page loads the app, which shows its own 404.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}
