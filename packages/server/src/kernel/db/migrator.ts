import { type Kysely, type Migration, Migrator } from 'kysely';
import type { DB } from './schema.ts';
import * as m0001 from '../../../migrations/0001_foundation.ts';
import * as m0002 from '../../../migrations/0002_registry.ts';
import * as m0003 from '../../../migrations/0003_imports.ts';
import * as m0004 from '../../../migrations/0004_import_confirmation.ts';
import * as m0005 from '../../../migrations/0005_procedures.ts';
import * as m0006 from '../../../migrations/0006_income_figures.ts';
import * as m0007 from '../../../migrations/0007_adjustments.ts';
import * as m0008 from '../../../migrations/0008_assistance.ts';
import * as m0009 from '../../../migrations/0009_measures.ts';
import * as m0010 from '../../../migrations/0010_visits.ts';
import * as m0011 from '../../../migrations/0011_booklet_jobs.ts';
import * as m0012 from '../../../migrations/0012_monitoring.ts';
import * as m0013 from '../../../migrations/0013_statistics.ts';
import * as m0014 from '../../../migrations/0014_feeds.ts';
import * as m0015 from '../../../migrations/0015_registered_person_key.ts';
import * as m0016 from '../../../migrations/0016_unknown_facts.ts';
import * as m0018 from '../../../migrations/0018_holiday_calendar.ts';
import * as m0019 from '../../../migrations/0019_aid_unit_accounts.ts';
import * as m0020 from '../../../migrations/0020_attachment_household.ts';
import * as m0021 from '../../../migrations/0021_job.ts';

/**
 * The migrations in order. Listed here rather than read from the folder so the order is explicit and
 * the build needs no file-system scan; each is forward-only (no `down`): a mistake is fixed by a new one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_registry': m0002,
  '0003_imports': m0003,
  '0004_import_confirmation': m0004,
  '0005_procedures': m0005,
  '0006_income_figures': m0006,
  '0007_adjustments': m0007,
  '0008_assistance': m0008,
  '0009_measures': m0009,
  '0010_visits': m0010,
  '0011_booklet_jobs': m0011,
  '0012_monitoring': m0012,
  '0013_statistics': m0013,
  '0014_feeds': m0014,
  '0015_registered_person_key': m0015,
  '0016_unknown_facts': m0016,
  '0018_holiday_calendar': m0018,
  '0019_aid_unit_accounts': m0019,
  '0020_attachment_household': m0020,
  '0021_job': m0021,
};

/** Applies every pending migration; returns the names applied. Throws on the first failure. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({
    // Migrations see the database as it was when they were written, not today's DB type.
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
