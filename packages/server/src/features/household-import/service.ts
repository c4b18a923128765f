import ExcelJS from 'exceljs';
import type { Database } from '../../kernel/db/database.ts';
import type { Db } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { BackgroundJobs } from '../../kernel/jobs/background.ts';
import { UploadGate } from '../../kernel/uploads/gate.ts';
import { DEFAULT_UPLOAD_LIMITS, failureCode, type UploadLimits } from '../../kernel/uploads/limits.ts';
import { inScope } from '../../kernel/scope/scope.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { planHouseholdImport, type ImportPlan } from './plan.ts';
import { auditMark, findJob, insertJob, jobFile, markJobFailed, markJobValidated, markJobWriting } from './repository.ts';
import { writeHouseholdImport } from './write.ts';
import { ruleMessage } from '../../kernel/sheets/messages.ts';
import type { ImportProblem } from '../../kernel/sheets/sheet-reader.ts';

/** A job's counts before its validation has finished: the same shape, all zero. */
const EMPTY_COUNTS = {
  households: { new: 0, changed: 0, unchanged: 0 },
  members: { new: 0, changed: 0, unchanged: 0 },
  incomes: { new: 0, changed: 0, unchanged: 0 },
  closed: { households: 0, rows: 0 },
  rows: 0,
};

/**
 * Problems kept with a job: the marked-up file shows these and counts the rest. A file with more has a
 * systematic fault (a shifted column, the wrong sheet) that the first thousands show well enough.
 */
const KEPT_PROBLEMS = 20_000;

/** Validated plans kept for their confirmation, at most this many and this long. */
const KEPT_PLANS = 3;
const PLAN_TTL_MS = 60 * 60 * 1000;

interface KeptPlan {
  plan: ImportPlan;
  /** The registry's audit trail when validation began: unchanged at confirmation means the plan still holds. */
  mark: string;
  at: number;
}

/** Runs import jobs in the background of the server process (see BackgroundJobs). */
export class ImportRunner {
  private readonly jobs = new BackgroundJobs();
  private readonly plans = new Map<string, KeptPlan>();

  constructor(
    private readonly database: Database,
    private readonly limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
    readonly gate = new UploadGate(limits.validationsAtOnce, limits.validationsWaiting),
  ) {}

  /** Live progress of a running job, 0 to 1, or null when none is running. */
  progressOf(id: string): number | null {
    return this.jobs.progressOf(id);
  }

  /** The place in line of a job waiting for its turn to be read, or null when it is not waiting. */
  waitingPosition(id: string): number | null {
    return this.gate.positionOf(id);
  }

  /** Runs a job in the background; a failure records a named code (its message for people is the code's), never a library's text. */
  private run(id: string, work: () => Promise<void>) {
    this.jobs.run(id, work, async (err) => {
      await markJobFailed(this.database.db, id, failureCode(err));
    });
  }

  /** Waits for every running job (on shutdown). */
  async drain(): Promise<void> {
    await this.jobs.drain();
  }

  /**
   * Where the registry stands: every write to it records an audit event in its own transaction, so the
   * same newest event and the same number of events mean nothing was written in between (the count
   * catches a transaction that took an earlier id but committed later).
   */
  private async registryMark(): Promise<string> {
    return auditMark(this.database.db);
  }

  /** Validates a job's file; a clean file leaves the job in `cleanState` (validated, or still writing on confirmation). */
  private async validate(id: string, file: Buffer, scopeCode: string, cleanState: 'validated' | 'writing') {
    // The file is read in its turn: at most a few at once, whatever the number uploaded.
    const { mark, plan } = await this.gate.turn(id, async () => {
      const mark = await this.registryMark();
      const plan = await planHouseholdImport(this.database.db, file, scopeCode, (f) => this.jobs.report(id, cleanState === 'writing' ? f / 2 : f), this.limits);
      return { mark, plan };
    });
    if (plan.problems.length === 0 && cleanState === 'validated') this.keepPlan(id, { plan, mark, at: Date.now() });
    await markJobValidated(this.database.db, id, {
      state: plan.problems.length > 0 ? 'invalid' : cleanState,
      counts: plan.summary,
      errors: plan.problems.slice(0, KEPT_PROBLEMS),
      errorCount: plan.problems.length,
      finished: plan.problems.length > 0,
    });
    return plan;
  }

  private keepPlan(id: string, kept: KeptPlan) {
    for (const [key, p] of this.plans) if (Date.now() - p.at > PLAN_TTL_MS) this.plans.delete(key);
    while (this.plans.size >= KEPT_PLANS) {
      const oldest = this.plans.keys().next().value;
      if (oldest === undefined) break;
      this.plans.delete(oldest);
    }
    this.plans.set(id, kept);
  }

  /** A job's plan from its validation if nothing was written to the registry since, otherwise null. */
  private async keptPlan(id: string): Promise<ImportPlan | null> {
    const kept = this.plans.get(id);
    this.plans.delete(id);
    if (!kept || Date.now() - kept.at > PLAN_TTL_MS) return null;
    return kept.mark === (await this.registryMark()) ? kept.plan : null;
  }

  /**
   * Stores an uploaded workbook as a job and validates it in the background, when its turn comes;
   * `release` gives back the upload's place (see UploadGate.admit) once it is read.
   */
  async start(user: SessionUser, fileName: string, file: Buffer, release: () => void = () => undefined): Promise<string> {
    const id = await insertJob(this.database.db, { userId: user.id, regionCode: user.regionCode, fileName, file, counts: EMPTY_COUNTS });
    this.run(id, async () => {
      try {
        await this.validate(id, file, user.regionCode, 'validated');
      } finally {
        release();
      }
    });
    return id;
  }

  /**
   * Writes a validated job. If anything was written to the registry since the validation (someone may
   * have registered one of its people), or the server restarted, the file is checked again first, and a
   * problem found then means nothing is written and the job says why.
   */
  async confirm(user: SessionUser, id: string, reason: string | undefined): Promise<void> {
    const job = await visibleJob(this.database.db, user, id);
    if (job.state !== 'validated') throw new AppError('conflict', { field: 'state', rule: 'not_validated', state: job.state });
    const counts = job.counts as { households?: { changed?: number } };
    if ((counts.households?.changed ?? 0) > 0 && !reason) {
      throw new AppError('validation_failed', { field: 'reason', rule: 'required_for_corrections' });
    }
    await markJobWriting(this.database.db, id, user.id);
    this.run(id, async () => {
      let plan = await this.keptPlan(id);
      const writeFrom = plan ? 0 : 0.5;
      if (!plan) {
        const file = await jobFile(this.database.db, id);
        plan = await this.validate(id, file, job.region_code, 'writing');
        if (plan.problems.length > 0) return;
      }
      // The job is marked written, with its audit event, in the transaction of the write itself.
      const written = { id, regionCode: job.region_code, fileName: job.file_name };
      await writeHouseholdImport(this.database, plan, { id: user.id, name: user.username }, written, reason ?? null, (f) => this.jobs.report(id, writeFrom + f * (1 - writeFrom)));
    });
  }
}

/** A job of the user's own, or one inside an administrator's region; not_found otherwise. */
export async function visibleJob(db: Db, user: SessionUser, id: string) {
  const job = /^\d{1,18}$/.test(id) ? await findJob(db, id) : undefined;
  const allowed = job && (job.user_id === user.id || (user.role === 'admin' && inScope(user, job.region_code)));
  if (!job || !allowed) throw new AppError('not_found', { entity: 'import_job', id });
  return job;
}

/** A problem as the API shows it: where, which rule, and what it means. */
export function presentProblem(p: ImportProblem, lang: 'zh-CN' | 'en') {
  return { sheet: p.sheet, row: p.row, column: p.column, cell: p.cell, rule: p.rule, message: ruleMessage(p.rule, lang), detail: p.detail ?? null };
}

/**
 * The uploaded workbook with each bad cell filled red and annotated, and a sheet listing every problem.
 * A file refused as a whole (not a workbook, a zip bomb) is never opened again: its report is the list.
 */
export async function errorReport(database: Database, gate: UploadGate, user: SessionUser, id: string, lang: 'zh-CN' | 'en'): Promise<{ name: string; buffer: Buffer }> {
  const job = await visibleJob(database.db, user, id);
  const problems = job.errors as ImportProblem[];
  const wholeFileRefused = problems.some((p) => p.sheet === null && p.row === null);
  const wb = new ExcelJS.Workbook();
  if (!wholeFileRefused) {
    const file = await jobFile(database.db, id);
    // Opening a whole workbook takes memory: it waits its turn with the uploads being read.
    await gate.turn(`report:${id}`, async () => {
      try {
        await wb.xlsx.load(file as unknown as ArrayBuffer);
      } catch {
        // Not a workbook at all: the report is the list of problems alone.
      }
    });
  }
  for (const p of problems) {
    const ws = p.sheet ? wb.getWorksheet(p.sheet) : undefined;
    if (!ws || !p.cell) continue;
    const cell = ws.getCell(p.cell);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
    cell.note = ruleMessage(p.rule, lang);
  }
  const list = wb.addWorksheet(lang === 'zh-CN' ? '错误清单' : 'Problems');
  list.columns = [
    { header: lang === 'zh-CN' ? '工作表' : 'Sheet', key: 'sheet', width: 12 },
    { header: lang === 'zh-CN' ? '行' : 'Row', key: 'row', width: 8 },
    { header: lang === 'zh-CN' ? '列' : 'Column', key: 'column', width: 16 },
    { header: lang === 'zh-CN' ? '单元格' : 'Cell', key: 'cell', width: 8 },
    { header: lang === 'zh-CN' ? '规则' : 'Rule', key: 'rule', width: 24 },
    { header: lang === 'zh-CN' ? '说明' : 'Message', key: 'message', width: 60 },
  ];
  list.getRow(1).font = { bold: true };
  for (const p of problems) list.addRow(presentProblem(p, lang));
  if (job.error_count > problems.length) {
    list.addRow({ message: lang === 'zh-CN' ? `另有 ${job.error_count - problems.length} 处问题未列出` : `${job.error_count - problems.length} more problems not listed` });
  }
  const base = job.file_name.replace(/\.xlsx$/i, '');
  return { name: `${base}-${lang === 'zh-CN' ? '错误报告' : 'errors'}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
