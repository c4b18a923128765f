/**
 * First start and warm start of `npm start` with the demo (all regions of China, 田东县), each with the
 * peak memory of the server process. Run: `npm run bench:start`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, peakMemoryMb, ROOT, startNode, stop, waitFor } from './util.ts';

async function startOnce(dataDir: string, label: string) {
  const port = await freePort();
  const started = performance.now();
  const server = startNode(['scripts/start.mjs'], { PORT: String(port), JINGZHUN_DATA_DIR: dataDir }, ROOT);
  try {
    await waitFor(`http://127.0.0.1:${port}/api/v1/health`, server.child, 600_000);
  } catch (err) {
    console.error(server.log());
    throw err;
  }
  const seconds = (performance.now() - started) / 1000;
  const memory = server.child.pid ? peakMemoryMb(server.child.pid) : null;
  const stopAt = performance.now();
  const code = await stop(server.child);
  const stopSeconds = (performance.now() - stopAt) / 1000;
  console.log(`${label.padEnd(12)} ready in ${seconds.toFixed(1)} s, peak RSS ${memory} MB, clean stop in ${stopSeconds.toFixed(1)} s (exit ${code})`);
  return { seconds, memory };
}

const dataDir = mkdtempSync(join(tmpdir(), 'jz-bench-start-'));
try {
  await startOnce(dataDir, 'first start');
  await startOnce(dataDir, 'warm start');
  await startOnce(dataDir, 'warm start');
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
