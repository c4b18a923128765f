import { useEffect, useRef, useState } from 'react';

/** What a search as-you-type shows: the answer for the text now typed, whether one is coming, why it failed. */
export interface SearchState<T> {
  /** The answer for the current text; undefined while it loads, after a failure or for no text. */
  data: T | undefined;
  searching: boolean;
  failure: string | null;
}

interface SearchOptions {
  /** How long typing must pause before a request goes out. */
  delayMs?: number;
  /** Other values the search depends on (a region, a household to leave out): a change searches again. */
  deps?: readonly unknown[];
}

/**
 * Searches for `text` once typing pauses: each new text aborts the request before it (AbortController),
 * and an answer for any text but the current one is never shown. No text, no request.
 */
export function useDebouncedSearch<T>(text: string, search: (q: string, signal: AbortSignal) => Promise<T>, { delayMs = 250, deps = [] }: SearchOptions = {}): SearchState<T> {
  const q = text.trim();
  const [answer, setAnswer] = useState<{ q: string; data: T | undefined; failure: string | null }>({ q: '', data: undefined, failure: null });
  // The latest `search` (a new closure on every render) runs without restarting the wait.
  const searchRef = useRef(search);
  searchRef.current = search;

  useEffect(() => {
    if (!q) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchRef.current(q, controller.signal).then(
        (data) => {
          if (!controller.signal.aborted) setAnswer({ q, data, failure: null });
        },
        (e: unknown) => {
          if (!controller.signal.aborted) setAnswer({ q, data: undefined, failure: e instanceof Error ? e.message : String(e) });
        },
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, delayMs, ...deps]);

  const current = q !== '' && answer.q === q;
  return { data: current ? answer.data : undefined, searching: q !== '' && !current, failure: current ? answer.failure : null };
}
