/**
 * Browser test of relapse monitoring (防返贫监测) against a real server (the demo county 田东县, fresh data
 * directory): the village cadre opens the alerts list, opens a high out-of-pocket medical spending alert
 * (planted by the demo through the county's medical insurance feed; raised here through the same import
 * when the demo has none), records the home visit that confirms the risk, opens the monitoring procedure
 * from the alert and lands on the procedure, which links back to the alert. Skipped (with a message)
 * where no Chromium is installed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request as playwrightRequest, type APIRequestContext, type Page } from 'playwright-core';
import { todayInChina } from '@jingzhun/domain';
import { BrowserSuite, hasChromium, PASSWORD, STARTUP_MS, TIMEOUT } from './support/browser.ts';

interface AlertRow {
  id: string;
  householdId: string;
  headName: string;
  householdStatus: string;
  monitoringCategory: string | null;
  rule: string;
  state: string;
  procedureId: string | null;
}

describe.skipIf(!hasChromium)('relapse monitoring in a browser', TIMEOUT, () => {
  const suite = new BrowserSuite('monitoring');
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
    const res = method === 'get' ? await session.get(`/api/v1${path}`) : await session.post(`/api/v1${path}`, { data: data ?? {} });
    expect(res.ok(), `${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  }

  /** Polls a feed until the server has finished the stage it is in. */
  async function settled(county: APIRequestContext, feedId: string): Promise<{ state: string; counts: Record<string, number>; errors: unknown[] }> {
    for (let i = 0; i < 240; i++) {
      const feed = await json<{ state: string; counts: Record<string, number>; errors: unknown[] }>(county, 'get', `/feeds/${feedId}`);
      if (feed.state !== 'validating' && feed.state !== 'writing') return feed;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`feed ${feedId} still running`);
  }

  /** Clicks a triage form's button and holds the server to having taken the action (its refusal, if any, is the failure). */
  async function act(page: Page, alertId: string, click: () => Promise<void>): Promise<void> {
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/alerts/${alertId}/actions`);
    await click();
    const res = await answered;
    expect(res.status(), await res.text()).toBe(200);
  }

  /** An open medical spending alert of the village on a household not monitored yet (a procedure can be opened for it). */
  async function openMedicalAlert(village: APIRequestContext): Promise<AlertRow | undefined> {
    const page = await json<{ items: AlertRow[] }>(village, 'get', '/alerts?rule=medical_spending&state=pending&page=1&pageSize=100');
    return page.items.find((a) => ['open', 'assigned'].includes(a.state) && a.monitoringCategory === null && a.householdStatus === 'exited');
  }

  /**
   * Raises one the way a county does when the demo planted none: the county imports a medical insurance
   * feed with two claims of this year for the head of an exited household of the village, summing above
   * 10,000 yuan, and confirms it.
   */
  async function raiseMedicalAlert(villageCode: string): Promise<void> {
    const county = await apiAs('county');
    const households = await json<{ items: Array<{ id: string }> }>(county, 'get', `/households?region=${villageCode}&status=exited&page=1&pageSize=50`);
    let headId: string | undefined;
    for (const { id } of households.items.slice(5)) {
      const h = await json<{ monitoringCategory: string | null; members: Array<{ relation: string; status: string; idNumber: string }> }>(county, 'get', `/households/${id}`);
      const head = h.members.find((m) => m.relation === 'head' && m.status === 'active');
      if (h.monitoringCategory === null && head && /^\d{17}[\dX]$/.test(head.idNumber)) {
        headId = head.idNumber;
        break;
      }
    }
    expect(headId, 'an exited household of the village with its head’s ID').toBeDefined();
    const today = todayInChina();
    const first = `${today.slice(0, 4)}-01-02`;
    const csv = ['身份证号,日期,个人自付金额', `${headId},${first},6200`, `${headId},${today},5400`].join('\r\n');
    // The fields go before the file: the server reads them first.
    const res = await county.post('/api/v1/feeds/medical_insurance/imports', {
      multipart: { source: '县医疗保障局', asOf: today, file: { name: 'medical.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf-8') } },
    });
    expect(res.status(), await res.text()).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const checked = await settled(county, id);
    expect(checked.state, JSON.stringify(checked.errors)).toBe('validated');
    await json(county, 'post', `/feeds/${id}/confirm`);
    const written = await settled(county, id);
    expect(written.state).toBe('done');
  }

  it('a village cadre verifies a medical spending alert at home and opens the monitoring procedure from it', TIMEOUT, async () => {
    const village = await apiAs('village');
    const me = await json<{ user: { region: { code: string } } }>(village, 'get', '/auth/me');
    const villageCode = me.user.region.code;
    expect(villageCode).toMatch(/^\d{12}$/);
    let alert = await openMedicalAlert(village);
    if (!alert) {
      await raiseMedicalAlert(villageCode);
      alert = await openMedicalAlert(village);
    }
    expect(alert, 'an open medical spending alert in the demo village').toBeDefined();
    const alertId = alert!.id;

    // The alerts list, narrowed to the rule, links to the alert.
    const page = await suite.newPage();
    await suite.signIn(page, 'village');
    await page.goto(`${suite.base}/alerts?rule=medical_spending`);
    await page.getByTestId('alerts-table').waitFor();
    const link = page.locator(`[data-testid="alert-link"][href="/alerts/${alertId}"]`);
    await link.waitFor();
    await link.click();
    await page.waitForURL((url) => url.pathname === `/alerts/${alertId}`);
    await page.getByTestId('alert-rule').filter({ hasText: '个人自付医疗费用较高' }).waitFor();
    await page.getByTestId('alert-evidence').filter({ hasText: '元' }).waitFor();

    // 入户核实: the visit today, what was found, the risk confirmed.
    await page.getByTestId('alert-action-verify').click();
    const verify = page.getByTestId('alert-verify-form');
    await verify.waitFor();
    await verify.getByLabel('核实情况').fill('户主今年两次住院,自付医疗费用一万余元,家中积蓄已用完,存在返贫风险');
    await page.getByTestId('alert-verify-confirmed').click();
    await act(page, alertId, () => page.getByRole('button', { name: '保存核实结果' }).click());
    await page.getByTestId('alert-state').filter({ hasText: '已入户核实' }).waitFor();
    await page.getByTestId('alert-history').filter({ hasText: '风险属实' }).waitFor();

    // The risk confirmed and the household not monitored yet: the monitoring procedure is opened from the alert.
    await page.getByTestId('alert-action-open_procedure').click();
    await page.getByTestId('alert-open_procedure-form').waitFor();
    await act(page, alertId, () => page.getByRole('button', { name: '启动程序' }).click());
    await page.getByTestId('alert-in-procedure').waitFor();
    await page.getByTestId('alert-state').filter({ hasText: '已启动监测程序' }).waitFor();

    // The procedure page: inclusion in monitoring, linking back to the alert.
    await page.getByTestId('alert-procedure-link').click();
    await page.waitForURL((url) => /^\/procedures\/\d+$/.test(url.pathname));
    await page.getByTestId('procedure-kind').filter({ hasText: '纳入防返贫监测' }).waitFor();
    await page.getByTestId('procedure-alert').filter({ hasText: `#${alertId}` }).waitFor();
    const procedureId = new URL(page.url()).pathname.split('/').pop();

    // The server agrees: the alert is in the procedure it opened.
    const after = await json<AlertRow>(village, 'get', `/alerts/${alertId}`);
    expect(after).toMatchObject({ state: 'in_procedure', procedureId });
  });

  it('a village cadre starts risk removal (风险消除) for a monitored household stable for the set period', TIMEOUT, async () => {
    const village = await apiAs('village');
    const me = await json<{ user: { region: { code: string } } }>(village, 'get', '/auth/me');
    // The demo's stable household: monitored (边缘易致贫户) for eight months, income and assurances secure.
    const exited = await json<{ items: Array<{ id: string }> }>(village, 'get', `/households?region=${me.user.region.code}&status=exited&page=1&pageSize=200`);
    let stable: string | undefined;
    for (const { id } of exited.items) {
      const h = await json<{ monitoringCategory: string | null }>(village, 'get', `/households/${id}`);
      if (h.monitoringCategory === 'marginal') {
        stable = id;
        break;
      }
    }
    expect(stable, 'a monitored household in the demo village').toBeDefined();

    const page = await suite.newPage();
    await suite.signIn(page, 'village');
    await page.goto(`${suite.base}/households/${stable}?tab=procedures`);
    await page.getByTestId('procedure-open').click();
    await page.getByTestId('procedure-open-form').waitFor();
    await page.getByTestId('procedure-open-kind-risk_removal').click();
    await page.getByRole('dialog').getByRole('button', { name: /发\s*起/ }).click();
    await page.waitForURL((url) => /^\/procedures\/\d+$/.test(url.pathname));
    await page.getByTestId('procedure-kind').filter({ hasText: '风险消除' }).waitFor();
    const procedureId = new URL(page.url()).pathname.split('/').pop();
    const opened = await json<{ kind: string; state: string; household: { id: string } }>(village, 'get', `/procedures/${procedureId}`);
    expect(opened).toMatchObject({ kind: 'risk_removal', state: 'open', household: { id: stable } });
  });
});
