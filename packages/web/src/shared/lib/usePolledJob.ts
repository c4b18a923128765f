import { useCallback, useEffect, useState } from 'react';
import { isApiError } from '../api/client.ts';

/** A dropped connection is retried this often before the error is shown: a village's mobile network comes back. */
const NETWORK_RETRIES = 10;
const RETRY_MS = 2_000;

export interface PolledJob<T> {
  /** The job with the id asked for; undefined until its first answer arrives. */
  job: T | undefined;
  /** Why the job could not be read (not found, no longer signed in, network gone for good). */
  error: unknown;
  /** The network dropped and the job is being asked again. */
  reconnecting: boolean;
  /** Reads the job again, and keeps polling while it runs (after a confirmation, or after an error). */
  refresh: () => void;
  /** Shows a state the server has just announced (a confirmation's `writing`) until the next answer. */
  assume: (changes: Partial<T>) => void;
}

/**
 * Reads a background job (an import, a feed) and polls it every `pollMs` while `running` says the server
 * still works on it; no id means no job.
 */
export function usePolledJob<T extends { id: string | number }>(
  id: string | null,
  read: (id: string, signal: AbortSignal) => Promise<T>,
  running: (job: T) => boolean,
  pollMs: number,
): PolledJob<T> {
  const [job, setJob] = useState<T | undefined>(undefined);
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
        const next = await read(id, controller.signal);
        if (controller.signal.aborted) return;
        setJob(next);
        setReconnecting(false);
        if (running(next)) timer = setTimeout(() => void poll(0), pollMs);
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
    // `read` and `running` are module functions of the callers: the id and a refresh restart the polling.
  }, [id, token, pollMs]);

  const refresh = useCallback(() => setToken((n) => n + 1), []);
  const assume = useCallback((changes: Partial<T>) => setJob((current) => (current ? { ...current, ...changes } : current)), []);
  // A job of another id (the one shown before) is never shown for this one.
  return { job: job && String(job.id) === id ? job : undefined, error, reconnecting, refresh, assume };
}
