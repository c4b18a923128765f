/**
 * A trivial API endpoint (GET /api/v1/meta: routing, hooks, zod serialisation, no database) and the health
 * check (GET /api/v1/health: one SELECT 1 round trip) under autocannon, beside bare node:http answering
 * a JSON body of the same size, in the same run, each server in its own process. Run: `npm run bench:http`.
 * Set BENCH_DATABASE_URL to a PostgreSQL server's maintenance database to measure that engine too.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, ROOT, startNode, stop, waitFor } from './util.ts';

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

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
const body = JSON.stringify({ name: 'jingzhun', version: '0.1.0', languages: ['zh-CN', 'en'], defaultLanguage: 'zh-CN' });
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
  let database: string | null = null;
  if (process.env.BENCH_DATABASE_URL) {
    database = `jz_bench_http_${process.pid}`;
    await adminQuery(process.env.BENCH_DATABASE_URL, `CREATE DATABASE ${database}`);
    const target = new URL(process.env.BENCH_DATABASE_URL);
    target.pathname = `/${database}`;
    engines.push(['PostgreSQL', { DATABASE_URL: target.toString() }]);
  }
  rows.push(`| bare node:http | — | ${bareResult.rps} | ${bareResult.p99} ms | 1.00× |`);
  try {
    for (const [name, env] of engines) {
      const port = await freePort();
      const server = startNode(
        ['scripts/start.mjs'],
        { PORT: String(port), HOST: '127.0.0.1', JINGZHUN_DATA_DIR: dataDir, JINGZHUN_REGIONS: '451022', ...env },
        ROOT,
      );
      await waitFor(`http://127.0.0.1:${port}/api/v1/health`, server.child, 300_000);
      for (const path of ['/api/v1/meta', '/api/v1/health']) {
        const r = await load(`http://127.0.0.1:${port}${path}`);
        rows.push(`| jingzhun ${path} | ${name} | ${r.rps} | ${r.p99} ms | ${(r.rps / bareResult.rps).toFixed(2)}× |`);
        if (r.errors) console.warn(`${name} ${path}: ${r.errors} errors or non-2xx answers`);
      }
      await stop(server.child);
    }
  } finally {
    if (database && process.env.BENCH_DATABASE_URL) {
      await adminQuery(process.env.BENCH_DATABASE_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`autocannon -c${CONNECTIONS}, ${DURATION} s, loopback\n| server | engine | requests/s | p99 | vs bare |\n|---|---|---|---|---|\n${rows.join('\n')}`);
