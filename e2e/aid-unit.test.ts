/**
 * Browser test of an aid unit's account (帮扶单位) against a real server (the demo county 田东县, fresh data
 * directory): the `aidunit` account reads only its own unit's work, so its menu holds no registry page, its
 * home shows its unit, and its unit, visits, visit frequency and a helper's ledger open without any request
 * answered 403 and without an error on screen. Then the admin gives a new account its unit. Skipped (with a
 * message) where no Chromium is installed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserSuite, hasChromium, STARTUP_MS, TIMEOUT } from './support/browser.ts';

/** The menu items of pages an aid unit may not read (each would answer 403). */
const REGISTRY_ITEMS = ['统计分析', '农户档案', '程序办理', '动态调整', '出列摘帽', '监测预警', '户册与明白卡', '驻村工作队', '走访活动', '用户管理', '审计日志'];

/** The API answers of a page that went wrong for the user: refused (403) or broken (5xx). */
function watchApi(page: Page): string[] {
  const bad: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/') && (r.status() === 403 || r.status() >= 500)) bad.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return bad;
}

/** Nothing on the page says something failed: no error toast, no error or 403 result, no error alert. */
async function expectNoError(page: Page, where: string): Promise<void> {
  const shown = await page.locator('.ant-message-error, .ant-notification-notice-error, .ant-result-403, .ant-result-error, .ant-result-404, .ant-alert-error').count();
  expect(shown, `an error shown on ${where}`).toBe(0);
}

describe.skipIf(!hasChromium)('an aid unit’s account in a browser', TIMEOUT, () => {
  const suite = new BrowserSuite('aid-unit');
  beforeAll(() => suite.start(), STARTUP_MS + 60_000);
  afterAll(() => suite.stop(), 60_000);

  it('reads its own unit’s work without a refused request, and the admin names a new account’s unit', TIMEOUT, async () => {
    const page = await suite.newPage();
    const refused = watchApi(page);
    await suite.signIn(page, 'aidunit');
    const me = (await (await page.request.get(`${suite.base}/api/v1/auth/me`)).json()) as { user: { role: string; aidUnit: { id: string; name: string } | null } };
    expect(me.user.role).toBe('aid_unit');
    const unit = me.user.aidUnit;
    expect(unit, 'the demo links the aidunit account to a unit').not.toBeNull();
    const unitName = unit?.name ?? '';

    // The home is the unit's: its name and its figures, each a number.
    await page.getByTestId('home-title').filter({ hasText: unitName }).waitFor();
    for (const key of ['staff', 'pairings', 'visits', 'overdue']) {
      const value = page.getByTestId(`aid-home-${key}`).locator('.ant-statistic-content-value');
      await page.waitForFunction((el) => /\d/.test(el?.textContent ?? ''), await value.elementHandle());
    }
    expect(Number((await page.getByTestId('aid-home-staff').locator('.ant-statistic-content-value').textContent())?.replace(/[^\d]/g, ''))).toBeGreaterThan(0);
    await expectNoError(page, 'the home');

    // The menu leads only to what the unit reads: no registry, no statistics, no monitoring.
    const menu = page.getByTestId('main-menu');
    await menu.getByText('帮扶', { exact: true }).click();
    await menu.getByText('走访', { exact: true }).waitFor();
    await menu.getByText('本单位', { exact: true }).waitFor();
    for (const label of REGISTRY_ITEMS) expect(await menu.getByText(label, { exact: true }).count(), `menu item ${label}`).toBe(0);

    // Its unit: its helpers, each opening a ledger.
    await menu.getByText('本单位', { exact: true }).click();
    await page.waitForURL(new RegExp(`/assistance/units/${unit?.id ?? ''}$`));
    await page.getByTestId('unit-name').filter({ hasText: unitName }).waitFor();
    await page.getByTestId('staff-table').getByTestId('staff-ledger').first().waitFor();
    await expectNoError(page, 'the unit');

    // The visits of its helpers, with the households named but not linked (the unit reads no household record).
    await menu.getByText('走访', { exact: true }).click();
    await page.waitForURL(/\/visits/);
    const visits = page.getByTestId('visits-table');
    await visits.locator('tbody tr.ant-table-row').first().waitFor();
    await visits.getByTestId('visit-household').first().waitFor();
    expect(await visits.locator('a[href^="/households/"]').count(), 'links to household pages').toBe(0);
    await expectNoError(page, 'the visits');

    // The visit frequency: counted for its unit, listed by its helpers.
    await page.getByTestId('visits-tabs').getByText('走访频次', { exact: true }).click();
    await page.getByTestId('compliance-by-unit').getByTestId('compliance-unit').filter({ hasText: unitName }).waitFor();
    const helper = page.getByTestId('compliance-by-helper').getByTestId('compliance-helper').first();
    await helper.waitFor();
    const helperName = (await helper.textContent()) ?? '';
    await expectNoError(page, 'the visit frequency');

    // A helper's ledger: the households paired with them and the year's visits.
    await helper.click();
    await page.waitForURL(/\/helpers\/\d+\/ledger/);
    await page.getByTestId('ledger-helper').filter({ hasText: helperName }).waitFor();
    await page.getByTestId('ledger-households').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.locator('a[href^="/households/"]').count(), 'links to household pages').toBe(0);
    await expectNoError(page, 'the ledger');

    expect(refused, 'API requests refused or failed').toEqual([]);

    // The admin gives a new account its unit: the unit is asked for only with the role 帮扶单位, and is required.
    const admin = await suite.newPage();
    const adminRefused = watchApi(admin);
    await suite.signIn(admin, 'admin');
    await admin.getByTestId('main-menu').getByText('用户管理', { exact: true }).click();
    await admin.waitForURL(/\/admin\/users/);
    const table = admin.getByTestId('users-table');
    await table.getByText('county', { exact: true }).waitFor();

    const username = `unit${Date.now().toString(36)}`;
    await admin.getByRole('button', { name: /新建用户/ }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(username);
    await dialog.getByLabel('姓名').fill('测试帮扶单位');
    expect(await dialog.getByTestId('user-aid-unit').count(), 'the unit field before the role').toBe(0);
    await dialog.getByLabel('角色').click();
    await admin.locator('.ant-select-item-option', { hasText: /^帮扶单位$/ }).click();
    // The role's list closed before the next field (under load the closing list could take the clicks).
    await admin.locator('.ant-select-item-option', { hasText: /^帮扶单位$/ }).waitFor({ state: 'hidden' });
    await dialog.getByLabel('行政区划代码').fill('451022');
    await dialog.getByLabel('初始密码').fill('Start2026x');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('帮扶单位账号须选定所属的帮扶单位').waitFor();

    await dialog.getByLabel('所属帮扶单位').click();
    await admin.keyboard.type(unitName);
    await admin.locator('.ant-select-item-option', { hasText: unitName }).first().click();
    await admin.locator('.ant-select-item-option', { hasText: unitName }).first().waitFor({ state: 'hidden' });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = table.locator('tr', { hasText: username });
    await row.waitFor();
    await expect(row.getByTestId('user-aid-unit-name').textContent()).resolves.toBe(unitName);
    expect(adminRefused, 'API requests refused or failed').toEqual([]);
  });
});
