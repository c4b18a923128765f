/**
 * Memory of the server under zip bombs (issue 14, item 2): the server is started as `npm start` would
 * (its own process, PGlite, the 田东县 regions, no demo, no web bundle), left idle to measure its resident memory (the
 * baseline), then sent one of the issue's bombs — a 2.6 MB .xlsx whose shared strings inflate to 1 GB,
 * their size declared as 1 KB — and then four at once to POST /imports/households. The server's RSS is read
 * from /proc every 20 ms; each job must end refused by name. Run: `npm run bench:bombs`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedStringsBomb } from '../../packages/server/test/support/bombs.ts';
import { freePort, ROOT, startNode, stop, waitFor } from './util.ts';

const PASSWORD = 'Bench-uploads-2026';

/** Resident memory (VmRSS) of a process in MiB. */
function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

/** Samples a process's RSS every 20 ms until stopped; gives the highest seen. */
function sampler(pid: number) {
  let peak = rssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssMiB(pid));
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'jz-bench-bombs-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}/api/v1`;
// The server alone, as `npm start` runs it but without building the web bundle (not needed here).
const server = startNode(
  ['--import', 'tsx', '--input-type=module', '-e', "const { main } = await import('./packages/server/src/main.ts'); await main();"],
  { PORT: String(port), HOST: '127.0.0.1', JINGZHUN_DATA_DIR: dataDir, JINGZHUN_REGIONS: '451022', JINGZHUN_DEMO: '0', JINGZHUN_ADMIN_PASSWORD: PASSWORD, JINGZHUN_LOG_LEVEL: 'warn' },
  ROOT,
);
try {
  await waitFor(`${base}/health`, server.child, 600_000);
  const pid = server.child.pid as number;
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  const cookie = /jz_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
  if (!login.ok || !cookie) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);

  const bomb = sharedStringsBomb(false);
  const upload = async (i: number) => {
    const form = new FormData();
    form.append('file', new Blob([bomb]), `bomb-${i}.xlsx`);
    const res = await fetch(`${base}/imports/households`, { method: 'POST', headers: { cookie }, body: form });
    if (res.status !== 202) throw new Error(`upload ${i}: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    let sawWaiting = false;
    for (;;) {
      const job = (await (await fetch(`${base}/imports/${id}`, { headers: { cookie } })).json()) as { state: string; waiting: boolean; errors: Array<{ rule: string }> };
      sawWaiting ||= job.waiting;
      if (job.state !== 'validating' && job.state !== 'writing') return { state: job.state, rule: job.errors[0]?.rule ?? null, sawWaiting };
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  // Idle: the server with its database open, after start-up has settled.
  await new Promise((r) => setTimeout(r, 5000));
  const idleStop = sampler(pid);
  await new Promise((r) => setTimeout(r, 3000));
  const idle = idleStop();

  const oneStop = sampler(pid);
  let started = performance.now();
  const one = await upload(0);
  const oneSeconds = (performance.now() - started) / 1000;
  const onePeak = oneStop();
  await new Promise((r) => setTimeout(r, 3000));
  const between = rssMiB(pid);

  const fourStop = sampler(pid);
  started = performance.now();
  const four = await Promise.all([1, 2, 3, 4].map(upload));
  const fourSeconds = (performance.now() - started) / 1000;
  const fourPeak = fourStop();
  const health = await fetch(`${base}/health`);

  const mib = (n: number) => `${Math.round(n)} MiB`;
  console.log(`bomb: ${(bomb.length / 1e6).toFixed(1)} MB .xlsx, shared strings inflating to 1 GB (declared 1 KB); limits: the defaults`);
  console.log('| run | server RSS idle (baseline) | peak RSS | peak − baseline | time | jobs |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| one bomb | ${mib(idle)} | ${mib(onePeak)} | +${mib(onePeak - idle)} | ${oneSeconds.toFixed(1)} s | ${one.state} ${one.rule} |`);
  console.log(
    `| four at once (RSS before: ${mib(between)}) | ${mib(idle)} | ${mib(fourPeak)} | +${mib(fourPeak - idle)} | ${fourSeconds.toFixed(1)} s | ${four.map((j) => `${j.state} ${j.rule}${j.sawWaiting ? ' (waited)' : ''}`).join(', ')} |`,
  );
  console.log(`server still answering: GET /health → ${health.status}`);
  if ([one, ...four].some((j) => j.state !== 'invalid' || j.rule !== 'xlsx_text_too_large') || !health.ok) process.exitCode = 1;
} finally {
  await stop(server.child);
  rmSync(dataDir, { recursive: true, force: true });
}
