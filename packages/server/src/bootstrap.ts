import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COUNTRY_CODE } from '@jingzhun/domain';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './kernel/db/database.ts';
import { dropStage } from './features/feeds/stage.repository.ts';
import { migrateToLatest } from './kernel/db/migrator.ts';
import { type DemoAccount, loadDemo } from './demo/demo.loader.ts';
import { recordAudit, SYSTEM_ACTOR } from './kernel/audit/audit.repository.ts';
import { generatePassword, hashPassword } from './features/auth/password.ts';
import { loadRegions } from './features/regions/loader.ts';
import { countUsers } from './features/users/repository.ts';

/** The product's version, from the root package.json. */
export const VERSION: string = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as { version: string }
).version;

/** Where the built web UI lives. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Villages in the 2023 code list: a full load has them all. */
export const VILLAGE_COUNT = 620_573;

/** Opens the configured database: the PostgreSQL server of DATABASE_URL, else PGlite in the data folder. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return config.DATABASE_URL ? openDatabase({ url: config.DATABASE_URL }) : openDatabase({ dataDir: config.dataDir });
}

export interface PrepareResult {
  migrations: string[];
  regionsLoaded: number;
  demo: { households: number; persons: number; accounts: DemoAccount[] } | null;
  /** A generated first-admin password, to be printed once. */
  generatedAdminPassword: string | null;
}

/**
 * Brings a database to a usable state: migrations, regions, and on an empty database the demo county
 * (or, without the demo, a first admin). Every step is skipped when already done, so restarts are quick.
 */
export async function prepareDatabase(
  database: Database,
  config: Config,
  log: (message: string) => void,
): Promise<PrepareResult> {
  const migrations = await migrateToLatest(database.db);
  if (migrations.length > 0) log(`migrations applied: ${migrations.join(', ')}`);
  // A job that was running when the server stopped wrote nothing (its transaction died with it): say so.
  const interrupted = await database.db
    .updateTable('import_job')
    .set({ state: 'failed', message: 'interrupted_by_restart', finished_at: new Date() })
    .where('state', 'in', ['validating', 'writing'])
    .executeTakeFirst();
  if (interrupted.numUpdatedRows > 0n) log(`import jobs interrupted by the last stop: ${interrupted.numUpdatedRows}`);
  await database.db
    .updateTable('adjustment_run')
    .set({ state: 'failed', message: 'interrupted by a server restart; run it again', finished_at: new Date() })
    .where('state', '=', 'running')
    .execute();
  await database.db
    .updateTable('stat_job')
    .set({ state: 'failed', error: 'interrupted by a server restart; run it again', finished_at: new Date() })
    .where('state', '=', 'running')
    .execute();
  const feeds = await database.db
    .updateTable('feed')
    .set({ state: 'failed', message: 'interrupted_by_restart', finished_at: new Date() })
    .where('state', 'in', ['validating', 'writing'])
    .returning('id')
    .execute();
  if (feeds.length > 0) {
    for (const f of feeds) await dropStage(database.db, f.id);
    log(`feed imports interrupted by the last stop: ${feeds.length}`);
  }

  let regionsLoaded = 0;
  const county = config.JINGZHUN_REGIONS === 'all' ? undefined : config.JINGZHUN_REGIONS;
  const villages = Number(
    (
      await database.db
        .selectFrom('region')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('level', '=', 5)
        .where('code', 'like', `${county ?? ''}%`)
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (county ? villages === 0 : villages < VILLAGE_COUNT) {
    log(county ? `loading the regions of county ${county}…` : 'loading the regions of China (first start only)…');
    const result = await loadRegions(database, { county, onProgress: log });
    regionsLoaded = result.inserted;
    log(`regions loaded: ${result.inserted} new, ${result.total} in all, ${result.ms} ms`);
  }

  let demo: PrepareResult['demo'] = null;
  let generatedAdminPassword: string | null = null;
  if ((await countUsers(database.db)) === 0) {
    if (config.JINGZHUN_DEMO) {
      log('loading the demo county 田东县 (first start only)…');
      const result = await loadDemo(database, { password: config.JINGZHUN_DEMO_PASSWORD, onProgress: log });
      demo = result;
      log(`demo loaded: ${result.households} households, ${result.persons} persons, ${result.ms} ms`);
    } else {
      const password = config.JINGZHUN_ADMIN_PASSWORD ?? generatePassword();
      if (!config.JINGZHUN_ADMIN_PASSWORD) generatedAdminPassword = password;
      await createFirstAdmin(database, password);
    }
  }
  if (regionsLoaded > 0 || demo) await database.analyze();
  return { migrations, regionsLoaded, demo, generatedAdminPassword };
}

async function createFirstAdmin(database: Database, password: string) {
  const hash = await hashPassword(password);
  await database.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('app_user')
      .values({ username: 'admin', display_name: '系统管理员', role: 'admin', region_code: COUNTRY_CODE, password_hash: hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, SYSTEM_ACTOR, {
      action: 'user.created',
      entity: 'user',
      entityId: id,
      regionCode: COUNTRY_CODE,
      after: { username: 'admin', role: 'admin', regionCode: COUNTRY_CODE },
    });
  });
}
