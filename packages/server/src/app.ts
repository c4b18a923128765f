import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { hasControlCharacter, pickLang } from '@jingzhun/domain';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import { AppError } from './kernel/errors.ts';
import { auditRoutes } from './features/audit-log/routes.ts';
import { authRoutes } from './features/auth/routes.ts';
import { healthRoutes } from './features/health/routes.ts';
import { householdRoutes } from './features/households/routes.ts';
import { assistanceRoutes } from './features/assistance/routes.ts';
import { campaignRoutes } from './features/visits/campaign.routes.ts';
import { workTeamRoutes } from './features/work-teams/routes.ts';
import { visitRoutes } from './features/visits/routes.ts';
import { bookletRoutes } from './features/booklets/routes.ts';
import { attachmentRoutes } from './features/attachments/routes.ts';
import { AdjustmentRunner } from './features/adjustments/service.ts';
import { adjustmentRoutes } from './features/adjustments/routes.ts';
import { procedureRoutes } from './features/procedures/routes.ts';
import { policyRoutes } from './features/standards/routes.ts';
import { importRoutes } from './features/household-import/routes.ts';
import { ImportRunner } from './features/household-import/service.ts';
import { regionRoutes } from './features/regions/routes.ts';
import { FeedRunner } from './features/feeds/service.ts';
import { feedRoutes } from './features/feeds/routes.ts';
import { alertRoutes } from './features/alerts/routes.ts';
import { statsRoutes } from './features/stats/routes.ts';
import { mapRoutes } from './features/stats/map.routes.ts';
import { reportRoutes } from './features/reports/routes.ts';
import { populationRoutes } from './features/stats/population.routes.ts';
import { auditsRoutes } from './features/checks/routes.ts';
import { ScanRunner } from './features/alerts/scan.ts';
import { userRoutes } from './features/users/routes.ts';
import { UploadGate } from './kernel/uploads/gate.ts';
import { uploadLimits } from './kernel/uploads/limits.ts';
import { accessHook } from './kernel/http/access.ts';
import { type CallerResolver, identify } from './kernel/http/auth.ts';
import { resolveApiToken, resolveSession } from './features/auth/service.ts';
import type { AppDeps } from './kernel/http/deps.ts';
import { errorHandler } from './kernel/http/errors.ts';
import { assertSameOrigin } from './kernel/http/origin.ts';
import { redactingLogOptions } from './kernel/http/logging.ts';
import { guardedValidatorCompiler } from './kernel/http/validation.ts';
import './kernel/http/context.ts';

export const API_PREFIX = '/api/v1';

/** The proxies whose X-Forwarded-For names the client: none, all, the nearest `n` hops, or these addresses and ranges. */
function trustProxyOf(setting: boolean | number | string[] | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting ?? false;
}

/**
 * Whether a URL not found among the files can be a page of the UI, which then loads the app: not a
 * missing asset, and nothing that climbs out of the bundle (`..`, encoded or not), holds a control
 * character or a backslash, or cannot be decoded.
 */
function isPagePath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  if (decoded.startsWith('/assets/') || decoded.includes('\\') || hasControlCharacter(decoded)) return false;
  return !decoded.split('/').some((segment) => segment === '..' || segment === '.');
}

/** Builds the whole HTTP application: the API under /api/v1, its OpenAPI document, and the web UI. */
export async function buildApp(deps: AppDeps, logger: FastifyServerOptions['logger'] = false): Promise<FastifyInstance> {
  const level = typeof logger === 'object' && logger && 'level' in logger ? logger.level : undefined;
  const app = Fastify({
    // Whatever the settings, the log never holds an ID number, a phone or a bank account.
    logger: logger === false || logger === undefined ? false : redactingLogOptions(logger === true ? {} : logger),
    // A line per request only when debugging: at info level the log holds what needs attention.
    logController: new LogController({ disableRequestLogging: level !== 'debug' && level !== 'trace' }),
    bodyLimit: deps.config.JINGZHUN_BODY_LIMIT,
    trustProxy: trustProxyOf(deps.config.JINGZHUN_TRUST_PROXY),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // Errors before routing (a URL that cannot be decoded) answer in the API's error shape too.
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
  });
  app.setValidatorCompiler(guardedValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorateRequest('user', null);
  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('sessionExpired', false);

  await app.register(fastifyCookie);
  // Limits per client address (request.ip, after trusted proxies) only where a route asks for one. Each
  // limit remembers up to 100,000 keys, least recently used forgotten first.
  await app.register(fastifyRateLimit, {
    global: false,
    cache: 100_000,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', { limit: context.max, retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  });
  await app.register(fastifyHelmet, {
    // The built UI loads only its own files. antd and ECharts set inline styles (CSS-in-JS, style
    // attributes), hence 'unsafe-inline' for styles only; photos are previewed from blob: URLs.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
  });
  // Every upload is held to the same limits, and one gate counts the files read at once across all of them.
  const limits = uploadLimits(deps.config.uploads);
  const gate = new UploadGate(limits.validationsAtOnce, limits.validationsWaiting);
  // One file per upload, at most a workbook's size unless the route says otherwise (feeds, attachments).
  await app.register(fastifyMultipart, { limits: { fileSize: limits.importFileBytes, files: 1, fields: 5, parts: 6 } });
  const imports = new ImportRunner(deps.database, limits, gate);
  const adjustments = new AdjustmentRunner(deps.database);
  const feeds = new FeedRunner(deps.database, limits, gate);
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
  const callers: CallerResolver = {
    byToken: (secret) => resolveApiToken(deps.database.db, secret),
    bySession: (secret) => resolveSession(deps.database.db, authSettings, secret),
  };
  app.addHook('onRequest', (request, reply, done) => {
    request.lang = pickLang(request.headers['accept-language']);
    reply.header('x-request-id', request.id);
    // Before anyone is identified: a write sent from another site is refused whoever it claims to be.
    try {
      assertSameOrigin(request);
    } catch (error) {
      return done(error as Error);
    }
    if (!request.url.startsWith(`${API_PREFIX}/`)) return done();
    reply.header('cache-control', 'no-store');
    // Anonymous calls (health checks, sign-in) skip the promise machinery of the identity lookup.
    if (!request.headers.authorization && !request.headers.cookie) return done();
    identify(callers, request).then(() => done(), done);
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
      importRoutes(api, deps, imports, limits);
      attachmentRoutes(api, deps, gate, limits);
      policyRoutes(api, deps);
      procedureRoutes(api, deps);
      adjustmentRoutes(api, deps, adjustments);
      assistanceRoutes(api, deps);
      workTeamRoutes(api, deps);
      campaignRoutes(api, deps);
      visitRoutes(api, deps);
      bookletRoutes(api, deps);
      feedRoutes(api, deps, feeds, limits);
      alertRoutes(api, deps, scans);
      auditsRoutes(api, deps);
      statsRoutes(api, deps);
      mapRoutes(api, deps);
      reportRoutes(api, deps);
      populationRoutes(api, deps, gate, limits);
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
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb || !isPagePath(request.url)) throw new AppError('route_not_found');
    // The UI routes on the client: any other page loads the app, which shows its own 404.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}
