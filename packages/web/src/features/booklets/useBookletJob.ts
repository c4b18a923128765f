import { useEffect, useState } from 'react';
import { getBookletJob, type BookletJob } from './api.ts';
import { isApiError } from '../../shared/api/client.ts';

/** A running batch is asked for its progress once a second. */
const POLL_MS = 1_000;
/** A dropped connection is retried this often before the error is shown. */
const NETWORK_RETRIES = 10;
const RETRY_MS = 2_000;

/** Reads a batch of booklets and polls it while it runs. */
export function useBookletJob(id: string | null): { job: BookletJob | undefined; error: unknown } {
  const [job, setJob] = useState<BookletJob | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    setError(undefined);
    if (id === null) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (failures: number) => {
      try {
        const next = await getBookletJob(id, controller.signal);
        if (controller.signal.aborted) return;
        setJob(next);
        if (next.state === 'running') timer = setTimeout(() => void poll(0), POLL_MS);
      } catch (e) {
        if (controller.signal.aborted) return;
        if (isApiError(e) && e.status === 0 && failures < NETWORK_RETRIES) {
          timer = setTimeout(() => void poll(failures + 1), RETRY_MS);
          return;
        }
        setError(e);
      }
    };
    void poll(0);
    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [id]);

  // A job of another id (the previous batch) is never shown for this one.
  return { job: job && job.id === id ? job : undefined, error };
}
