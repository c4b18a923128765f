import { type FeedColumn, type FeedKind, type FeedUpload, feedRowQuickCheck, feedRowSchema, planColumns, readFeedCell, todayInChina } from '@jingzhun/domain';
import type { Database } from '../../kernel/db/database.ts';
import { FileRefused, type UploadLimits } from '../../kernel/uploads/limits.ts';
import { columnLetter, type ImportProblem } from '../../kernel/sheets/sheet-reader.ts';
import { plainCsv, plainCsvPlan, PlainCsvReader } from './fast.ts';
import { type FeedCell, type FeedFile, FORMULA, openFeedFile } from './reader.ts';
import { FeedStager } from './stager.ts';
import { analyzeStage, dropStage, duplicateRows, summarizeStage } from './stage.repository.ts';
import { recordCheck } from './repository.ts';

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
export async function timed<T>(timings: Record<string, number>, phase: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[phase] = Math.round(performance.now() - started);
  }
}

/** What a feed's check reads: the feed, its file, and who confirmed it at once (null when a person will confirm it after the summary). */
export interface FeedCheckInput {
  id: string;
  kind: FeedKind;
  regionCode: string;
  upload: FeedUpload;
  fileName: string;
  file: Buffer;
  confirmer: string | null;
}

/** The problems of one feed's check: every one counted, the first KEPT_PROBLEMS kept. */
class Problems {
  readonly kept: ImportProblem[] = [];
  count = 0;

  add(p: ImportProblem): void {
    this.count++;
    if (this.kept.length < KEPT_PROBLEMS) this.kept.push(p);
  }
}

/** The problem of a file refused as a whole while it was read. */
function refusedProblem(err: FileRefused, sheet: string | null): ImportProblem {
  return { sheet, row: null, column: null, cell: null, rule: err.rule, ...(err.detail ? { detail: err.detail } : {}) };
}

/** The columns of a feed's file by field, with their place. */
type FieldColumns = Map<string, { column: FeedColumn; index: number }>;

/**
 * Reads and checks every row and stages the good ones. Then, for an upload to be confirmed, matches them
 * for the summary shown before confirmation (`validated`); for an upload confirmed at once by `confirmer`,
 * hands it straight to the write (`writing`), whose counts the summary's would be.
 */
export async function checkFeed(database: Database, limits: UploadLimits, report: (fraction: number) => void, input: FeedCheckInput): Promise<void> {
  const problems = new Problems();
  const finish = (counts: Partial<FeedCounts>) =>
    recordCheck(database.db, input.id, {
      state: problems.count > 0 ? 'invalid' : input.confirmer ? 'writing' : 'validated',
      confirmedBy: problems.count === 0 ? input.confirmer : null,
      counts,
      errors: problems.kept,
      errorCount: problems.count,
      finished: problems.count > 0,
    });
  const opened = await openChecked(input, limits, problems);
  if (!opened) {
    if (problems.count === 0) problems.add({ sheet: null, row: null, column: null, cell: null, rule: 'not_csv_or_xlsx' });
    return finish({});
  }
  const fieldColumn = fieldColumnsOf(input, opened, problems);
  if (!fieldColumn) return finish({});
  const reading = new FeedReading(database, limits, report, input, opened, fieldColumn, problems);
  const stopped = await reading.readAll();
  if (stopped) return finish(stopped);
  if (!(await reading.settle())) return finish({ rows: reading.rows });
  // Confirmed at once, the write counts what matched; the summary is for a person deciding whether to confirm.
  const counts = input.confirmer ? { rows: reading.rows } : await timed(reading.timings, 'match', () => summarizeStage(database.db, input.id, input.regionCode));
  await finish({ ...counts, timings: reading.timings });
}

/** Opens the file; null when it is refused as a whole (the problem noted) or is neither CSV nor .xlsx. */
async function openChecked(input: FeedCheckInput, limits: UploadLimits, problems: Problems): Promise<FeedFile | null> {
  try {
    return await openFeedFile(input.file, input.fileName, limits);
  } catch (err) {
    if (!(err instanceof FileRefused)) throw err;
    problems.add(refusedProblem(err, null));
    return null;
  }
}

/** The file's columns by field, from its headers and the upload's mapping; null when the headers have problems (noted). */
function fieldColumnsOf(input: FeedCheckInput, opened: FeedFile, problems: Problems): FieldColumns | null {
  const { positions, problems: headerProblems } = planColumns(input.kind, opened.headers, input.upload);
  for (const p of headerProblems) problems.add({ sheet: opened.sheet, row: 1, column: p.column, cell: null, rule: p.rule });
  if (headerProblems.length > 0) return null;
  const fieldColumn: FieldColumns = new Map();
  positions.forEach((c, index) => {
    if (c) fieldColumn.set(c.field, { column: c, index });
  });
  return fieldColumn;
}

/**
 * The reading of a feed file whose headers passed: every row checked and, while no problem was found,
 * staged; then the stage made ready (flushed, its duplicates looked for).
 */
class FeedReading {
  rows = 0;
  readonly timings: Record<string, number> = {};
  private readonly today = todayInChina();
  private readonly schema: ReturnType<typeof feedRowSchema>;
  private readonly quickCheck: ReturnType<typeof feedRowQuickCheck>;
  private readonly stager: FeedStager;
  private readStarted = 0;

  constructor(
    private readonly database: Database,
    private readonly limits: UploadLimits,
    private readonly report: (fraction: number) => void,
    private readonly input: FeedCheckInput,
    private readonly opened: FeedFile,
    private readonly fieldColumn: FieldColumns,
    private readonly problems: Problems,
  ) {
    this.schema = feedRowSchema(input.kind, this.today);
    this.quickCheck = feedRowQuickCheck(input.kind, this.today);
    // Checked rows go to the stage as they are read; a problem anywhere drops it at the end.
    // The same person twice on the same day is one fact sent twice, or two facts the file cannot tell apart:
    // looked for as the rows are staged; only when two rows may share one does SQL name them.
    // Sized for the rows a CSV file of this size holds (a short line of a medical insurance feed is about 33 bytes).
    this.stager = new FeedStager(database, input.id, input.kind, opened.format === 'csv' ? input.file.length / 33 : 0);
  }

  /** A problem at a cell of a row, the cell named by its field's column. */
  private at(row: number, field: string, rule: string, detail?: string): void {
    const at = this.fieldColumn.get(field);
    const cell = { column: at ? (this.opened.headers[at.index] ?? field) : field, cell: at ? `${columnLetter(at.index)}${row}` : null };
    this.problems.add({ sheet: this.opened.sheet, row, ...cell, rule, ...(detail ? { detail } : {}) });
  }

  /**
   * Reads every row. Null when the file was read to its end; the counts to finish with when the reading
   * stopped on a problem of the whole file (too many rows, a file refused mid-way), its stage dropped.
   */
  async readAll(): Promise<{ rows: number } | null> {
    this.readStarted = performance.now();
    try {
      const plainPlan = this.opened.format === 'csv' && plainCsv(this.input.file) ? plainCsvPlan(this.input.kind, this.fieldColumn, this.input.upload.asOf, this.today) : null;
      return plainPlan ? await this.readPlain(new PlainCsvReader(this.input.file, plainPlan)) : await this.readGeneral();
    } catch (err) {
      // A file that breaks mid-way (a corrupt .xlsx entry, a zip bomb found inflating): no stage is left
      // behind, not even one still being written; a file refused by a rule says which.
      await this.stager.abandon().catch(() => undefined);
      if (!(err instanceof FileRefused)) throw err;
      this.problems.add(refusedProblem(err, this.opened.sheet));
      return { rows: this.rows };
    }
  }

  /** A plain CSV file: read on its bytes, a line at a time; the lines it does not plainly accept are judged the general way. */
  private async readPlain(reader: PlainCsvReader): Promise<{ rows: number } | null> {
    const maxLine = this.limits.cellChars * 32;
    let sinceBreak = 0;
    for (const { row, start, end } of reader.lines()) {
      if (end - start > maxLine) throw new FileRefused('line_too_long', String(row));
      const result = start === end ? 'blank' : reader.line(row, start, end, this.problems.count === 0 ? this.stager.addBytes : null);
      if (result === 'blank') continue;
      if (++this.rows > MAX_FEED_ROWS) return this.tooMany(row);
      if (result === 'judge') await this.judge(row, reader.cells(start, end));
      else if (this.stager.full) await this.stager.flush();
      if (++sinceBreak === 5000) {
        sinceBreak = 0;
        this.report(Math.min(0.8, (end / this.input.file.length) * 0.8));
        // Let the server answer other requests between stretches of a long file.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return null;
  }

  /** Any other file: its rows as the reader gives them, batch by batch. */
  private async readGeneral(): Promise<{ rows: number } | null> {
    for await (const batch of this.opened.rows) {
      for (const { row, cells } of batch) {
        if (cells.every((c) => c === null || c === undefined || c === '')) continue;
        if (++this.rows > MAX_FEED_ROWS) return this.tooMany(row);
        await this.judge(row, cells);
      }
      this.report(Math.min(0.8, (this.rows / Math.max(this.rows, this.input.file.length / 40)) * 0.8));
    }
    return null;
  }

  private async tooMany(row: number): Promise<{ rows: number }> {
    this.problems.add({ sheet: this.opened.sheet, row, column: null, cell: null, rule: 'too_many_rows', detail: String(MAX_FEED_ROWS) });
    await this.stager.abandon();
    return { rows: this.rows - 1 };
  }

  /** Checks a row the general way: every cell read by its column, then the plain-code check, or the schema naming each problem. */
  private async judge(row: number, cells: readonly FeedCell[]): Promise<void> {
    const value = this.readCells(row, cells);
    if (!value) return;
    value.on ??= this.input.upload.asOf;
    // The common row is checked in plain code; the schema judges the rest and names every problem.
    const quick = this.quickCheck(value);
    if (quick) {
      if (this.problems.count === 0) await this.stager.add(row, quick.idNumber, quick.on, quick.data);
      return;
    }
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'idNumber');
        const rule = (issue as { params?: { rule?: string } }).params?.rule ?? (issue.code === 'invalid_type' && value[field] === undefined ? 'required' : issue.code);
        this.at(row, field, rule, issue.message);
      }
      return;
    }
    if (this.problems.count > 0) return;
    const { idNumber, on, ...data } = parsed.data as { idNumber: string; on: string } & Record<string, unknown>;
    await this.stager.add(row, idNumber, on, data);
  }

  /** A row's cells read by their columns; null when some cell has a problem (each noted). */
  private readCells(row: number, cells: readonly FeedCell[]): Record<string, unknown> | null {
    const value: Record<string, unknown> = {};
    let bad = false;
    for (const [field, { column, index }] of this.fieldColumn) {
      const raw = cells[index];
      if (typeof raw === 'string' && raw.length > this.limits.cellChars) {
        this.at(row, field, 'cell_too_long');
        bad = true;
        continue;
      }
      if (raw === FORMULA) {
        this.at(row, field, 'formula');
        bad = true;
        continue;
      }
      if (field === 'idNumber' && typeof raw === 'number') {
        this.at(row, field, 'id_not_text');
        bad = true;
        continue;
      }
      const read = readFeedCell(column, raw);
      if ('rule' in read) {
        this.at(row, field, read.rule);
        bad = true;
      } else if (read.value !== undefined) value[field] = read.value;
    }
    return bad ? null : value;
  }

  /**
   * After the last row: the stage flushed and its statistics taken, then its duplicates looked for. False
   * when the file has problems (its stage dropped), true when the stage is ready to be matched.
   */
  async settle(): Promise<boolean> {
    const { db } = this.database;
    if (this.rows === 0) this.problems.add({ sheet: this.opened.sheet, row: null, column: null, cell: null, rule: 'empty' });
    if (this.problems.count === 0) await this.stager.flush();
    const readEnded = performance.now();
    await this.stager.flushed().catch(async (err: unknown) => {
      await this.stager.abandon().catch(() => undefined);
      throw err;
    });
    // The reading, less what it waited for the stage; the stage, what it took beyond the reading.
    this.timings.read = Math.round(readEnded - this.readStarted - this.stager.waitedMs);
    if (this.problems.count > 0) {
      await this.stager.abandon();
      return false;
    }
    // Statistics for the joins to come (the embedded engine has no autovacuum to take them).
    await analyzeStage(db, this.input.id);
    this.timings.stage = Math.round(performance.now() - this.readStarted) - this.timings.read;
    this.report(0.85);
    if (this.stager.keys.met) {
      const duplicates = await timed(this.timings, 'duplicates', () => duplicateRows(db, this.input.id, KEPT_PROBLEMS));
      for (const d of duplicates.rows) {
        for (const row of d.rows.slice(1)) this.at(row, 'idNumber', 'duplicate_row', `= ${d.rows[0]}`);
      }
      if (this.problems.count > 0) {
        await dropStage(db, this.input.id);
        return false;
      }
    }
    return true;
  }
}
