import { useCallback, useEffect, useState } from 'react';
import { isApiError } from '../../../api/client.ts';
import { getImport, RUNNING_STATES, type ImportJob } from '../../../api/imports.ts';

/** How often a running job is asked for its progress. */
const POLL_MS = 500;
/** A dropped connection is retried this often before the error is shown: a village's mobile network comes back. */
const NETWORK_RETRIES = 10;
const RETRY_MS = 2_000;

export interface ImportJobState {
  /** The job with the id asked for; undefined until its first answer arrives. */
  job: ImportJob | undefined;
  /** Why the job could not be read (not found, no longer signed in, network gone for good). */
  error: unknown;
  /** The network dropped and the job is being asked again. */
  reconnecting: boolean;
  /** Reads the job again, and keeps polling while it runs (after a confirmation, or after an error). */
  refresh: () => void;
  /** Shows a state the server has just announced (a confirmation's `writing`) until the next answer. */
  assume: (changes: Partial<ImportJob>) => void;
}

/** Reads an import job and polls it while the server works on it (validating or writing). */
export function useImportJob(id: string | null): ImportJobState {
  const [job, setJob] = useState<ImportJob | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [reconnecting, setReconnecting] = useState(false);
  const [token, setToken] = useState(0);

  useEffect(() => {
    setError(undefined);
    setReconnecting(false);
    if (id === null) {
      setJob(undefined);
      return;
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (failures: number) => {
      try {
        const next = await getImport(id, controller.signal);
        if (controller.signal.aborted) return;
        setJob(next);
        setReconnecting(false);
        if (RUNNING_STATES.includes(next.state)) timer = setTimeout(() => void poll(0), POLL_MS);
      } catch (e) {
        if (controller.signal.aborted) return;
        if (isApiError(e) && e.status === 0 && failures < NETWORK_RETRIES) {
          setReconnecting(true);
          timer = setTimeout(() => void poll(failures + 1), RETRY_MS);
          return;
        }
        setReconnecting(false);
        setError(e);
      }
    };
    void poll(0);
    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [id, token]);

  const refresh = useCallback(() => setToken((n) => n + 1), []);
  const assume = useCallback((changes: Partial<ImportJob>) => setJob((current) => (current ? { ...current, ...changes } : current)), []);
  // A job of another id (the previous upload) is never shown for this one.
  return { job: job && String(job.id) === id ? job : undefined, error, reconnecting, refresh, assume };
}
