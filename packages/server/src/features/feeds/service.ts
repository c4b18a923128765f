import { FEED_COLUMNS, type FeedKind, type FeedUpload, todayInChina } from '@jingzhun/domain';
import type { Database } from '../../kernel/db/database.ts';
import { type Db, inTransaction } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { BackgroundJobs } from '../../kernel/jobs/background.ts';
import { UploadGate } from '../../kernel/uploads/gate.ts';
import { DEFAULT_UPLOAD_LIMITS, failureCode, type UploadLimits } from '../../kernel/uploads/limits.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { ruleMessage } from '../../kernel/sheets/messages.ts';
import { raiseAlertsOver } from '../alerts/engine.ts';
import { checkFeed, type FeedCounts, timed } from './validation.ts';
import { dropStage, householdsMatchedByCounty, writeFeedRows } from './stage.repository.ts';
import {
  analyzeFeedRows,
  feedState,
  findFeed,
  findFeedWithNames,
  type FeedWithNames,
  insertFeed,
  listFeedsOfRegion,
  markFeedDone,
  markFeedFailed,
  moveFeed,
  raiseWorkMem,
  regionExists,
} from './repository.ts';
import { inScope, regionInScope } from '../../kernel/scope/scope.ts';

export { type FeedCounts, MAX_FEED_ROWS } from './validation.ts';

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
    await markFeedFailed(this.database.db, id, failureCode(err));
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
      await this.gate.turn(id, () => checkFeed(this.database, this.limits, (fraction) => this.jobs.report(id, fraction), { id, kind, regionCode, upload, fileName, file, confirmer }));
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
    const feed = await findFeed(this.database.db, id);
    return feed.state === 'writing' ? this.write(id, feed, actor) : null;
  }

  private async create(user: SessionUser, kind: FeedKind, regionCode: string, upload: FeedUpload, fileName: string): Promise<string> {
    regionInScope(user, 'regionCode', regionCode);
    if (!(await regionExists(this.database.db, regionCode))) throw new AppError('region_not_found', { field: 'regionCode', regionCode });
    if (upload.asOf > todayInChina()) throw new AppError('validation_failed', { fields: [{ path: 'asOf', code: 'not_in_future', message: 'dated in the future' }] });
    return insertFeed(this.database.db, {
      kind,
      regionCode,
      source: upload.source,
      asOf: upload.asOf,
      fileName,
      mapping: { mapping: upload.mapping ?? {}, ignore: upload.ignore ?? [] },
      userId: user.id,
    });
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
    await inTransaction(this.database.db, async (trx) => {
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
    return inTransaction(this.database.db, async (trx) => {
      // On the embedded engine, one bulk transaction keeps its hash tables in memory instead of spilling
      // them to its own files (4 MB by default): the rules' sums over a county's year of rows took 2.2 s
      // there, 1.4 s with 64 MB. A server plans them in parallel within its default (0.7 s; 1.1–1.4 s with 64 MB).
      if (this.database.engine === 'pglite') await raiseWorkMem(trx);
      // Matched again as the registry is now, written, and counted in one pass over the staged rows.
      const { years, householdsByCounty, ...written } = await timed(timings, 'write', () => writeFeedRows(trx, { id, kind: feed.kind as FeedKind, regionCode: feed.region_code }));
      const counts: FeedCounts = written;
      // A large feed changes feed_row's shape: fresh statistics keep the rules' reads on its index.
      // Only the columns the rules' reads filter and sum on: no plan reads the statistics of the jsonb fields.
      if (counts.matched > 10_000) await timed(timings, 'analyze', () => analyzeFeedRows(trx));
      this.jobs.report(id, 0.4);
      counts.judged = 0;
      counts.alerts = 0;
      counts.alertsUpdated = 0;
      const alertsStarted = performance.now();
      for (const [i, year] of years.entries()) {
        const scope = {
          feedId: id,
          regionCode: feed.region_code,
          ...(householdsByCounty ? { households: householdsByCounty } : {}),
          householdsMatched: (counties: readonly string[] | null) => householdsMatchedByCounty(trx, id, feed.region_code, counties),
        };
        const result = await raiseAlertsOver(trx, scope, {
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
      await markFeedDone(trx, id, counts);
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

/** The states a feed can be discarded from: checked and waiting, or failed its check, or broken off. */
const DISCARDABLE = ['validated', 'invalid', 'failed'] as const;

/**
 * Moves a feed out of one of the given states (validated to writing; validated, invalid or failed to
 * discarded), only if it is still there: two confirmations, or a confirmation racing a discard, take it
 * once. Refused (conflict) naming the state it is in now.
 */
async function takeFeed(
  db: Db,
  id: string,
  from: ReadonlyArray<'validated' | 'invalid' | 'failed'>,
  set: { state: 'writing' | 'discarded'; confirmed_at?: Date; confirmed_by?: string; finished_at?: Date },
) {
  if (await moveFeed(db, id, from, set)) return;
  const now = await feedState(db, id);
  throw new AppError('conflict', { field: 'state', rule: set.state === 'discarded' ? 'not_discardable' : 'not_validated', state: now?.state ?? null });
}

/** A feed inside the user's region; not_found otherwise. */
export async function visibleFeed(db: Db, user: SessionUser, id: string): Promise<FeedWithNames> {
  const feed = /^\d{1,18}$/.test(id) ? await findFeedWithNames(db, id) : undefined;
  if (!feed || !inScope(user, feed.region_code)) throw new AppError('not_found', { entity: 'feed', id });
  return feed;
}

/**
 * A feed as the API shows it: `waiting` while it is validating in name but waits for its turn to be read
 * (`queuePosition`, 1 = next); a failed feed's message in the request's language, with its code.
 */
export function presentFeed(feed: FeedWithNames, progress: number | null, lang: 'zh-CN' | 'en', queuePosition: number | null = null) {
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

/** The feeds of the user's region, newest first; discarded ones only when asked for (they stay on record, off the list). */
export function listFeeds(db: Db, user: SessionUser, filter: { kind?: string | undefined; discarded?: boolean | undefined; page: number; pageSize: number }) {
  return listFeedsOfRegion(db, user.regionCode, filter);
}

/** The columns of a feed, for the upload form and the template. */
export function feedColumns(kind: FeedKind) {
  return FEED_COLUMNS[kind].map((c) => ({ field: c.field, header: c.header, required: c.required, values: typeof c.type === 'object' ? Object.keys(c.type.values) : null, type: typeof c.type === 'object' ? 'code' : c.type }));
}
