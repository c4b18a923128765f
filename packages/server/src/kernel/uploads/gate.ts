import { AppError } from '../errors.ts';

/**
 * How many uploaded files are read at once, process-wide, and how many may wait: reading a workbook or a
 * feed takes memory (its text, its rows), so the count at once bounds the memory, and the bound on the
 * waiting (counted from before a file's body is received) bounds the files held meanwhile. Shared by every
 * upload route: household and population workbooks, feeds, attachments.
 */
export class UploadGate {
  private active = 0;
  /** Uploads admitted and not yet finished: being received, waiting or being read. */
  private admitted = 0;
  private readonly queue: Array<{ key: string; start: () => void }> = [];

  constructor(
    readonly atOnce: number,
    readonly waiting: number,
  ) {}

  /**
   * Admits an upload before its body is read: refused (429 uploads_busy) when as many are admitted as may
   * be read and wait. Returns the release, to call once, when the upload is done with.
   */
  admit(): () => void {
    if (this.admitted >= this.atOnce + this.waiting) throw new AppError('uploads_busy', { atOnce: this.atOnce, waiting: this.waiting });
    this.admitted++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.admitted--;
    };
  }

  /** Runs a file's reading when its turn comes; meanwhile `key` shows as waiting. */
  async turn<T>(key: string, work: () => Promise<T>): Promise<T> {
    if (this.active >= this.atOnce) {
      await new Promise<void>((start) => this.queue.push({ key, start }));
    } else this.active++;
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      // The slot passes straight to the next in line.
      if (next) next.start();
      else this.active--;
    }
  }

  /** The place in line (1 = next) of a job waiting for its turn, or null when it is not waiting. */
  positionOf(key: string): number | null {
    const i = this.queue.findIndex((q) => q.key === key);
    return i === -1 ? null : i + 1;
  }
}
