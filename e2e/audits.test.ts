/**
 * Browser test of the inspectors' audits against a real server (the demo county 田东县, fresh data
 * directory): the inspector opens the conflicts audit (优亲厚友核查) from the menu and finds the conflict
 * the demo plants (the `village` account acted on the case of its registered sibling), then the fairness
 * audit (公平性核查) and finds the planted pair whose status differs (an applicant copied from an exited
 * household). Skipped (with a message) where no Chromium is installed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { CONFLICT_SOURCES, HOUSEHOLD_STATUSES } from '@jingzhun/domain';
import { BrowserSuite, hasChromium, STARTUP_MS, TIMEOUT } from './support/browser.ts';

describe.skipIf(!hasChromium)('inspectors’ audits in a browser', TIMEOUT, () => {
  const suite = new BrowserSuite('audits');
  beforeAll(() => suite.start(), STARTUP_MS + 60_000);
  afterAll(() => suite.stop(), 60_000);

  it('shows the planted conflict of interest and the planted fairness pair', async () => {
    const page = await suite.newPage();
    await suite.signIn(page, 'inspector');

    // The audits are reached through the 监测预警 group of the menu.
    const menu = page.getByTestId('main-menu');
    await menu.getByText('监测预警', { exact: true }).click();
    await menu.getByText('优亲厚友核查', { exact: true }).click();
    await page.waitForURL(/\/audits\/conflicts/);

    const table = page.getByTestId('conflicts-table');
    const registered = table.locator('[data-testid="conflict-found"][data-found="registered"]');
    await registered.first().waitFor({ timeout: 60_000 });
    await expect(registered.first().textContent()).resolves.toBe(CONFLICT_SOURCES.registered['zh-CN']);
    // The row names the case the cadre acted on (a link to it) and the relation they registered.
    const row = table.locator('tr', { has: page.locator('[data-testid="conflict-found"][data-found="registered"]') }).first();
    await expect(row.getByTestId('conflict-procedure').getAttribute('href')).resolves.toMatch(/^\/procedures\/\d+/);
    await row.getByText('兄弟姐妹').first().waitFor();
    await expect(row.locator('a[href^="/households/"]').count()).resolves.toBeGreaterThan(0);

    // The fairness audit evaluates every household of the county: wait for its summary, then the pair.
    await menu.getByText('公平性核查', { exact: true }).click();
    await page.waitForURL(/\/audits\/fairness/);
    const summary = page.getByTestId('fairness-summary');
    await summary.waitFor({ timeout: 120_000 });
    await expect(summary.textContent()).resolves.toMatch(/已核查 [\d,]+ 户,用时 [\d.]+ 秒/);

    const pairs = page.locator('[data-testid="fairness-pair"][data-differs*="status"]');
    const statuses = new Set<string>();
    // The planted pair may not be on the first page of a county with many pairs: page on until found.
    for (let n = 0; n < 30; n++) {
      await page.locator('[data-testid="fairness-pair"]').first().waitFor();
      const count = await pairs.count();
      for (let i = 0; i < count; i++) {
        const pair = pairs.nth(i);
        const a = (await pair.getByTestId('fairness-a-status').textContent()) ?? '';
        const b = (await pair.getByTestId('fairness-b-status').textContent()) ?? '';
        statuses.add(`${a}|${b}`);
      }
      if (statuses.has(`${HOUSEHOLD_STATUSES.candidate['zh-CN']}|${HOUSEHOLD_STATUSES.exited['zh-CN']}`)) break;
      const next = page.locator('.ant-pagination-next:not(.ant-pagination-disabled)');
      if ((await next.count()) === 0) break;
      const before = await page.locator('[data-testid="fairness-pair"]').first().innerHTML();
      await next.click();
      await page.waitForFunction((html) => document.querySelector('[data-testid="fairness-pair"]')?.innerHTML !== html, before);
    }
    expect([...statuses]).toContain(`${HOUSEHOLD_STATUSES.candidate['zh-CN']}|${HOUSEHOLD_STATUSES.exited['zh-CN']}`);
    // The differing status is shown in red (antd's danger text).
    await expect(pairs.first().locator('[data-testid="fairness-a-status"].ant-typography-danger').count()).resolves.toBe(1);
  });
});
