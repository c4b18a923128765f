import { useCallback, useEffect, useRef, useState } from 'react';

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Fetches again with the same arguments. */
  reload: () => void;
}

/**
 * Runs `load` when `deps` change and keeps its result; a newer call aborts the older one so a slow
 * answer can never overwrite a fresh one. `skip` waits (e.g. for a value another request supplies).
 */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], skip = false): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(!skip);
  const [token, setToken] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (skip) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => controller.abort();
    // The caller lists what `load` depends on in `deps`; `load` itself is read through a ref.
  }, [...deps, skip, token]);

  const reload = useCallback(() => setToken((n) => n + 1), []);
  return { data, error, loading, reload };
}
