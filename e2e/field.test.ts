/**
 * Browser test of field mode (外业模式) against a real server (the demo county 田东县, fresh data directory):
 * on a phone's screen the demo helper signs in, lands on 我的结对户, taps 走访 on a household due for a
 * visit, fills in what was seen and a problem, and submits — once with the network gone (the text stays),
 * then again — and is back on the list where that household is no longer due: list → form → list. The
 * county then finds the visit in the visits list, the household off the compliance list, and the visit
 * in the helper's ledger, also on its own screen. Skipped (with a message) where no Chromium is installed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request as playwrightRequest, type APIRequestContext } from 'playwright-core';
import { todayInChina } from '@jingzhun/domain';
import { BrowserSuite, hasChromium, PASSWORD, STARTUP_MS, TIMEOUT } from './support/browser.ts';

const PHONE = { width: 390, height: 844 };

interface MyHouseholds {
  helper: { id: string; name: string } | null;
  items: Array<{ household: { id: string; headName: string }; due: boolean }>;
}

describe.skipIf(!hasChromium)('field mode on a phone', TIMEOUT, () => {
  const suite = new BrowserSuite('field');
  const sessions: APIRequestContext[] = [];
  beforeAll(() => suite.start(), STARTUP_MS + 60_000);
  afterAll(async () => {
    for (const s of sessions) await s.dispose().catch(() => undefined);
    await suite.stop();
  }, 60_000);

  /** An API session of a demo account (its own cookie jar). */
  async function apiAs(username: string): Promise<APIRequestContext> {
    const session = await playwrightRequest.newContext({ baseURL: suite.base, extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
    sessions.push(session);
    const res = await session.post('/api/v1/auth/login', { data: { username, password: PASSWORD } });
    expect(res.status(), `sign in as ${username}: ${await res.text()}`).toBe(200);
    return session;
  }

  async function json<T>(session: APIRequestContext, method: 'get' | 'post', path: string, data?: unknown): Promise<T> {
    const res = method === 'get' ? await session.get(`/api/v1${path}`) : await session.post(`/api/v1${path}`, { data });
    expect(res.ok(), `${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  }

  it('a helper logs a visit on a phone in three screens; the county sees it in visits, compliance and the ledger', TIMEOUT, async () => {
    // The demo makes the `helper` account one of the demo village's helpers, with households due.
    const helperApi = await apiAs('helper');
    const before = await json<MyHouseholds>(helperApi, 'get', '/my/households');
    const staffId = before.helper?.id ?? '';
    expect(staffId).not.toBe('');
    expect(before.items.some((i) => i.due), 'a household due for a visit').toBe(true);

    const page = await suite.newPage(PHONE);
    // Every screen the phone shows, by path (same-document navigations included).
    const paths: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) return;
      const path = new URL(frame.url()).pathname;
      if (paths.at(-1) !== path) paths.push(path);
    });

    // Signing in on a phone, the helper lands on field mode rather than the desktop home.
    await page.goto(`${suite.base}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('用户名').fill('helper');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((url) => url.pathname === '/field');
    await page.getByTestId('field-helper-name').filter({ hasText: before.helper!.name }).waitFor();
    expect(await page.getByTestId('main-menu').count(), 'no desktop shell in field mode').toBe(0);
    const landedAt = paths.lastIndexOf('/field');

    // The Due tab lists the due households; take the first and tap its 走访 button.
    await page.getByTestId('field-tab-due').waitFor();
    const dueCard = page.locator('[data-testid="field-household"][data-due="yes"]').first();
    await dueCard.waitFor();
    const householdId = (await dueCard.getAttribute('data-household-id')) ?? '';
    expect(householdId).toMatch(/^\d+$/);
    await expect(dueCard.getByTestId('field-household-due').textContent()).resolves.toContain('待走访');
    await dueCard.getByTestId('field-visit-button').click();
    await page.waitForURL((url) => url.pathname === `/field/visit/${householdId}`);

    // The form: today's date by default, what was seen and a problem found.
    const today = todayInChina();
    await page.getByTestId('field-form-date').filter({ hasText: today }).waitFor();
    const seen = '户主在家,正在修缮牛栏,家中存粮充足';
    const problem = '孩子上学路远,冬季接送困难';
    await page.getByTestId('field-form-seen').getByRole('textbox').fill(seen);
    await page.getByTestId('field-form-problems').getByRole('textbox').fill(problem);

    // The village's network drops: the submit fails, nothing typed is lost.
    await page.context().setOffline(true);
    await page.getByTestId('field-form-submit').click();
    await page.getByTestId('field-form-error').filter({ hasText: '已保存在本机' }).waitFor();
    await expect(page.getByTestId('field-form-seen').getByRole('textbox').inputValue()).resolves.toBe(seen);
    await expect(page.getByTestId('field-form-problems').getByRole('textbox').inputValue()).resolves.toBe(problem);
    expect(new URL(page.url()).pathname).toBe(`/field/visit/${householdId}`);
    await page.context().setOffline(false);

    // Back online, the same form goes through: a toast, and the list again.
    const logged = page.waitForResponse((r) => r.url().endsWith('/api/v1/visits') && r.request().method() === 'POST');
    await page.getByTestId('field-form-submit').click();
    const answer = await logged;
    expect(answer.status(), await answer.text()).toBe(201);
    const visitId = ((await answer.json()) as { id: string }).id;
    await page.waitForURL((url) => url.pathname === '/field');
    await page.getByText('走访已登记').waitFor();
    await page.getByTestId('field-helper-name').waitFor();

    // That household is no longer due: off the Due tab, and on the All tab with today's visit.
    await page.getByTestId('field-households').waitFor();
    expect(await page.locator(`[data-testid="field-household"][data-household-id="${householdId}"][data-due="yes"]`).count()).toBe(0);
    await page.getByTestId('field-tab-all').click();
    const card = page.locator(`[data-testid="field-household"][data-household-id="${householdId}"]`);
    await card.waitFor();
    await expect(card.getAttribute('data-due')).resolves.toBe('no');
    await expect(card.getByTestId('field-household-last').textContent()).resolves.toContain(today);

    // At most three screens: list → form → list.
    expect(paths.slice(landedAt)).toEqual(['/field', `/field/visit/${householdId}`, '/field']);

    // The county, at its desk, sees the visit with the helper as the visitor.
    const county = await apiAs('county');
    const visits = await json<{ items: Array<{ id: string; visitedOn: string; seen: string; problems: string | null; helpers: Array<{ id: string }> }> }>(
      county,
      'get',
      `/visits?householdId=${householdId}&page=1&pageSize=20`,
    );
    const visit = visits.items.find((v) => v.id === visitId);
    expect(visit).toMatchObject({ visitedOn: today, seen, problems: problem });
    expect(visit?.helpers.map((h) => h.id)).toEqual([staffId]);

    // Compliance no longer lists the pair as overdue.
    const compliance = await json<{ items: Array<{ household: { id: string } }> }>(county, 'get', `/visits/compliance?staffId=${staffId}&page=1&pageSize=200`);
    expect(compliance.items.map((i) => i.household.id)).not.toContain(householdId);

    // And the helper's ledger for this year lists it.
    const ledger = await json<{ visits: Array<{ id: string; visitedOn: string; household: { id: string } }> }>(county, 'get', `/helpers/${staffId}/ledger`);
    expect(ledger.visits).toContainEqual(expect.objectContaining({ id: visitId, visitedOn: today, household: expect.objectContaining({ id: householdId }) }));

    // The same ledger on the county's screen shows what the helper saw.
    const desk = await suite.newPage();
    await suite.signIn(desk, 'county');
    await desk.goto(`${suite.base}/helpers/${staffId}/ledger`);
    await desk.getByText(seen).first().waitFor();
  });
});
