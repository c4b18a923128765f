import { buildApp } from './app.ts';
import { openConfiguredDatabase, prepareDatabase, VERSION, WEB_DIST } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { DEMO_COUNTY } from './demo/demo.loader.ts';

/** `npm start`: open or create the database, prepare it, serve the API and the UI until a signal. */
export async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const log = (m: string) => console.log(`[jingzhun] ${m}`);
  log(`jingzhun ${VERSION} starting on ${config.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${config.dataDir}`}`);
  const database = await openConfiguredDatabase(config);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: closing…`);
    await app?.close().catch(() => undefined);
    await database.close();
    log('database closed cleanly');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    const prepared = await prepareDatabase(database, config, log);
    app = await buildApp(
      { database, config, version: VERSION, webDir: WEB_DIST },
      { level: config.JINGZHUN_LOG_LEVEL },
    );
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    log(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s: http://localhost:${port}`);
    const demoUsers = await database.db
      .selectFrom('app_user')
      .innerJoin('region', 'region.code', 'app_user.region_code')
      .select(['username', 'role', 'region.name'])
      .where('username', 'in', ['admin', 'county', 'township', 'village', 'helper', 'inspector', 'aidunit'])
      .orderBy('app_user.id')
      .execute();
    if (config.JINGZHUN_DEMO && demoUsers.length > 1) {
      log(`demo county ${DEMO_COUNTY} 田东县; accounts (password: JINGZHUN_DEMO_PASSWORD, default tiandong2026):`);
      for (const u of demoUsers) log(`  ${u.username.padEnd(10)} ${u.role.padEnd(17)} ${u.name}`);
    }
    if (prepared.generatedAdminPassword) {
      log(`first administrator: admin / ${prepared.generatedAdminPassword}  (shown once; change it after signing in)`);
    }
  } catch (err) {
    console.error('[jingzhun] start failed:', err instanceof Error ? err.message : err);
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    process.exit(1);
  }
}
