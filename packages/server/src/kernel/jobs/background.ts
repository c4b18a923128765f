/**
 * Work the server runs after answering (imports, adjustment runs): remembers each job's live progress in
 * memory, because a write holds the embedded engine's only connection and progress cannot be read from
 * the database while it runs. Shutdown waits for running jobs.
 */
export class BackgroundJobs {
  private readonly progress = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();

  /** Live progress of a running job, 0 to 1, or null when none is running. */
  progressOf(key: string): number | null {
    return this.progress.get(key) ?? null;
  }

  /** Records progress of a running job. */
  report(key: string, fraction: number): void {
    this.progress.set(key, Math.max(0, Math.min(1, fraction)));
  }

  /** Forgets a job's progress (work run in the caller's time reports too, and leaves nothing behind). */
  forget(key: string): void {
    this.progress.delete(key);
  }

  /** Starts work in the background; `onError` records a failure where the job's owner will see it. */
  run(key: string, work: () => Promise<void>, onError: (err: unknown) => Promise<void>): void {
    this.progress.set(key, 0);
    const task = work()
      .catch((err: unknown) => onError(err).catch(() => undefined))
      .finally(() => {
        this.progress.delete(key);
        this.running.delete(task);
      });
    this.running.add(task);
  }

  /** Waits for every running job (on shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
