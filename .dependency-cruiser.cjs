// The layering of jingzhun, checked on every `npm run lint` (docs/ARCHITECTURE.md explains each rule).
// The server: src/kernel under src/features under src/app.ts; the domain under everything; the web's
// shared pieces under its features.
const SERVER = '^packages/server/src';
const FEATURE = `${SERVER}/features/([^/]+)/`;
const REPOSITORY = '(^|/|\\.)repository\\.ts$';
const ROUTES = '(^|/|\\.)routes\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'kernel-imports-no-feature',
      comment: 'The kernel is what features stand on: it may not reach up into a feature, the demo or the app.',
      severity: 'error',
      from: { path: `${SERVER}/kernel/` },
      to: { path: [`${SERVER}/features/`, `${SERVER}/demo/`, `${SERVER}/app\\.ts$`, `${SERVER}/(main|cli|bootstrap|config)\\.ts$`] },
    },
    {
      name: 'feature-uses-services-not-repositories',
      comment: "A feature calls another feature's service, never its repository or its routes.",
      severity: 'error',
      from: { path: FEATURE },
      to: { path: `${SERVER}/features/[^/]+/[a-z.-]*(repository|routes)\\.ts$`, pathNot: `${SERVER}/features/$1/` },
    },
    {
      name: 'only-repositories-import-kysely',
      comment: 'SQL lives in repositories (and the kernel\'s db): nothing else imports Kysely, not even its types.',
      severity: 'error',
      from: { path: SERVER, pathNot: [REPOSITORY, `${SERVER}/kernel/db/`, `${SERVER}/demo/`] },
      to: { path: '(^|/)node_modules/kysely/' },
    },
    {
      name: 'services-not-http',
      comment: 'Only routes speak HTTP; services take the actor and plain values.',
      severity: 'error',
      from: { path: `${SERVER}/features/`, pathNot: ROUTES },
      to: { path: `${SERVER}/kernel/http/` },
    },
    {
      name: 'domain-imports-only-zod',
      comment: 'The domain is pure rules and contracts shared by server and web.',
      severity: 'error',
      from: { path: '^packages/domain/src' },
      to: { pathNot: ['^packages/domain/src', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'no-feature-cycles-server',
      comment: 'Features (server) depend on each other in one direction only.',
      // A warning until the last cycles found when this rule came in are broken (stats ↔ households, and
      // through them standards, adjustments, procedures and attachments); then an error like the rest.
      severity: 'warn',
      scope: 'folder',
      from: { path: '^packages/server/src/features/[^/]+' },
      to: { circular: true },
    },
    {
      name: 'no-feature-cycles-web',
      comment: 'Features (web) depend on each other in one direction only.',
      // A warning until shared/ stops reaching up: the i18n provider gathers every feature's texts and
      // shared/auth uses features/auth, so every feature appears in a loop through shared/.
      severity: 'warn',
      scope: 'folder',
      from: { path: '^packages/web/src/features/[^/]+' },
      to: { circular: true },
    },
    {
      name: 'no-feature-cycles-domain',
      comment: 'Features (domain) depend on each other in one direction only.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^packages/domain/src/[^/]+' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'No module imports itself through others (type-only imports vanish at run time and may loop).',
      severity: 'error',
      from: { path: '^packages/[^/]+/src' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', '\\.test\\.tsx?$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
