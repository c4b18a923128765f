/**
 * A trivial API endpoint (GET /api/v1/health, one SELECT 1 round trip) under autocannon, beside bare
 * node:http answering the same JSON without a database, in the same run. Run: `npm run bench:http`.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT, startNode, stop, waitFor } from './util.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;

async function load(url: string) {
  // Warm up, then measure.
  await autocannon({ url, connections: CONNECTIONS, duration: 2 });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  return { rps: Math.round(result.requests.average), p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const bareScript = `
const http = require('node:http');
const body = JSON.stringify({ status: 'ok', database: 'none', version: '0.1.0' });
http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }); res.end(body); })
  .listen(Number(process.env.PORT), '127.0.0.1');
`;

const dataDir = mkdtempSync(join(tmpdir(), 'jz-bench-http-'));
const rows: string[] = [];
try {
  const barePort = await freePort();
  const bare = startNode(['-e', bareScript], { PORT: String(barePort) }, ROOT);
  await waitFor(`http://127.0.0.1:${barePort}/`, bare.child, 10_000);
  const bareResult = await load(`http://127.0.0.1:${barePort}/`);
  await stop(bare.child);

  const engines: Array<[string, Record<string, string>]> = [['PGlite', {}]];
  if (process.env.BENCH_DATABASE_URL) engines.push(['PostgreSQL', { DATABASE_URL: process.env.BENCH_DATABASE_URL }]);
  rows.push(`| bare node:http | ${bareResult.rps} | ${bareResult.p99} ms | 1.00× |`);
  for (const [name, env] of engines) {
    const port = await freePort();
    const server = startNode(['scripts/start.mjs'], { PORT: String(port), HOST: '127.0.0.1', JINGZHUN_DATA_DIR: dataDir, JINGZHUN_REGIONS: '451022', JINGZHUN_LOG_LEVEL: 'warn', ...env }, ROOT);
    await waitFor(`http://127.0.0.1:${port}/api/v1/health`, server.child, 300_000);
    const r = await load(`http://127.0.0.1:${port}/api/v1/health`);
    await stop(server.child);
    rows.push(`| jingzhun /api/v1/health on ${name} | ${r.rps} | ${r.p99} ms | ${(r.rps / bareResult.rps).toFixed(2)}× |`);
    if (r.errors) console.warn(`${name}: ${r.errors} errors or non-2xx answers`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`autocannon -c${CONNECTIONS}, ${DURATION} s, loopback\n| server | requests/s | p99 | vs bare |\n|---|---|---|---|\n${rows.join('\n')}`);
