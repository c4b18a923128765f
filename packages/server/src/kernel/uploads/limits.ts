import type { UploadRule } from '@jingzhun/domain';
import { AppError } from '../errors.ts';

const MiB = 1024 * 1024;

/**
 * The limits every upload is held to, in one place: the size of the file as sent, what its zip may unpack
 * to (declared and counted while inflating), the text a workbook may hold in memory, the length of a cell,
 * and how many files are read at once. Set from the environment (see config.ts); these are the defaults.
 */
export interface UploadLimits {
  /** A household workbook or a population workbook, as sent. */
  importFileBytes: number;
  /** A department's feed (.csv or .xlsx), as sent: a county's yearly medical insurance list. */
  feedFileBytes: number;
  /** A photo or scan kept as evidence. */
  attachmentBytes: number;
  /** What one entry of a workbook's zip may inflate to (a sheet of a million rows fits). */
  xlsxEntryBytes: number;
  /** What all the entries of one workbook read may inflate to together. */
  xlsxTotalBytes: number;
  /** Entries a workbook's zip may hold (a workbook of many sheets has a few hundred). */
  xlsxEntries: number;
  /**
   * The parts a workbook keeps in memory while its rows are read (its shared strings, workbook, styles):
   * their inflated size, and the memory their strings take, each at most this.
   */
  xlsxTextBytes: number;
  /** Characters of one cell: Excel's own limit. */
  cellChars: number;
  /** Files read and checked at once (each up to about xlsxTextBytes plus its rows); the others wait their turn. */
  validationsAtOnce: number;
  /** Uploads that may wait for their turn (or be received meanwhile); beyond, an upload is refused as busy. */
  validationsWaiting: number;
}

/** The defaults: one import adds at most about 512 MiB, two run at once, eight wait. */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  importFileBytes: 20 * MiB,
  feedFileBytes: 200 * MiB,
  attachmentBytes: 10 * MiB,
  xlsxEntryBytes: 512 * MiB,
  xlsxTotalBytes: 1024 * MiB,
  xlsxEntries: 1000,
  xlsxTextBytes: 256 * MiB,
  cellChars: 32_767,
  validationsAtOnce: 2,
  validationsWaiting: 8,
};

/** The limits of a deployment: its settings over the defaults. */
export function uploadLimits(given: Partial<UploadLimits> | undefined): UploadLimits {
  return { ...DEFAULT_UPLOAD_LIMITS, ...given };
}

/**
 * A file refused as a whole while it was read (a zip bomb, a damaged workbook, a cell longer than a cell
 * may be): thrown by the readers, recorded as the named rule, never as a library's message.
 */
export class FileRefused extends Error {
  constructor(
    readonly rule: UploadRule | 'not_xlsx' | 'not_csv_or_xlsx',
    readonly detail?: string,
  ) {
    super(rule);
    this.name = 'FileRefused';
  }
}

/** The API error of a file refused in the caller's time: too large once unpacked is 413, the rest 400. */
export function refusalError(refused: FileRefused): AppError {
  const large = ['xlsx_uncompressed_too_large', 'xlsx_too_many_entries', 'xlsx_text_too_large', 'cell_too_long', 'line_too_long'].includes(refused.rule);
  return new AppError(large ? 'payload_too_large' : 'validation_failed', { field: 'file', rule: refused.rule, ...(refused.detail ? { detail: refused.detail } : {}) });
}

/** The code a failed background job records: the rule of a refused file, else a code that says nothing broke half-way. */
export function failureCode(err: unknown): string {
  return err instanceof FileRefused ? err.rule : 'job_failed';
}
