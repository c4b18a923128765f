/**
 * What every browser test file shares: a real server (`node scripts/start.mjs` on a free port with a fresh
 * data directory and the demo county 田东县) and Chromium driven by playwright-core. Where no Chromium is
 * installed the suites are skipped with a message, except in CI (JINGZHUN_REQUIRE_BROWSER), where a
 * missing browser is a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterEach } from 'vitest';

// CHROMIUM_PATH lets a machine with Chromium elsewhere run the suite; the default is Debian's package.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.JINGZHUN_REQUIRE_BROWSER) {
  throw new Error(`browser tests required but ${CHROMIUM} not found (apt-get install chromium)`);
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PASSWORD = 'tiandong2026';
// Generous: CI machines are shared, and the first start loads the county's regions and the demo.
export const STARTUP_MS = 240_000;
export const TIMEOUT = { timeout: 240_000 };

/** A TCP port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** One suite's server and browser; `start` in beforeAll, `stop` in afterAll. */
export class BrowserSuite {
  base = '';
  private server: ChildProcess | undefined;
  private serverLog = '';
  /** The current test's API answers, failed requests, error responses and console errors of its pages. */
  private readonly pageLog: string[] = [];
  private dataDir = '';
  private browser: Browser | undefined;
  private readonly contexts: BrowserContext[] = [];

  /** Made inside the suite's `describe`: a test that fails prints the server's last output and what its pages said. */
  constructor(private readonly name: string) {
    if (!hasChromium) console.warn(`${name} browser tests skipped: ${CHROMIUM} not found`);
    afterEach(({ task }) => {
      if (task.result?.state !== 'fail') return;
      console.error(`[${this.name}] "${task.name}" failed; the pages said:\n${this.pageLog.join('\n') || '(nothing)'}\nthe server's last output:\n${this.serverLog || '(nothing)'}`);
    });
    afterEach(() => {
      this.pageLog.length = 0;
    });
  }

  /** Starts the server on the demo county (with any extra settings) and waits until it is healthy, then launches Chromium. */
  async start(env: Record<string, string> = {}): Promise<void> {
    this.dataDir = mkdtempSync(join(tmpdir(), `jingzhun-e2e-${this.name}-`));
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    const server = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), JINGZHUN_DATA_DIR: this.dataDir, JINGZHUN_REGIONS: '451022', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.server = server;
    const keep = (chunk: Buffer) => {
      this.serverLog = (this.serverLog + chunk.toString()).slice(-20_000);
    };
    server.stdout?.on('data', keep);
    server.stderr?.on('data', keep);
    const deadline = Date.now() + STARTUP_MS;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${this.serverLog}`);
      try {
        const res = await fetch(`${this.base}/api/v1/health`);
        if (res.ok) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`server not healthy after ${STARTUP_MS / 1000} s:\n${this.serverLog}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }

  /** Closes the browser, stops the server (SIGTERM, then SIGKILL after 10 s) and removes its data. */
  async stop(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser?.close().catch(() => undefined);
    const server = this.server;
    if (server && server.exitCode === null) {
      const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A fresh browser profile (no cookie, no saved language) on a new page; a phone's screen when asked. */
  async newPage(viewport = { width: 1440, height: 900 }): Promise<Page> {
    if (!this.browser) throw new Error('no browser');
    const context = await this.browser.newContext({ locale: 'zh-CN', viewport });
    this.contexts.push(context);
    const page = await context.newPage();
    const note = (line: string) => {
      this.pageLog.push(`${new Date().toISOString()} ${line}`);
      // The last 300 lines: what led to a failure.
      if (this.pageLog.length > 300) this.pageLog.shift();
    };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') note(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => note(`page error: ${e.message}`));
    page.on('requestfailed', (r) => note(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
    // Every API answer (a trace of what the page asked), and any other error response.
    page.on('response', (r) => {
      if (r.status() >= 400 || r.url().includes('/api/')) note(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    // Generous: CI runs a browser test beside storage tests on two cores, and a page can wait that long on
    // a server sharing them (30 s was seen to run out while signing out and closing a modal).
    page.setDefaultTimeout(90_000);
    page.setDefaultNavigationTimeout(90_000);
    return page;
  }

  /** Signs in through the login page and waits for the shell's menu. */
  async signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${this.base}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    // Ant Design spaces two-character Chinese labels on buttons: "登 录".
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('main-menu').waitFor();
  }
}
