import { getFeed, RUNNING_FEED_STATES, type FeedDetail } from './api.ts';
import { usePolledJob } from '../../shared/lib/usePolledJob.ts';

/** How often a running feed is asked for its progress. */
const POLL_MS = 600;

export interface FeedState {
  feed: FeedDetail | undefined;
  error: unknown;
  reconnecting: boolean;
  /** Reads the feed again and keeps polling while it runs (after a confirmation). */
  refresh: () => void;
  /** Shows a state the server has just announced (a confirmation's `writing`) until the next answer. */
  assume: (changes: Partial<FeedDetail>) => void;
}

const running = (feed: FeedDetail) => RUNNING_FEED_STATES.includes(feed.state);

/** Reads a feed and polls it while the server validates or writes it. */
export function useFeed(id: string): FeedState {
  const { job, ...rest } = usePolledJob(id, getFeed, running, POLL_MS);
  return { feed: job, ...rest };
}
