import { useCallback, useEffect, useState } from 'react';
import { isApiError } from '../../api/client.ts';
import { getFeed, RUNNING_FEED_STATES, type FeedDetail } from '../../api/monitoring.ts';

/** How often a running feed is asked for its progress. */
const POLL_MS = 600;
/** A dropped connection is retried this often before the error is shown: a township's network comes back. */
const NETWORK_RETRIES = 10;
const RETRY_MS = 2_000;

export interface FeedState {
  feed: FeedDetail | undefined;
  error: unknown;
  reconnecting: boolean;
  /** Reads the feed again and keeps polling while it runs (after a confirmation). */
  refresh: () => void;
  /** Shows a state the server has just announced (a confirmation's `writing`) until the next answer. */
  assume: (changes: Partial<FeedDetail>) => void;
}

/** Reads a feed and polls it while the server validates or writes it. */
export function useFeed(id: string): FeedState {
  const [feed, setFeed] = useState<FeedDetail | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [reconnecting, setReconnecting] = useState(false);
  const [token, setToken] = useState(0);

  useEffect(() => {
    setError(undefined);
    setReconnecting(false);
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (failures: number) => {
      try {
        const next = await getFeed(id, controller.signal);
        if (controller.signal.aborted) return;
        setFeed(next);
        setReconnecting(false);
        if (RUNNING_FEED_STATES.includes(next.state)) timer = setTimeout(() => void poll(0), POLL_MS);
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
  const assume = useCallback((changes: Partial<FeedDetail>) => setFeed((current) => (current ? { ...current, ...changes } : current)), []);
  // A feed of another id (the one shown before) is never shown for this one.
  return { feed: feed && String(feed.id) === id ? feed : undefined, error, reconnecting, refresh, assume };
}
