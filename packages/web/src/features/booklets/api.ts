import { api, API_PREFIX, requestFile, type ApiFile } from '../../shared/api/client.ts';

/** The household booklet (一户一册) and benefit card (明白卡) PDFs, served with the session. */
export const bookletUrl = (householdId: string) => `${API_PREFIX}/households/${encodeURIComponent(householdId)}/booklet.pdf`;
export const cardUrl = (householdId: string) => `${API_PREFIX}/households/${encodeURIComponent(householdId)}/card.pdf`;

/** A batch of booklets or cards for a village, made in the background. */
export interface BookletJob {
  id: string;
  kind: 'booklet' | 'card';
  regionCode: string;
  state: 'running' | 'done' | 'failed';
  /** 0 to 1: reading the households makes the first half, rendering the PDF the second. */
  progress: number;
  /** While running: reading the households, or rendering the one PDF (which reports nothing until it ends). */
  phase: 'reading' | 'rendering' | null;
  /** Households read. */
  done: number;
  total: number;
  /** Why it failed: a message, or `interrupted` when the server stopped while it ran. */
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export const startBooklets = (regionCode: string, kind: 'booklet' | 'card') => api.post<BookletJob>(`/regions/${encodeURIComponent(regionCode)}/booklets`, { kind });
export const getBookletJob = (id: string, signal?: AbortSignal) => api.get<BookletJob>(`/booklet-jobs/${encodeURIComponent(id)}`, undefined, signal);
export const bookletJobFileUrl = (id: string) => `${API_PREFIX}/booklet-jobs/${encodeURIComponent(id)}/file`;
/** Fetches the PDF of a finished batch with the session (a refusal comes back as an ApiError, not a page of JSON). */
export const downloadBookletJob = (id: string): Promise<ApiFile> => requestFile(`/booklet-jobs/${encodeURIComponent(id)}/file`);
