/**
 * Browser test of the procedures UI against a real server (the demo county 田东县, fresh data directory):
 * a village cadre opens an identification case from a household's Cases tab and approves its
 * application; the village's public notice page then works without signing in, on a phone too, and
 * takes an anonymous objection. Skipped (with a message) where no Chromium is installed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { APIRequestContext, Page } from 'playwright-core';
import { BrowserSuite, hasChromium, STARTUP_MS, TIMEOUT } from './support/browser.ts';
import { addCalendarDays, idCheckChar, todayInChina } from '@jingzhun/domain';

describe.skipIf(!hasChromium)('procedures in a browser', TIMEOUT, () => {
  const suite = new BrowserSuite('procedures');
  beforeAll(() => suite.start(), STARTUP_MS + 60_000);
  afterAll(() => suite.stop(), 60_000);
  const newPage = (viewport?: { width: number; height: number }) => suite.newPage(viewport);
  const signIn = (page: Page, username: string) => suite.signIn(page, username);

  /**
   * Registers an applicant (`candidate`) household in the village through the API with the page's own
   * session: one head with an ID number nobody in the county holds yet, a low income, safe conditions.
   */
  async function registerApplicant(request: APIRequestContext, villageCode: string, name: string): Promise<string> {
    const lastYear = Number(todayInChina().slice(0, 4)) - 1;
    for (let seq = 501; seq <= 999; seq += 2) {
      const first17 = `45102219780625${String(seq).padStart(3, '0')}`;
      const res = await request.post(`${suite.base}/api/v1/households`, {
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
    const me = (await (await page.request.get(`${suite.base}/api/v1/auth/me`)).json()) as { user: { region: { code: string; name: string } } };
    const village = me.user.region;
    expect(village.code).toMatch(/^\d{12}$/);
    const headName = '覃程测';
    const householdId = await registerApplicant(page.request, village.code, headName);

    // The household page's Cases tab offers only what an applicant allows, and opens the case.
    await page.goto(`${suite.base}/households/${householdId}`);
    await page.getByTestId('household-head-name').filter({ hasText: headName }).waitFor();
    await page.getByRole('tab', { name: '程序', exact: true }).click();
    await page.getByTestId('household-procedures').waitFor();
    await page.getByTestId('procedure-open').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('procedure-open-kind-identification').waitFor();
    expect(await dialog.getByTestId('procedure-open-kind-exit').count(), 'an applicant cannot exit').toBe(0);
    // Click, then wait for the radio to show it (check() gives up when a busy page re-renders a moment late).
    const identification = dialog.getByTestId('procedure-open-kind-identification');
    await identification.click();
    await expect.poll(() => identification.isChecked(), { timeout: 30_000 }).toBe(true);
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
      const res = await page.request.post(`${suite.base}/api/v1/procedures/${procedureId}/steps`, { data: body });
      expect(res.status(), await res.text()).toBe(200);
    };
    await step({ step: 'survey', outcome: 'approved', payload: { surveyedOn: today, findings: '房屋B级,收入低' } });
    await step({ step: 'deliberation', outcome: 'approved', payload: { heldOn: today, attendance: 21, result: 'agreed', minutes: '村民代表会议一致同意' } });
    // As many days as the case's policy asks for, both ends counted.
    const { noticeDays } = (await (await page.request.get(`${suite.base}/api/v1/procedures/${procedureId}`)).json()) as { noticeDays: number };
    const endsOn = addCalendarDays(today, noticeDays - 1);
    const posted = await page.request.post(`${suite.base}/api/v1/procedures/${procedureId}/notice`, {
      data: { startsOn: today, endsOn, complaintPhone: '0776-5212345' },
    });
    expect(posted.status(), await posted.text()).toBe(200);

    // No sign-in, a phone's width: the notice, a masked ID, and an anonymous objection.
    const visitor = await newPage({ width: 375, height: 740 });
    await visitor.goto(`${suite.base}/public/notices/${village.code}`);
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
    const view = (await (await page.request.get(`${suite.base}/api/v1/procedures/${procedureId}`)).json()) as { objections: { by: string | null; text: string }[] };
    expect(view.objections).toEqual([expect.objectContaining({ by: null, text: '该户有子女在外务工,收入较高' })]);

    // And the cadre sees it on the case, waiting for an answer.
    await page.goto(`${suite.base}/procedures/${procedureId}`);
    await page.getByTestId('notice-block').getByText('该户有子女在外务工', { exact: false }).waitFor();
    await page.getByTestId('objection-resolve-open').waitFor();
  });

  it('the township reviews from its inbox and the county approves: the applicant becomes a registered poor household', TIMEOUT, async () => {
    // The demo leaves one applicant's case waiting for the township (its notice over, no objection).
    const township = await newPage();
    await signIn(township, 'township');
    await township.getByTestId('inbox-waiting').click();
    await township.waitForURL(/\/procedures\?/);
    await township.getByTestId('procedure-row-link').first().click();
    await township.waitForURL(/\/procedures\/\d+/);
    const procedureId = new URL(township.url()).pathname.split('/').pop() ?? '';
    await township.getByTestId('procedure-current-step').filter({ hasText: '乡镇审核' }).waitFor();
    await township.getByTestId('step-form').getByLabel('审核意见').fill('经审核,该户符合识别标准');
    const reviewed = township.waitForResponse((r) => r.url().endsWith(`/api/v1/procedures/${procedureId}/steps`) && r.request().method() === 'POST');
    await township.getByTestId('step-approve').click();
    expect((await reviewed).status()).toBe(200);
    await township.getByTestId('procedure-current-step').filter({ hasText: '县级审批' }).waitFor();

    const county = await newPage();
    await signIn(county, 'county');
    await county.goto(`${suite.base}/procedures/${procedureId}`);
    await county.getByTestId('procedure-current-step').filter({ hasText: '县级审批' }).waitFor();
    await county.getByTestId('step-form').getByLabel('文号').fill('田扶发〔2026〕99号');
    await county.getByTestId('step-approve').click();
    // The last step asks before it changes the household.
    const confirm = county.getByRole('dialog').filter({ hasText: '确认审批通过' });
    await confirm.waitFor();
    const approved = county.waitForResponse((r) => r.url().endsWith(`/api/v1/procedures/${procedureId}/steps`) && r.request().method() === 'POST');
    await confirm.getByRole('button', { name: /通\s*过/ }).click();
    expect((await approved).status()).toBe(200);
    await county.getByTestId('procedure-state').filter({ hasText: '已批准' }).waitFor();

    const view = (await (await county.request.get(`${suite.base}/api/v1/procedures/${procedureId}`)).json()) as { state: string; household: { id: string } };
    expect(view.state).toBe('approved');
    const household = (await (await county.request.get(`${suite.base}/api/v1/households/${view.household.id}`)).json()) as { status: string };
    expect(household.status).toBe('poor');
  });
});
