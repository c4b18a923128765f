import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the server as `npm start` would (without the web build), returns its output once healthy. */
async function serve(dataDir: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', JINGZHUN_DATA_DIR: dataDir, JINGZHUN_REGIONS: '451022' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited early:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`not healthy:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const stopped = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    port,
    output: () => output,
    async terminate() {
      child.kill('SIGTERM');
      return stopped;
    },
  };
}

describe('the server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jz-process-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the embedded database with the demo, prints the URL and accounts, stops cleanly on SIGTERM, and reuses the data', async () => {
    const first = await serve(dataDir);
    expect(first.output()).toContain(`http://localhost:${first.port}`);
    expect(first.output()).toMatch(/demo loaded: \d+ households, 52000 persons/);
    for (const account of ['admin', 'county', 'township', 'village', 'helper', 'inspector', 'aidunit']) {
      expect(first.output()).toMatch(new RegExp(`\\s${account}\\s`));
    }
    const login = await fetch(`http://127.0.0.1:${first.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'county', password: 'tiandong2026' }),
    });
    expect(login.status).toBe(200);
    expect(await first.terminate()).toBe(0);
    expect(first.output()).toContain('database closed cleanly');

    const second = await serve(dataDir);
    expect(second.output()).not.toContain('loading the demo county');
    expect(second.output()).not.toContain('migrations applied');
    const health = await (await fetch(`http://127.0.0.1:${second.port}/api/v1/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'pglite' });
    expect(await second.terminate()).toBe(0);
  }, 240_000);
});
