import { api, requestFile, uploadFile, type ApiFile } from '../../shared/api/client.ts';

/**
 * Where an import job stands. `validating` and `writing` run in the background of the server and are
 * watched by polling; the others wait for the user (`validated`) or are final.
 */
export type ImportState = 'validating' | 'invalid' | 'validated' | 'writing' | 'done' | 'failed';

/** How many of one kind of record an import adds, corrects and finds identical. */
export interface ImportTally {
  new: number;
  changed: number;
  unchanged: number;
}

/** What a validated import would write. */
export interface ImportCounts {
  households: ImportTally;
  members: ImportTally;
  incomes: ImportTally;
  /** Households of the file that left the registry, and their rows: skipped, since a file does not change a closed record. */
  closed: { households: number; rows: number };
  /** Data rows read from both sheets. */
  rows: number;
}

/** One problem of the file: where (any part may be null for a problem of the whole file) and what. */
export interface ImportProblem {
  sheet: string | null;
  row: number | null;
  column: string | null;
  cell: string | null;
  rule: string;
  message: string;
  detail: string | null;
}

/** An import job as `GET /imports/:id` answers it. */
export interface ImportJob {
  id: string;
  fileName: string;
  state: ImportState;
  /** Validating in name, but waiting for its turn while other uploads are read; its place in line (1 = next). */
  waiting: boolean;
  queuePosition: number | null;
  /** 0 to 1 while validating or writing. */
  progress: number;
  /** Empty until the file has been validated. */
  counts: Partial<ImportCounts>;
  errorCount: number;
  /** The first 500 problems; the marked-up file has up to 20,000 and counts the rest. */
  errors: ImportProblem[];
  /** Why a `failed` job failed, in the request's language, and its code. */
  message: string | null;
  messageCode: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** When and by whom the write was confirmed; null before. */
  confirmedAt: string | null;
  confirmedBy: string | null;
}

/** The tally of one kind of record in a job's counts; zeros before the file has been validated. */
export function tallyOf(job: Pick<ImportJob, 'counts'>, kind: keyof Omit<ImportCounts, 'rows' | 'closed'>): ImportTally {
  return { new: 0, changed: 0, unchanged: 0, ...job.counts[kind] };
}

/** The largest workbook the server accepts (its multipart limit). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** The states in which the server is still working on a job. */
export const RUNNING_STATES: readonly ImportState[] = ['validating', 'writing'];

const path = (id: string) => `/imports/${encodeURIComponent(id)}`;

/** Uploads a household workbook; the server answers at once and validates it in the background. */
export function uploadHouseholdImport(
  file: File,
  onProgress?: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<{ id: string; state: ImportState }> {
  return uploadFile<{ id: string; state: ImportState }>('/imports/households', 'file', file, {
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  });
}

/** An import job's state, progress, counts and first problems. */
export function getImport(id: string, signal?: AbortSignal): Promise<ImportJob> {
  return api.get<ImportJob>(path(id), undefined, signal);
}

/** Writes a validated import; `reason` is required when it corrects registered households. */
export function confirmImport(id: string, reason?: string): Promise<{ id: string; state: ImportState }> {
  return api.post<{ id: string; state: ImportState }>(`${path(id)}/confirm`, reason ? { reason } : {});
}

/** The uploaded workbook with every bad cell marked, and a sheet listing the problems. */
export function downloadImportErrors(id: string): Promise<ApiFile> {
  return requestFile(`${path(id)}/errors.xlsx`);
}

/** The household import template: Chinese headers, dropdowns, instructions. */
export function downloadHouseholdTemplate(): Promise<ApiFile> {
  return requestFile('/templates/households.xlsx');
}
