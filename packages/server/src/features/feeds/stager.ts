import type { FeedKind } from '@jingzhun/domain';
import type { Database } from '../../kernel/db/database.ts';
import type { StageRow } from './fast.ts';
import { stageFields, type StageField, stageLine, stageLineFields, writeStageLine } from './stage.ts';
import { dropStage, loadStage } from './stage.repository.ts';
import { KeyHashes } from './key-hashes.ts';

/** Bytes of staged rows per COPY (about 80,000 rows of a medical insurance feed). */
export const STAGE_BYTES = 4 << 20;
/** Room kept free in the buffer for the next line of the byte-level reading (a staged line is well under 2 KB). */
const HEADROOM = 65_536;

/**
 * A feed's checked rows on their way to its stage table, so memory stays flat for a million rows: each
 * row's line is written into a buffer and dropped at once, and a full buffer is COPYed while the next one
 * fills (on a server the two run side by side). Each row's key (resident ID and date) is noted as it
 * passes, for the duplicates.
 */
export class FeedStager {
  private buffer = Buffer.allocUnsafe(STAGE_BYTES);
  private used = 0;
  private created = false;
  private writing: Promise<void> = Promise.resolve();
  private error: unknown;
  private readonly fields: StageField[];
  /** The keys of the rows staged: when two met, the exact SQL must name the duplicates. */
  readonly keys: KeyHashes;
  /** How long the reading waited for the stage, in milliseconds. */
  waitedMs = 0;

  constructor(
    private readonly database: Database,
    private readonly feedId: string,
    private readonly kind: FeedKind,
    expectedRows: number,
  ) {
    this.fields = stageFields(kind);
    this.keys = new KeyHashes(expectedRows);
  }

  /** A row the general reading checked. */
  async add(row: number, idNumber: string, on: string, data: Record<string, unknown>): Promise<void> {
    this.keys.add(idNumber + on);
    const line = stageLine(this.fields, row, idNumber, on, data);
    // At most three bytes a UTF-16 unit; a line longer than a buffer cannot be (fields are short).
    if (this.used + line.length * 3 > this.buffer.length) await this.flush();
    this.used += this.buffer.write(line, this.used);
  }

  /**
   * A line the byte-level reading accepted, written as `add` would write it, from its bytes. Synchronous:
   * the reading flushes when the buffer is `full`.
   */
  readonly addBytes: StageRow = (row, id, idAt, date, dateAt, data) => {
    this.keys.addBytes(id, idAt, 18, date, dateAt, 10);
    const rest = stageLineFields(this.fields, data);
    // The row number (up to 16 digits), two commas, the ID and the date; then the fields.
    const need = 48 + rest.length * 3;
    if (this.used + need > this.buffer.length) {
      // Room for this line now; the buffer goes out after it.
      const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + need));
      this.buffer.copy(larger, 0, 0, this.used);
      this.buffer = larger;
    }
    this.used = writeStageLine(this.buffer, this.used, row, id, idAt, date, dateAt, rest);
  };

  /** Whether the buffer should go out before the next line of the byte-level reading. */
  get full(): boolean {
    return this.used > STAGE_BYTES - HEADROOM;
  }

  /** Sends the buffer to the stage (making the table the first time), once the one before it is written. */
  async flush(): Promise<void> {
    const csv = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(STAGE_BYTES);
    this.used = 0;
    const waited = performance.now();
    await this.flushed();
    this.waitedMs += performance.now() - waited;
    const create = !this.created;
    this.created = true;
    this.writing = loadStage(this.database, this.feedId, this.kind, create, csv).catch((err: unknown) => {
      this.error = err;
    });
  }

  /** Waits for the buffer being written; throws what writing it threw. */
  async flushed(): Promise<void> {
    await this.writing;
    if (this.error !== undefined) throw this.error;
  }

  /** Drops what was staged, once the buffer being written is. */
  async abandon(): Promise<void> {
    await this.writing;
    await dropStage(this.database.db, this.feedId);
  }
}
