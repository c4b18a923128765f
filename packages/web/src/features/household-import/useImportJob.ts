import { getImport, RUNNING_STATES, type ImportJob } from './api.ts';
import { type PolledJob, usePolledJob } from '../../shared/lib/usePolledJob.ts';

/** How often a running job is asked for its progress. */
const POLL_MS = 500;

export type ImportJobState = PolledJob<ImportJob>;

const running = (job: ImportJob) => RUNNING_STATES.includes(job.state);

/** Reads an import job and polls it while the server works on it (validating or writing). */
export function useImportJob(id: string | null): ImportJobState {
  return usePolledJob(id, getImport, running, POLL_MS);
}
