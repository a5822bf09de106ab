import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import { demoCountyOutlines } from '#shared/demo/outlines';
import {
  buildSpatialIndex,
  demoPolicy,
  divisionContainsIn,
  judgeSites,
  statusPeriod,
} from '#shared/verdicts/index';
import { startTileTestServer } from '../electron/host/tiles/tile-test-server';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { AppShellPage } from './pages/app-shell-page';
import { MapPage } from './pages/map-page';
import { SitesPage } from './pages/sites-page';
import { startWebShell, type WebShell } from './web-shell';

// The demo province the app loads on first start: same seed, same sites (the health history's end day
// does not change positions, codes or names).
const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: addDays(dayOf(Date.now()), -1),
});
const target = demo.sites.find((s) => s.kind === 'intake' && s.divisionCode === '530102') ?? demo.sites[0];
// The site whose popup carries the most words: below target, failing the most rules (judged by the core
// as the app judges it), for the en-US layout check.
const judged = judgeSites({
  sites: demo.sites,
  health: demo.siteHealth,
  faultEvents: [],
  period: statusPeriod(demoPolicy, Date.now()),
  policy: demoPolicy,
  now: Date.now(),
});
const wordiest = [...judged.bySite.values()]
  .filter((v) => v.status === 'below')
  .sort((a, b) => b.health.failed.length - a.health.failed.length)[0];
const wordySite = demo.sites.find((s) => s.id === wordiest?.siteId);
// The demo sites whose registered position lies outside their county's demo outline (the spatial check).
const insideOutline = divisionContainsIn(buildSpatialIndex(demoCountyOutlines()));
const outsideOutline = demo.sites.filter(
  (s) => s.status !== 'decommissioned' && insideOutline(s.divisionCode, s.position) === false,
);

// Both scenarios share one web shell and page: the demo province (5,200 sites, 25,000 records) loads
// into the device database once, which on a busy 2-core machine takes minutes.
test.describe.configure({ mode: 'serial', timeout: 480_000 });
let shell: WebShell;
let page: Page;
let app: AppShellPage;

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(480_000);
  shell = await startWebShell();
  // A context of its own, so a later test can open a second page on the same profile.
  page = await (await browser.newContext()).newPage();
  await MapPage.enableTestHooks(page);
  app = new AppShellPage(page, shell);
  await app.open();
  await app.goTo('地图');
  await new MapPage(page).waitForSites(defaultDemoSiteCount, 400_000);
});

test.afterAll(async () => {
  await page.context().close();
  await shell.stop();
});

test('the map shows the demo province, filters to below-target sites, flies to a searched site and starts a patrol from its popup', async () => {
  const map = new MapPage(page);
  const all = await map.counts();
  expect(all.total).toBe(defaultDemoSiteCount);
  expect(all.shown).toBe(all.total);
  await expect(page.getByTestId('site-cluster-canvas')).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/map-zh-CN.png' });

  await map.toggle('below');
  await expect.poll(async () => (await map.counts()).shown).toBeLessThan(all.total);
  const below = await map.counts();
  expect(below.shown).toBeGreaterThan(0);
  await page.screenshot({ path: 'docs/screenshots/map-below-target.png' });

  await map.toggle('below');
  await expect.poll(async () => (await map.counts()).shown).toBe(all.total);

  if (target === undefined) {
    throw new Error('demo province has no sites');
  }
  await map.search(target.code, target.code);
  await expect(map.popup()).toContainText(target.name);
  await expect(page.getByTestId('site-popup-code')).toHaveText(target.code);
  await expect.poll(() => map.zoom()).toBe(15);
  await page.screenshot({ path: 'docs/screenshots/map-site-popup.png' });

  // en-US at the popup's width, on the wordiest popup (a below-target site failing the most rules): the
  // figure stays on one line and no tag runs past the popup's edge.
  if (wordySite === undefined) {
    throw new Error('the demo province has no below-target site');
  }
  await app.switchLanguage('English');
  await map.search(wordySite.code, wordySite.code);
  await expect(page.getByTestId('site-popup-code')).toHaveText(wordySite.code);
  await expect(page.getByTestId('site-popup-status')).toHaveText('Below target');
  const layout = await page.getByTestId('site-popup').evaluate((popup) => {
    const box = popup.getBoundingClientRect();
    const rate = popup.querySelector('[data-testid="site-popup-rate"]');
    const rangeOf = (node: Node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return range;
    };
    const tags = [...popup.querySelectorAll('.ant-tag')].map((tag) => tag.getBoundingClientRect());
    return {
      // One client rect per line box the figure's text occupies.
      rateLines: rate === null ? 0 : rangeOf(rate).getClientRects().length,
      overflow: tags.filter((tag) => tag.right > box.right + 0.5 || tag.left < box.left - 0.5).length,
    };
  });
  expect(layout).toEqual({ rateLines: 1, overflow: 0 });
  await page.screenshot({ path: 'docs/screenshots/map-site-popup-en-US.png' });
  await app.switchLanguage('简体中文');
  await map.search(target.code, target.code);
  await expect(page.getByTestId('site-popup-code')).toHaveText(target.code);

  // The same site by a click on the canvas where it is drawn.
  // Leaflet fades a replaced popup out for 200 ms and keeps its frame (with its close button) in the page
  // meanwhile; the close button wanted is the one of the popup that shows the site.
  await page
    .locator('.leaflet-popup')
    .filter({ has: page.getByTestId('site-popup-code') })
    .locator('.leaflet-popup-close-button')
    .click();
  await expect(map.popup()).toBeHidden();
  await map.clickSite(target.id);
  await expect(page.getByTestId('site-popup-code')).toHaveText(target.code);

  await page.getByTestId('start-patrol').click();
  await expect(page).toHaveURL(new RegExp(`#/patrols/new\\?siteId=${target.id}$`));
  const checkIn = await page.evaluate((id) => sessionStorage.getItem(`wrm.checkIn.${id}`), target.id);
  expect(JSON.parse(checkIn ?? 'null')).toMatchObject({ source: 'none', position: null, distanceM: null });
});

test('an area is downloaded from a local tile server and the map draws it from MBTiles after the server is gone', async () => {
  const server = await startTileTestServer();
  try {
    // Settings: an XYZ source pointing at the local server.
    await app.goTo('设置');
    await page.getByTestId('add-source').click();
    await page.getByTestId('source-name').fill('本地测试瓦片');
    await page.getByTestId('source-kind').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'XYZ' }).click();
    await page.getByTestId('source-template').fill(server.template);
    await page.getByTestId('source-save').click();
    await expect(page.getByTestId('source-本地测试瓦片')).toBeVisible();

    await app.goTo('地图');
    const map = new MapPage(page);
    await map.waitForSites(defaultDemoSiteCount, 60_000);
    const drawer = await map.openAreas();
    await drawer.getByRole('tab', { name: '下载新区域' }).click();
    await page.getByTestId('area-county').click();
    await page.keyboard.type('五华');
    await page.locator('.ant-select-item-option').filter({ hasText: '530102' }).click();
    // Zoom 8–14 by default; bring the upper end down to 12 to keep the download short.
    const upper = page.getByTestId('area-form').getByRole('slider').nth(1);
    await upper.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('area-estimate')).toContainText('个位置');
    await page.getByTestId('area-start').click();
    const area = drawer.locator('[data-testid^="area-"][data-state]').first();
    await expect(area).toHaveAttribute('data-state', 'complete', { timeout: 120_000 });
    expect(server.served.size).toBeGreaterThan(10);
    await page.screenshot({ path: 'docs/screenshots/map-offline-areas.png' });
    await drawer.getByRole('button', { name: /Close|关闭/ }).click();
    // The drawer hands focus back to its opener when its closing animation ends; a dropdown opened
    // before that would lose focus and close again.
    await expect(drawer).toBeHidden();

    // The tile server goes away; the map still draws the county from the MBTiles file.
    await server.stop();
    const servedBefore = server.served.size;
    await map.chooseBaseMap('本地测试瓦片');
    if (target === undefined) {
      throw new Error('demo province has no sites');
    }
    await map.search(target.code, target.code);
    await expect.poll(() => map.zoom()).toBe(15);
    await expect.poll(() => map.tiles('area').count(), { timeout: 30_000 }).toBeGreaterThan(3);
    expect(await map.tiles('network').count()).toBe(0);
    expect(server.served.size).toBe(servedBefore);
    // Leaflet fades a replaced popup out for 200 ms and keeps its frame (with its close button) in the page
    // meanwhile; the close button wanted is the one of the popup that shows the site.
    await page
      .locator('.leaflet-popup')
      .filter({ has: page.getByTestId('site-popup-code') })
      .locator('.leaflet-popup-close-button')
      .click();
    await page.screenshot({ path: 'docs/screenshots/map-offline-tiles.png' });
  } finally {
    await server.stop();
  }
});

test('the map and the Sites table count the same below-target sites over the same period', async () => {
  // Statuses move with the clock (a site turns silent as its last report ages): a second page of the
  // same profile, its clock standing still, compares both surfaces at one instant.
  const still = await page.context().newPage();
  try {
    await still.clock.setFixedTime(Date.now());
    await MapPage.enableTestHooks(still);
    const stillApp = new AppShellPage(still, shell);
    await stillApp.open();
    await stillApp.goTo('地图');
    const map = new MapPage(still);
    const all = await map.waitForSites(defaultDemoSiteCount, 120_000);
    await map.toggle('below');
    await expect.poll(async () => (await map.counts()).shown).toBeLessThan(all.total);
    const below = await map.counts();
    expect(below.shown).toBeGreaterThan(0);
    const mapPeriod = (await still.getByTestId('judged-period').first().textContent()) ?? '';
    expect(mapPeriod).toContain('近 30 天');

    await stillApp.goTo('站点');
    const sites = new SitesPage(still);
    await sites.waitForSites(defaultDemoSiteCount);
    await expect(still.getByTestId('judged-period').first()).toHaveText(mapPeriod);
    await sites.pick('filter-health', '未达标');
    await expect(sites.count()).toHaveText(`显示 ${below.shown} / ${defaultDemoSiteCount} 个站点`);
  } finally {
    await still.close();
  }
});

test('the demo county outlines are drawn under the sites with no network, can be turned off, and a site outside its outline is a spatial finding', async () => {
  await app.goTo('地图');
  const map = new MapPage(page);
  await map.waitForSites(defaultDemoSiteCount, 60_000);
  // No base map chosen and no tile server: the outlines alone orient the map, marked as demo data.
  const outlines = page.locator('path.wrm-layer-division');
  await expect.poll(() => outlines.count(), { timeout: 30_000 }).toBeGreaterThan(100);
  await expect(page.locator('path.wrm-layer-demo').first()).toBeAttached();
  await expect(page.getByTestId('layer-toggle-division')).toContainText('示范数据');
  // County names are labelled from zoom 7 on: closer in, the site's county carries its demo label.
  if (target === undefined) {
    throw new Error('demo province has no sites');
  }
  await map.search(target.code, target.code);
  await expect.poll(() => map.zoom()).toBe(15);
  await expect(page.locator('.wrm-layer-label').filter({ hasText: '（示范）' }).first()).toBeAttached();
  // Under the site markers: the layers' pane sits below the canvas the sites are drawn on.
  const order = await page.evaluate(() => {
    const z = (el: Element | null) => Number(el === null ? NaN : getComputedStyle(el).zIndex);
    const canvas = document.querySelector('[data-testid="site-cluster-canvas"]');
    return {
      layers: z(document.querySelector('.leaflet-wrm-spatial-layers-pane')),
      sites: z(canvas?.closest('.leaflet-pane') ?? null),
    };
  });
  expect(order.layers).toBeLessThan(order.sites);
  await page.screenshot({ path: 'docs/screenshots/map-demo-outlines.png' });

  await page.getByTestId('layer-toggle-division').click();
  await expect(outlines).toHaveCount(0);
  await page.getByTestId('layer-toggle-division').click();
  await expect.poll(() => outlines.count()).toBeGreaterThan(100);

  // The spatial-finding filter shows exactly the sites outside their county's outline.
  expect(outsideOutline.length).toBeGreaterThan(0);
  await page.getByTestId('filter-spatial').click();
  await expect.poll(async () => (await map.counts()).shown).toBe(outsideOutline.length);
  await page.getByTestId('filter-spatial').click();
  await expect.poll(async () => (await map.counts()).shown).toBe(defaultDemoSiteCount);

  // One of them on its site page: the finding, with its proposed correction.
  const outside = outsideOutline[0]!;
  await page.evaluate((id) => {
    window.location.hash = `#/sites/${id}`;
  }, outside.id);
  const finding = page.getByTestId('finding-position-outside-division');
  await expect(finding).toBeVisible({ timeout: 60_000 });
  await expect(finding).toContainText(`不在行政区划 ${outside.divisionCode} 内`);
});
