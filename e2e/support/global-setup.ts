import { existsSync } from 'node:fs';
// @ts-expect-error: a plain ES module script without types
import { buildWebIfStale } from '../../scripts/build-web.mjs';

/**
 * Builds the web UI once before the browser suites start their servers: each suite's server would
 * otherwise build a stale bundle itself, two of them at once into the same folder.
 */
export default function setup() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return;
  if (!(buildWebIfStale as () => boolean)()) throw new Error('the web UI did not build');
}
