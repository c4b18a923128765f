/**
 * Browser test of the procedures UI against a real server (the demo county 田东县, fresh data directory):
 * a village cadre opens an identification case from a household's Cases tab and approves its
 * application; the village's public notice page then works without signing in, on a phone too, and
 * takes an anonymous objection. Skipped (with a message) where no Chromium is installed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addCalendarDays, idCheckChar, todayInChina } from '@jingzhun/domain';

// CHROMIUM_PATH lets a machine with Chromium elsewhere run the suite; the default is Debian's package.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
// CI sets JINGZHUN_REQUIRE_BROWSER: there a missing browser is a failure, not a skip.
if (!hasChromium && process.env.JINGZHUN_REQUIRE_BROWSER) {
  throw new Error(`browser tests required but ${CHROMIUM} not found (apt-get install chromium)`);
}
if (!hasChromium) console.warn(`procedure browser tests skipped: ${CHROMIUM} not found`);

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PASSWORD = 'demo2026';
const STARTUP_MS = 120_000;
const TIMEOUT = { timeout: 180_000 };

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

describe.skipIf(!hasChromium)('procedures in a browser', TIMEOUT, () => {
  let server: ChildProcess | undefined;
  let serverLog = '';
  let dataDir = '';
  let base = '';
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jingzhun-e2e-procedures-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), JINGZHUN_DATA_DIR: dataDir, JINGZHUN_REGIONS: '451022' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      serverLog = (serverLog + chunk.toString()).slice(-20_000);
    };
    server.stdout?.on('data', keep);
    server.stderr?.on('data', keep);

    const deadline = Date.now() + STARTUP_MS;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${serverLog}`);
      try {
        const res = await fetch(`${base}/api/v1/health`);
        if (res.ok) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`server not healthy after ${STARTUP_MS / 1000} s:\n${serverLog}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, STARTUP_MS + 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      const exited = new Promise<void>((resolve) => server?.once('exit', () => resolve()));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server?.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** A fresh browser profile (no cookie, no saved language) on a new page; a phone's screen when asked. */
  async function newPage(viewport = { width: 1440, height: 900 }): Promise<Page> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ locale: 'zh-CN', viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  }

  /** Signs in through the login page and waits for the shell's menu. */
  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('main-menu').waitFor();
  }

  /**
   * Registers an applicant (`candidate`) household in the village through the API with the page's own
   * session: one head with an ID number nobody in the county holds yet, a low income, safe conditions.
   */
  async function registerApplicant(request: APIRequestContext, villageCode: string, name: string): Promise<string> {
    const lastYear = Number(todayInChina().slice(0, 4)) - 1;
    for (let seq = 501; seq <= 999; seq += 2) {
      const first17 = `45102219780625${String(seq).padStart(3, '0')}`;
      const res = await request.post(`${base}/api/v1/households`, {
        data: {
          villageCode,
          address: '测试屯 8 号',
          attribute: 'general',
          mainCause: 'illness',
          yearRegistered: lastYear,
          status: 'candidate',
          members: [{ name, relation: 'head', sex: 'male', birthDate: '1978-06-25', idNumber: first17 + idCheckChar(first17), labourCapacity: 'normal' }],
          conditions: { foodSecure: true, clothingSecure: true, housingGrade: 'B', waterQuantity: true, waterQuality: true, waterConvenience: true, waterGuarantee: true },
          incomes: [{ year: lastYear, wages: 2000, business: 0, property: 0, transfers: 0, productionCosts: 0 }],
        },
      });
      if (res.status() === 201) return ((await res.json()) as { id: string }).id;
      const body = (await res.json()) as { error?: { code?: string } };
      // The demo county may hold this ID already: try the next one.
      expect(body.error?.code, `register ${name}: ${JSON.stringify(body)}`).toBe('person_already_registered');
    }
    throw new Error('no free ID number for the applicant');
  }

  it('village cadre opens an identification case from the Cases tab, approves the application, and the village notice is public', TIMEOUT, async () => {
    const page = await newPage();
    await signIn(page, 'village');
    const me = (await (await page.request.get(`${base}/api/v1/auth/me`)).json()) as { user: { region: { code: string; name: string } } };
    const village = me.user.region;
    expect(village.code).toMatch(/^\d{12}$/);
    const headName = '覃程测';
    const householdId = await registerApplicant(page.request, village.code, headName);

    // The household page's Cases tab offers only what an applicant allows, and opens the case.
    await page.goto(`${base}/households/${householdId}`);
    await page.getByTestId('household-head-name').filter({ hasText: headName }).waitFor();
    await page.getByRole('tab', { name: '程序', exact: true }).click();
    await page.getByTestId('household-procedures').waitFor();
    await page.getByTestId('procedure-open').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('procedure-open-kind-identification').waitFor();
    expect(await dialog.getByTestId('procedure-open-kind-exit').count(), 'an applicant cannot exit').toBe(0);
    await dialog.getByTestId('procedure-open-kind-identification').check();
    await dialog.getByRole('button', { name: /发\s*起/ }).click();
    await page.waitForURL(/\/procedures\/\d+$/);
    const procedureId = new URL(page.url()).pathname.split('/').pop() ?? '';

    const currentStep = page.getByTestId('procedure-current-step');
    await currentStep.filter({ hasText: '申请' }).waitFor();
    await expect(page.getByTestId('procedure-kind').textContent()).resolves.toContain('贫困户识别纳入');
    await page.getByTestId('procedure-steps').getByText('入户调查').waitFor();

    // The application approved with its reason: the case moves on to the household survey.
    const form = page.getByTestId('step-form');
    await form.getByLabel('申请理由').fill('家中主要劳动力患大病,收入低,申请纳入');
    const answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/procedures/${procedureId}/steps`) && r.request().method() === 'POST');
    await page.getByTestId('step-approve').click();
    expect((await answered).status()).toBe(200);
    await currentStep.filter({ hasText: '入户调查' }).waitFor();
    const timeline = page.getByTestId('records-timeline');
    await timeline.getByText('家中主要劳动力患大病', { exact: false }).waitFor();
    await expect(timeline.textContent()).resolves.toContain('通过');

    // Back on the household, the case is listed with its new step.
    await page.getByTestId('procedure-household').click();
    await page.getByTestId('household-procedures-table').getByText('入户调查').waitFor();

    // Survey and deliberation through the API, then a notice from today: the village's page shows it.
    const today = todayInChina();
    const step = async (body: Record<string, unknown>) => {
      const res = await page.request.post(`${base}/api/v1/procedures/${procedureId}/steps`, { data: body });
      expect(res.status(), await res.text()).toBe(200);
    };
    await step({ step: 'survey', outcome: 'approved', payload: { surveyedOn: today, findings: '房屋B级,收入低' } });
    await step({ step: 'deliberation', outcome: 'approved', payload: { heldOn: today, attendance: 21, result: 'agreed', minutes: '村民代表会议一致同意' } });
    // As many days as the case's policy asks for, both ends counted.
    const { noticeDays } = (await (await page.request.get(`${base}/api/v1/procedures/${procedureId}`)).json()) as { noticeDays: number };
    const endsOn = addCalendarDays(today, noticeDays - 1);
    const posted = await page.request.post(`${base}/api/v1/procedures/${procedureId}/notice`, {
      data: { startsOn: today, endsOn, complaintPhone: '0776-5212345' },
    });
    expect(posted.status(), await posted.text()).toBe(200);

    // No sign-in, a phone's width: the notice, a masked ID, and an anonymous objection.
    const visitor = await newPage({ width: 375, height: 740 });
    await visitor.goto(`${base}/public/notices/${village.code}`);
    await visitor.getByTestId('public-village').filter({ hasText: village.name }).waitFor();
    expect(visitor.url(), 'the public page does not send to the login').not.toMatch(/\/login/);
    const item = visitor.getByTestId('public-notice-item').filter({ hasText: headName });
    await item.waitFor();
    await expect(item.textContent()).resolves.toMatch(/451022\*+[\dX]{4}/);
    await expect(item.textContent()).resolves.toContain('0776-5212345');
    await item.getByTestId('public-object').click();
    const objection = visitor.getByRole('dialog');
    await objection.getByTestId('public-objection-text').fill('该户有子女在外务工,收入较高');
    await objection.getByTestId('public-objection-submit').click();
    await objection.getByTestId('public-objection-sent').waitFor();

    // The objection landed on the case, anonymous.
    const view = (await (await page.request.get(`${base}/api/v1/procedures/${procedureId}`)).json()) as { objections: { by: string | null; text: string }[] };
    expect(view.objections).toEqual([expect.objectContaining({ by: null, text: '该户有子女在外务工,收入较高' })]);

    // And the cadre sees it on the case, waiting for an answer.
    await page.goto(`${base}/procedures/${procedureId}`);
    await page.getByTestId('notice-block').getByText('该户有子女在外务工', { exact: false }).waitFor();
    await page.getByTestId('objection-resolve-open').waitFor();
  });
});
