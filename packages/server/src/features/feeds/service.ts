import {
  FEED_COLUMNS,
  type FeedColumn,
  type FeedKind,
  type FeedUpload,
  feedRowQuickCheck,
  feedRowSchema,
  planColumns,
  readFeedCell,
  regionPrefix,
  todayInChina,
} from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../kernel/db/database.ts';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { BackgroundJobs } from '../../kernel/jobs/background.ts';
import { UploadGate } from '../../kernel/uploads/gate.ts';
import { DEFAULT_UPLOAD_LIMITS, failureCode, FileRefused, type UploadLimits } from '../../kernel/uploads/limits.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { ruleMessage } from '../../kernel/sheets/messages.ts';
import { columnLetter, type ImportProblem } from '../../kernel/sheets/sheet-reader.ts';
import { raiseAlertsOver } from '../alerts/engine.ts';
import { plainCsv, plainCsvPlan, PlainCsvReader } from './fast.ts';
import { type FeedCell, FORMULA, openFeedFile } from './reader.ts';
import { dropStage, stageTable, summarizeStage, writeFeedRows } from './stage.ts';
import { FeedStager } from './stager.ts';
import { inScope, regionInScope } from '../../kernel/scope/scope.ts';

/** Problems kept with a feed; the rest are counted (a file with more has one systematic fault). */
const KEPT_PROBLEMS = 20_000;
/** Rows of one feed file: a province's medical insurance list runs to a few million. */
export const MAX_FEED_ROWS = 3_000_000;

export interface FeedCounts {
  rows: number;
  matched: number;
  unmatched: number;
  persons: number;
  households: number;
  judged?: number;
  alerts?: number;
  alertsUpdated?: number;
  /** Milliseconds each phase took: read and check, stage, duplicates, match; then write (matched and unmatched rows, counted), analyze, alerts. */
  timings?: Record<string, number>;
}

/** Runs a phase and records how long it took. */
async function timed<T>(timings: Record<string, number>, phase: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[phase] = Math.round(performance.now() - started);
  }
}

/** Runs feed imports in the background: read and check every row, stage, match; on confirmation write and raise alerts. */
export class FeedRunner {
  private readonly jobs = new BackgroundJobs();

  constructor(
    private readonly database: Database,
    private readonly limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
    readonly gate = new UploadGate(limits.validationsAtOnce, limits.validationsWaiting),
  ) {}

  progressOf(id: string): number | null {
    return this.jobs.progressOf(id);
  }

  /** The place in line of a feed waiting for its turn to be read, or null when it is not waiting. */
  waitingPosition(id: string): number | null {
    return this.gate.positionOf(id);
  }

  async drain(): Promise<void> {
    await this.jobs.drain();
  }

  private run(id: string, work: () => Promise<void>) {
    this.jobs.run(id, work, (err) => this.fail(id, err));
  }

  /**
   * Records why a feed failed, as a named code (its message for people is the code's, never a library's
   * text); a validated feed that fails stays as it was: nothing of it was written.
   */
  private async fail(id: string, err: unknown) {
    await dropStage(this.database.db, id).catch(() => undefined);
    await this.database.db
      .updateTable('feed')
      .set({ state: 'failed', message: failureCode(err), updated_at: new Date(), finished_at: new Date() })
      .where('id', '=', id)
      .where('state', 'in', ['validating', 'writing'])
      .execute();
  }

  /**
   * Stores the feed's description and checks its file in the background. The region must be the user's
   * or inside it; nothing of the file is kept beyond its checked rows.
   */
  async start(user: SessionUser, actor: Actor, kind: FeedKind, regionCode: string, upload: FeedUpload, fileName: string, file: Buffer, release: () => void = () => undefined): Promise<string> {
    const id = await this.create(user, kind, regionCode, upload, fileName);
    this.run(id, async () => {
      if (!upload.confirm) {
        await this.validateInTurn(id, kind, regionCode, upload, fileName, file, null, release);
        return;
      }
      await this.checkAndWrite(user, actor, id, kind, regionCode, upload, fileName, file, release);
    });
    return id;
  }

  /**
   * Reads and checks the file in its turn among the uploads being read (see UploadGate), then gives back
   * the upload's place: the write that may follow holds no file in memory.
   */
  private async validateInTurn(id: string, kind: FeedKind, regionCode: string, upload: FeedUpload, fileName: string, file: Buffer, confirmer: string | null, release: () => void) {
    try {
      await this.gate.turn(id, () => this.validate(id, kind, regionCode, upload, fileName, file, confirmer));
    } finally {
      release();
    }
  }

  /**
   * Imports a feed start to end in the caller's time (the demo, benchmarks, command-line loads), as an
   * upload confirmed at once: checked, staged, written and judged. Throws when the file has problems.
   */
  async importNow(user: SessionUser, actor: Actor, kind: FeedKind, regionCode: string, upload: FeedUpload, fileName: string, file: Buffer): Promise<FeedCounts> {
    const id = await this.create(user, kind, regionCode, upload, fileName);
    try {
      const counts = await this.checkAndWrite(user, actor, id, kind, regionCode, upload, fileName, file);
      if (!counts) {
        const feed = await visibleFeed(this.database.db, user, id);
        throw new Error(`feed ${fileName} is ${feed.state}: ${JSON.stringify((feed.errors as unknown[]).slice(0, 3))}`);
      }
      return counts;
    } catch (err) {
      await this.fail(id, err);
      throw err;
    } finally {
      this.jobs.forget(id);
    }
  }

  /**
   * An upload confirmed at once: its rows checked and staged, then, when every row passed, written by the
   * uploader without stopping at the summary (whose counts the write gives). Null when the file had problems.
   */
  private async checkAndWrite(
    user: SessionUser,
    actor: Actor,
    id: string,
    kind: FeedKind,
    regionCode: string,
    upload: FeedUpload,
    fileName: string,
    file: Buffer,
    release: () => void = () => undefined,
  ): Promise<FeedCounts | null> {
    await this.validateInTurn(id, kind, regionCode, upload, fileName, file, user.id, release);
    const feed = await this.database.db.selectFrom('feed').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return feed.state === 'writing' ? this.write(id, feed, actor) : null;
  }

  private async create(user: SessionUser, kind: FeedKind, regionCode: string, upload: FeedUpload, fileName: string): Promise<string> {
    regionInScope(user, 'regionCode', regionCode);
    const region = await this.database.db.selectFrom('region').select('code').where('code', '=', regionCode).executeTakeFirst();
    if (!region) throw new AppError('region_not_found', { field: 'regionCode', regionCode });
    if (upload.asOf > todayInChina()) throw new AppError('validation_failed', { fields: [{ path: 'asOf', code: 'not_in_future', message: 'dated in the future' }] });
    const { id } = await this.database.db
      .insertInto('feed')
      .values({
        kind,
        region_code: regionCode,
        source: upload.source,
        as_of: upload.asOf,
        file_name: fileName,
        mapping: JSON.stringify({ mapping: upload.mapping ?? {}, ignore: upload.ignore ?? [] }),
        user_id: user.id,
        state: 'validating',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /**
   * Reads and checks every row and stages the good ones. Then, for an upload to be confirmed, matches them
   * for the summary shown before confirmation (`validated`); for an upload confirmed at once by `confirmer`,
   * hands it straight to the write (`writing`), whose counts the summary's would be.
   */
  private async validate(id: string, kind: FeedKind, regionCode: string, upload: FeedUpload, fileName: string, file: Buffer, confirmer: string | null) {
    const problems: ImportProblem[] = [];
    let problemCount = 0;
    const problem = (p: ImportProblem) => {
      problemCount++;
      if (problems.length < KEPT_PROBLEMS) problems.push(p);
    };
    let opened: Awaited<ReturnType<typeof openFeedFile>>;
    try {
      opened = await openFeedFile(file, fileName, this.limits);
    } catch (err) {
      if (!(err instanceof FileRefused)) throw err;
      opened = null;
      problem(refusedProblem(err, null));
    }
    const finish = async (counts: Partial<FeedCounts>) => {
      await this.database.db
        .updateTable('feed')
        .set({
          state: problemCount > 0 ? 'invalid' : confirmer ? 'writing' : 'validated',
          ...(problemCount === 0 && confirmer ? { confirmed_at: new Date(), confirmed_by: confirmer } : {}),
          counts: JSON.stringify(counts),
          errors: JSON.stringify(problems),
          error_count: problemCount,
          updated_at: new Date(),
          finished_at: problemCount > 0 ? new Date() : null,
        })
        .where('id', '=', id)
        .execute();
    };
    if (!opened) {
      if (problemCount === 0) problem({ sheet: null, row: null, column: null, cell: null, rule: 'not_csv_or_xlsx' });
      return finish({});
    }
    const { positions, problems: headerProblems } = planColumns(kind, opened.headers, upload);
    for (const p of headerProblems) problem({ sheet: opened.sheet, row: 1, column: p.column, cell: null, rule: p.rule });
    if (headerProblems.length > 0) return finish({});

    const today = todayInChina();
    const schema = feedRowSchema(kind, today);
    const quickCheck = feedRowQuickCheck(kind, today);
    const fieldColumn = new Map<string, { column: FeedColumn; index: number }>();
    positions.forEach((c, index) => {
      if (c) fieldColumn.set(c.field, { column: c, index });
    });
    const cellOf = (field: string, row: number) => {
      const at = fieldColumn.get(field);
      return { column: at ? (opened.headers[at.index] ?? field) : field, cell: at ? `${columnLetter(at.index)}${row}` : null };
    };
    const at = (row: number, field: string, rule: string, detail?: string) =>
      problem({ sheet: opened.sheet, row, ...cellOf(field, row), rule, ...(detail ? { detail } : {}) });

    let rows = 0;
    // Checked rows go to the stage as they are read; a problem anywhere drops it at the end.
    // The same person twice on the same day is one fact sent twice, or two facts the file cannot tell apart:
    // looked for as the rows are staged; only when two rows may share one does SQL name them.
    // Sized for the rows a CSV file of this size holds (a short line of a medical insurance feed is about 33 bytes).
    const stager = new FeedStager(this.database, id, kind, opened.format === 'csv' ? file.length / 33 : 0);
    /** Checks a row the general way: every cell read by its column, then the plain-code check, or the schema naming each problem. */
    const judge = async (row: number, cells: readonly FeedCell[]) => {
      const value: Record<string, unknown> = {};
      let bad = false;
      for (const [field, { column, index }] of fieldColumn) {
        const raw = cells[index];
        if (typeof raw === 'string' && raw.length > this.limits.cellChars) {
          at(row, field, 'cell_too_long');
          bad = true;
          continue;
        }
        if (raw === FORMULA) {
          at(row, field, 'formula');
          bad = true;
          continue;
        }
        if (field === 'idNumber' && typeof raw === 'number') {
          at(row, field, 'id_not_text');
          bad = true;
          continue;
        }
        const read = readFeedCell(column, raw);
        if ('rule' in read) {
          at(row, field, read.rule);
          bad = true;
        } else if (read.value !== undefined) value[field] = read.value;
      }
      if (bad) return;
      value.on ??= upload.asOf;
      // The common row is checked in plain code; the schema judges the rest and names every problem.
      const quick = quickCheck(value);
      if (quick) {
        if (problemCount === 0) await stager.add(row, quick.idNumber, quick.on, quick.data);
        return;
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'idNumber');
          const rule = (issue as { params?: { rule?: string } }).params?.rule ?? (issue.code === 'invalid_type' && value[field] === undefined ? 'required' : issue.code);
          at(row, field, rule, issue.message);
        }
        return;
      }
      if (problemCount > 0) return;
      const { idNumber, on, ...data } = parsed.data as { idNumber: string; on: string } & Record<string, unknown>;
      await stager.add(row, idNumber, on, data);
    };
    const tooMany = async (row: number) => {
      problem({ sheet: opened.sheet, row, column: null, cell: null, rule: 'too_many_rows', detail: String(MAX_FEED_ROWS) });
      await stager.abandon();
      return finish({ rows: rows - 1 });
    };
    const timings: Record<string, number> = {};
    const readStarted = performance.now();
    try {
      const plainPlan = opened.format === 'csv' && plainCsv(file) ? plainCsvPlan(kind, fieldColumn, upload.asOf, today) : null;
      if (plainPlan) {
        // A plain CSV file: read on its bytes, a line at a time; the lines it does not plainly accept are judged the general way.
        const reader = new PlainCsvReader(file, plainPlan);
        const maxLine = this.limits.cellChars * 32;
        let sinceBreak = 0;
        for (const { row, start, end } of reader.lines()) {
          if (end - start > maxLine) throw new FileRefused('line_too_long', String(row));
          const result = start === end ? 'blank' : reader.line(row, start, end, problemCount === 0 ? stager.addBytes : null);
          if (result === 'blank') continue;
          if (++rows > MAX_FEED_ROWS) return tooMany(row);
          if (result === 'judge') await judge(row, reader.cells(start, end));
          else if (stager.full) await stager.flush();
          if (++sinceBreak === 5000) {
            sinceBreak = 0;
            this.jobs.report(id, Math.min(0.8, (end / file.length) * 0.8));
            // Let the server answer other requests between stretches of a long file.
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
      } else {
        for await (const batch of opened.rows) {
          for (const { row, cells } of batch) {
            if (cells.every((c) => c === null || c === undefined || c === '')) continue;
            if (++rows > MAX_FEED_ROWS) return tooMany(row);
            await judge(row, cells);
          }
          this.jobs.report(id, Math.min(0.8, (rows / Math.max(rows, file.length / 40)) * 0.8));
        }
      }
    } catch (err) {
      // A file that breaks mid-way (a corrupt .xlsx entry, a zip bomb found inflating): no stage is left
      // behind, not even one still being written; a file refused by a rule says which.
      await stager.abandon().catch(() => undefined);
      if (!(err instanceof FileRefused)) throw err;
      problem(refusedProblem(err, opened.sheet));
      return finish({ rows });
    }
    if (rows === 0) problem({ sheet: opened.sheet, row: null, column: null, cell: null, rule: 'empty' });
    if (problemCount === 0) await stager.flush();
    const readEnded = performance.now();
    await stager.flushed().catch(async (err: unknown) => {
      await stager.abandon().catch(() => undefined);
      throw err;
    });
    // The reading, less what it waited for the stage; the stage, what it took beyond the reading.
    timings.read = Math.round(readEnded - readStarted - stager.waitedMs);
    if (problemCount > 0) {
      await stager.abandon();
      return finish({ rows });
    }
    // Statistics for the joins to come (the embedded engine has no autovacuum to take them).
    await sql`ANALYZE ${stageTable(id)}`.execute(this.database.db);
    timings.stage = Math.round(performance.now() - readStarted) - timings.read;
    this.jobs.report(id, 0.85);
    if (stager.keys.met) {
      const duplicates = await timed(timings, 'duplicates', () =>
        sql<{ rows: number[] }>`
          SELECT array_agg(row_no ORDER BY row_no) AS rows FROM ${stageTable(id)}
          GROUP BY id_number, on_date HAVING count(*) > 1
          ORDER BY min(row_no) LIMIT ${KEPT_PROBLEMS}
        `.execute(this.database.db),
      );
      for (const d of duplicates.rows) {
        for (const row of d.rows.slice(1)) at(row, 'idNumber', 'duplicate_row', `= ${d.rows[0]}`);
      }
      if (problemCount > 0) {
        await dropStage(this.database.db, id);
        return finish({ rows });
      }
    }
    // Confirmed at once, the write counts what matched; the summary is for a person deciding whether to confirm.
    const counts = confirmer ? { rows } : await timed(timings, 'match', () => summarizeStage(this.database.db, id, regionCode));
    await finish({ ...counts, timings });
  }

  /**
   * Writes a validated feed in one transaction: its rows matched again (the registry may have changed),
   * kept with their household, and the rules run over the households they touch for each year the rows
   * name. The unmatched rows stay staged as the feed's report.
   */
  async confirm(user: SessionUser, actor: Actor, id: string): Promise<void> {
    const feed = await visibleFeed(this.database.db, user, id);
    await takeFeed(this.database.db, id, ['validated'], { state: 'writing', confirmed_at: new Date(), confirmed_by: user.id });
    this.run(id, async () => {
      await this.write(id, feed, actor);
    });
  }

  /**
   * Discards a feed nobody will confirm: a checked one (the wrong file, a newer delivery), or one that
   * failed its check or broke off, so a bad upload leaves the list. Its staged rows are dropped and it stays
   * on record as discarded. Never a feed being read or written, nor a written one.
   */
  async discard(user: SessionUser, actor: Actor, id: string): Promise<void> {
    const feed = await visibleFeed(this.database.db, user, id);
    await this.database.db.transaction().execute(async (trx) => {
      await takeFeed(trx, id, DISCARDABLE, { state: 'discarded', finished_at: new Date() });
      await dropStage(trx, id);
      await recordAudit(trx, actor, {
        action: 'feed.discarded',
        entity: 'feed',
        entityId: id,
        regionCode: feed.region_code,
        before: { state: feed.state },
        after: { state: 'discarded', kind: feed.kind, source: feed.source, asOf: feed.as_of, file: feed.file_name },
      });
    });
  }

  private async write(id: string, feed: { kind: string; region_code: string; source: string; as_of: string; file_name: string; counts: unknown }, actor: Actor): Promise<FeedCounts> {
    const today = todayInChina();
    const timings = { ...(feed.counts as FeedCounts).timings };
    return this.database.db.transaction().execute(async (trx) => {
      // On the embedded engine, one bulk transaction keeps its hash tables in memory instead of spilling
      // them to its own files (4 MB by default): the rules' sums over a county's year of rows took 2.2 s
      // there, 1.4 s with 64 MB. A server plans them in parallel within its default (0.7 s; 1.1–1.4 s with 64 MB).
      if (this.database.engine === 'pglite') await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
      // Matched again as the registry is now, written, and counted in one pass over the staged rows.
      const { years, householdsByCounty, ...written } = await timed(timings, 'write', () => writeFeedRows(trx, { id, kind: feed.kind as FeedKind, regionCode: feed.region_code }));
      const counts: FeedCounts = written;
      // A large feed changes feed_row's shape: fresh statistics keep the rules' reads on its index.
      // Only the columns the rules' reads filter and sum on: no plan reads the statistics of the jsonb fields.
      if (counts.matched > 10_000) await timed(timings, 'analyze', () => sql`ANALYZE feed_row (county_code, household_id, on_date, kind, amount, event)`.execute(trx));
      this.jobs.report(id, 0.4);
      counts.judged = 0;
      counts.alerts = 0;
      counts.alertsUpdated = 0;
      const alertsStarted = performance.now();
      for (const [i, year] of years.entries()) {
        const result = await raiseAlertsOver(trx, { feedId: id, regionCode: feed.region_code, ...(householdsByCounty ? { households: householdsByCounty } : {}) }, {
          year,
          today,
          origin: 'feed',
          onProgress: (f) => this.jobs.report(id, 0.4 + (0.6 * (i + f)) / years.length),
        });
        counts.judged += result.judged;
        counts.alerts += result.raised;
        counts.alertsUpdated += result.updated;
      }
      timings.alerts = Math.round(performance.now() - alertsStarted);
      counts.timings = timings;
      await dropStage(trx, id);
      await trx
        .updateTable('feed')
        .set({ state: 'done', counts: JSON.stringify(counts), updated_at: new Date(), finished_at: new Date() })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'feed.written',
        entity: 'feed',
        entityId: id,
        regionCode: feed.region_code,
        after: { kind: feed.kind, source: feed.source, asOf: feed.as_of, file: feed.file_name, ...counts },
      });
      return counts;
    });
  }
}

/** The problem of a file refused as a whole while it was read. */
function refusedProblem(err: FileRefused, sheet: string | null): ImportProblem {
  return { sheet, row: null, column: null, cell: null, rule: err.rule, ...(err.detail ? { detail: err.detail } : {}) };
}

/** The states a feed can be discarded from: checked and waiting, or failed its check, or broken off. */
const DISCARDABLE = ['validated', 'invalid', 'failed'] as const;

/**
 * Moves a feed out of one of the given states (validated to writing; validated, invalid or failed to
 * discarded), only if it is still there: two confirmations, or a confirmation racing a discard, take it
 * once. Refused (conflict) naming the state it is in now.
 */
async function takeFeed(
  db: Kysely<DB>,
  id: string,
  from: ReadonlyArray<'validated' | 'invalid' | 'failed'>,
  set: { state: 'writing' | 'discarded'; confirmed_at?: Date; confirmed_by?: string; finished_at?: Date },
) {
  const taken = await db
    .updateTable('feed')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  if (taken.numUpdatedRows > 0n) return;
  const now = await db.selectFrom('feed').select('state').where('id', '=', id).executeTakeFirst();
  throw new AppError('conflict', { field: 'state', rule: set.state === 'discarded' ? 'not_discardable' : 'not_validated', state: now?.state ?? null });
}

/** A feed inside the user's region; not_found otherwise. */
export async function visibleFeed(db: Kysely<DB>, user: SessionUser, id: string) {
  const feed = /^\d{1,18}$/.test(id)
    ? await db
        .selectFrom('feed as f')
        .leftJoin('app_user as u', 'u.id', 'f.user_id')
        .leftJoin('app_user as c', 'c.id', 'f.confirmed_by')
        .selectAll('f')
        .select(['u.display_name as user_name', 'c.display_name as confirmed_by_name'])
        .where('f.id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!feed || !inScope(user, feed.region_code)) throw new AppError('not_found', { entity: 'feed', id });
  return feed;
}

/**
 * A feed as the API shows it: `waiting` while it is validating in name but waits for its turn to be read
 * (`queuePosition`, 1 = next); a failed feed's message in the request's language, with its code.
 */
export function presentFeed(feed: Awaited<ReturnType<typeof visibleFeed>>, progress: number | null, lang: 'zh-CN' | 'en', queuePosition: number | null = null) {
  const done = ['done', 'invalid', 'validated', 'failed', 'discarded'].includes(feed.state);
  return {
    id: feed.id,
    kind: feed.kind,
    regionCode: feed.region_code,
    source: feed.source,
    asOf: feed.as_of,
    fileName: feed.file_name,
    state: feed.state,
    waiting: queuePosition !== null,
    queuePosition,
    progress: progress ?? (done ? 1 : 0),
    counts: feed.counts as Partial<FeedCounts>,
    errorCount: feed.error_count,
    message: feed.message === null ? null : ruleMessage(feed.message, lang),
    messageCode: feed.message,
    uploadedBy: feed.user_name,
    createdAt: feed.created_at.toISOString(),
    finishedAt: feed.finished_at?.toISOString() ?? null,
    confirmedAt: feed.confirmed_at?.toISOString() ?? null,
    confirmedBy: feed.confirmed_by_name,
  };
}

/** The feeds of a region, newest first; discarded ones only when asked for (they stay on record, off the list). */
export async function listFeeds(db: Kysely<DB>, user: SessionUser, filter: { kind?: string | undefined; discarded?: boolean | undefined; page: number; pageSize: number }) {
  let q = db.selectFrom('feed as f').where('f.region_code', 'like', `${regionPrefix(user.regionCode)}%`);
  if (filter.kind) q = q.where('f.kind', '=', filter.kind);
  if (!filter.discarded) q = q.where('f.state', '<>', 'discarded');
  const [items, total] = await Promise.all([
    q
      .leftJoin('app_user as u', 'u.id', 'f.user_id')
      .leftJoin('app_user as c', 'c.id', 'f.confirmed_by')
      .selectAll('f')
      .select(['u.display_name as user_name', 'c.display_name as confirmed_by_name'])
      .orderBy('f.id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** A page of a feed's rows no registered person in its region matched, with the ID masked. */
export async function unmatchedRows(db: Kysely<DB>, feedId: string, page: number, pageSize: number) {
  const q = db.selectFrom('feed_unmatched').where('feed_id', '=', feedId);
  const [items, total] = await Promise.all([
    q.select(['row_no', 'id_number', 'on_date', 'data']).orderBy('row_no').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The columns of a feed, for the upload form and the template. */
export function feedColumns(kind: FeedKind) {
  return FEED_COLUMNS[kind].map((c) => ({ field: c.field, header: c.header, required: c.required, values: typeof c.type === 'object' ? Object.keys(c.type.values) : null, type: typeof c.type === 'object' ? 'code' : c.type }));
}
