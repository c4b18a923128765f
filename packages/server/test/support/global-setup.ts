import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, pgliteExtensions } from '../../src/kernel/db/database.ts';
import { migrateToLatest } from '../../src/kernel/db/migrator.ts';
import { loadRegions } from '../../src/features/regions/loader.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

/** The county every test template holds: 田东县 with its 10 townships and 173 villages. */
export const TEMPLATE_COUNTY = '451022';

/**
 * Builds the migrated template databases once per run: a PGlite data-folder dump, and on PostgreSQL a
 * template database. Each test file then starts from a copy in well under a second instead of an initdb.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'jz-test-'));
  const lite = await PGlite.create({ extensions: pgliteExtensions });
  const database = await openDatabase({ pglite: lite });
  await migrateToLatest(database.db);
  await loadRegions(database, { county: TEMPLATE_COUNTY });
  await database.close();
  const dump = await lite.dumpDataDir('none');
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await lite.close();
  project.provide('pgliteTemplate', file);

  const url = process.env.TEST_DATABASE_URL;
  let templateName: string | null = null;
  if (url) {
    templateName = `jz_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${templateName}`);
    await admin.query(`CREATE DATABASE ${templateName}`);
    await admin.end();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${templateName}`;
    const pgDatabase = await openDatabase({ url: templateUrl.toString(), poolSize: 2 });
    await migrateToLatest(pgDatabase.db);
    await loadRegions(pgDatabase, { county: TEMPLATE_COUNTY });
    await pgDatabase.close();
  }
  project.provide('postgresTemplate', templateName);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url && templateName) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
      await admin.end();
    }
  };
}
