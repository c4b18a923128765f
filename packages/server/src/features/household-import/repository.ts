import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** How many keys one lookup of a file's households or people names at most. */
const CHUNK = 1000;

/** The registered households with these numbers. */
export async function householdsByNumber(db: Kysely<DB>, numbers: readonly string[]) {
  const out: Array<{ id: string; county_code: string; village_code: string; household_no: string; left_on: string | null }> = [];
  for (let i = 0; i < numbers.length; i += CHUNK) {
    const chunk = numbers.slice(i, i + CHUNK);
    out.push(...(await db.selectFrom('household').select(['id', 'county_code', 'village_code', 'household_no', 'left_on']).where('household_no', 'in', chunk).execute()));
  }
  return out;
}

/** Where each of these ID numbers is registered today, for those that are. */
export async function registrationsOf(db: Kysely<DB>, idNumbers: readonly string[]) {
  const out: Array<{ id_number: string; household_id: string; county_code: string }> = [];
  for (let i = 0; i < idNumbers.length; i += CHUNK) {
    out.push(...(await db.selectFrom('person_index').select(['id_number', 'household_id', 'county_code']).where('id_number', 'in', idNumbers.slice(i, i + CHUNK)).execute()));
  }
  return out;
}

/** What a comparison with the file needs of some registered households: their rows, active members and incomes. */
export interface StoredHouseholds {
  households: Map<string, Selectable<DB['household']>>;
  /** Active members by household id. */
  members: Map<string, Array<Selectable<DB['member']>>>;
  /** Incomes by `householdId:year`. */
  incomes: Map<string, Selectable<DB['household_income']>>;
}

/** Everything the comparison needs about the named households, fetched in chunks rather than per row. */
export async function storedHouseholds(db: Kysely<DB>, ids: readonly string[]): Promise<StoredHouseholds> {
  const stored: StoredHouseholds = { households: new Map(), members: new Map(), incomes: new Map() };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    for (const h of await db.selectFrom('household').selectAll().where('id', 'in', chunk).execute()) stored.households.set(h.id, h);
    for (const m of await db.selectFrom('member').selectAll().where('household_id', 'in', chunk).where('status', '=', 'active').execute()) {
      stored.members.set(m.household_id, [...(stored.members.get(m.household_id) ?? []), m]);
    }
    for (const inc of await db.selectFrom('household_income').selectAll().where('household_id', 'in', chunk).execute()) {
      stored.incomes.set(`${inc.household_id}:${inc.year}`, inc);
    }
  }
  return stored;
}

/** The codes of every county loaded. */
export async function countyCodes(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('region').select('code').where('level', '=', 3).execute()).map((r) => r.code);
}

/** Which of some codes are villages. */
export async function villagesAmong(db: Kysely<DB>, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  return (await db.selectFrom('region').select('code').where('code', 'in', codes).where('level', '=', 5).execute()).map((r) => r.code);
}

/** Takes `n` ids from a table's sequence, so that concurrent writers can never be handed the same ones. */
export async function reserveIds(db: Kysely<DB>, table: 'household' | 'member', n: number): Promise<string[]> {
  if (n === 0) return [];
  const { rows } = await sql<{ id: string }>`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::text AS id FROM generate_series(1, ${n})`.execute(db);
  return rows.map((r) => r.id);
}

/** The sequence of the last household number given in a village (0 when none). */
export async function lastHouseholdSeq(db: Kysely<DB>, villageCode: string): Promise<number> {
  const row = await db
    .selectFrom('household')
    .select((eb) => eb.fn.max('household_no').as('no'))
    .where('county_code', '=', villageCode.slice(0, 6))
    .where('village_code', '=', villageCode)
    .executeTakeFirst();
  return row?.no ? Number(row.no.slice(12)) : 0;
}

/** Stores an uploaded workbook as a job being validated; returns its id. */
export async function insertJob(
  db: Kysely<DB>,
  job: { userId: string; regionCode: string; fileName: string; file: Buffer; counts: unknown },
): Promise<string> {
  const { id } = await db
    .insertInto('import_job')
    .values({ kind: 'households', user_id: job.userId, region_code: job.regionCode, file_name: job.fileName, file: job.file, state: 'validating', counts: JSON.stringify(job.counts) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Marks a job failed with a named code. */
export async function markJobFailed(db: Kysely<DB>, id: string, code: string): Promise<void> {
  await db.updateTable('import_job').set({ state: 'failed', message: code, updated_at: new Date(), finished_at: new Date() }).where('id', '=', id).execute();
}

/** Stores a validation's outcome: the job's state, counts and the problems kept. */
export async function markJobValidated(
  db: Kysely<DB>,
  id: string,
  outcome: { state: 'invalid' | 'validated' | 'writing'; counts: unknown; errors: unknown; errorCount: number; finished: boolean },
): Promise<void> {
  await db
    .updateTable('import_job')
    .set({
      state: outcome.state,
      counts: JSON.stringify(outcome.counts),
      errors: JSON.stringify(outcome.errors),
      error_count: outcome.errorCount,
      updated_at: new Date(),
      finished_at: outcome.finished ? new Date() : null,
    })
    .where('id', '=', id)
    .execute();
}

/** Marks a job confirmed by a user and being written. */
export async function markJobWriting(db: Kysely<DB>, id: string, userId: string): Promise<void> {
  await db.updateTable('import_job').set({ state: 'writing', confirmed_at: new Date(), confirmed_by: userId, updated_at: new Date() }).where('id', '=', id).execute();
}

/** The uploaded file of a job. */
export async function jobFile(db: Kysely<DB>, id: string) {
  return (await db.selectFrom('import_job').select('file').where('id', '=', id).executeTakeFirstOrThrow()).file;
}

/** A job with the name of whoever confirmed it. */
export function findJob(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('import_job as j')
    .leftJoin('app_user as c', 'c.id', 'j.confirmed_by')
    .select(['j.id', 'j.kind', 'j.user_id', 'j.region_code', 'j.file_name', 'j.state', 'j.counts', 'j.errors', 'j.error_count', 'j.message', 'j.created_at', 'j.finished_at', 'j.confirmed_at'])
    .select('c.display_name as confirmed_by_name')
    .where('j.id', '=', id)
    .executeTakeFirst();
}

/**
 * Where the registry stands: the newest audit event and the number of events (see ImportRunner's
 * registryMark for why both).
 */
export async function auditMark(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom('audit_event')
    .select((eb) => [eb.fn.max('id').as('last'), eb.fn.countAll<string>().as('n')])
    .executeTakeFirstOrThrow();
  return `${String(row.last ?? 0)}:${row.n}`;
}
