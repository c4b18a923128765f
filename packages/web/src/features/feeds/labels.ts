import type { FeedState } from './api.ts';

/** Tag colours of a feed's state. */
export const FEED_STATE_COLORS: Record<FeedState, string> = {
  validating: 'processing',
  invalid: 'error',
  validated: 'gold',
  writing: 'processing',
  done: 'success',
  failed: 'error',
  discarded: 'default',
};
