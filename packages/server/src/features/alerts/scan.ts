import { randomUUID } from 'node:crypto';
import { todayInChina } from '@jingzhun/domain';
import type { Database } from '../../kernel/db/database.ts';
import { inTransaction } from '../../kernel/db/db.ts';
import type { SessionUser } from '../../kernel/scope/actor.ts';
import { BackgroundJobs } from '../../kernel/jobs/background.ts';
import { type Actor, recordAudit } from '../../kernel/audit/audit.repository.ts';
import { raiseAlertsOver } from './engine.ts';

export interface ScanStatus {
  id: string;
  region: string;
  year: number;
  state: 'running' | 'done' | 'failed';
  progress: number;
  judged: number;
  raised: number;
  updated: number;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** Scans kept for their status; older ones are forgotten (their alerts and audit event stay). */
const KEPT = 50;

/**
 * Runs the alert rules over a whole region for a year in the background (after the year's incomes are in,
 * or a profile changed a threshold). The alerts are written in one transaction with an audit event; the
 * scan's own status lives in memory, so a restart forgets it but never half an outcome.
 */
export class ScanRunner {
  private readonly jobs = new BackgroundJobs();
  private readonly scans = new Map<string, ScanStatus>();

  constructor(private readonly database: Database) {}

  async drain(): Promise<void> {
    await this.jobs.drain();
  }

  status(id: string): ScanStatus | null {
    const s = this.scans.get(id);
    if (!s) return null;
    return { ...s, progress: s.state === 'running' ? (this.jobs.progressOf(id) ?? 0) : 1 };
  }

  start(user: SessionUser, actor: Actor, region: string, year: number): string {
    const id = randomUUID();
    const status: ScanStatus = { id, region, year, state: 'running', progress: 0, judged: 0, raised: 0, updated: 0, message: null, startedAt: new Date().toISOString(), finishedAt: null };
    this.scans.set(id, status);
    while (this.scans.size > KEPT) this.scans.delete(this.scans.keys().next().value as string);
    this.jobs.run(
      id,
      async () => {
        const result = await inTransaction(this.database.db, async (trx) => {
          const r = await raiseAlertsOver(trx, { regionCode: region }, { year, today: todayInChina(), origin: 'scan', onProgress: (f) => this.jobs.report(id, f) });
          await recordAudit(trx, actor, { action: 'alert.scanned', entity: 'region', entityId: region, regionCode: region, after: { year, by: user.username, ...r } });
          return r;
        });
        Object.assign(status, { state: 'done', judged: result.judged, raised: result.raised, updated: result.updated, finishedAt: new Date().toISOString() });
      },
      async (err) => {
        Object.assign(status, { state: 'failed', message: err instanceof Error ? err.message.slice(0, 500) : String(err), finishedAt: new Date().toISOString() });
      },
    );
    return id;
  }
}
