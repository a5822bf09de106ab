import { expect, test } from './fixtures';
import { SitesPage } from './pages/sites-page';

test('the Sites page lists the demo province, filters one county to its below-target sites and opens one', async ({
  app,
  page,
}) => {
  test.setTimeout(240_000);
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') {
      consoleErrors.push(m.text());
    }
  });
  // Statuses move with the clock (a site turns silent when its last report ages past the policy's
  // hours), so the page's clock stands still for this walk: the filtered lists cannot change under it.
  await page.clock.setFixedTime(Date.now());
  await app.open();
  await app.goTo('站点');
  const sites = new SitesPage(page);
  await sites.waitForSites(5200);
  await expect(page.getByTestId('health-period')).toContainText('近 30 天');

  // Only the sites below their targets with findings, province-wide; then the county of the first
  // of them. The demo's findings depend on the day (permits expire), so the county is read, not fixed.
  await sites.pick('filter-health', '未达标');
  await sites.pick('filter-findings', '有问题');
  const inProvince = Number(/显示 (\d+)/.exec((await sites.count().textContent()) ?? '')?.[1]);
  expect(inProvince).toBeGreaterThan(0);
  expect(inProvince).toBeLessThan(5200);
  const county = ((await sites.rows().first().locator('.ant-table-cell').nth(3).textContent()) ?? '').trim();
  expect(county).not.toBe('');
  await sites.choose('filter-county', county);
  await expect(sites.count()).toHaveText(/^显示 \d+ \/ 5200 个站点$/);
  const shown = Number(/显示 (\d+)/.exec((await sites.count().textContent()) ?? '')?.[1]);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThanOrEqual(inProvince);
  await expect(sites.rows()).toHaveCount(shown);
  for (const row of await sites.rows().all()) {
    await expect(row).toContainText(county);
    await expect(row.getByTestId('site-status-below')).toBeVisible();
  }
  expect(page.url()).toMatch(/county=\d{6}/);
  expect(page.url()).toContain('health=below');
  expect(page.url()).toContain('findings=any');

  // Open the first: its chart, its health against targets, its findings.
  const name = (await sites.rows().first().locator('.ant-table-cell').nth(1).textContent()) ?? '';
  await sites.rows().first().click();
  await expect(page.getByTestId('site-title')).toHaveText(name);
  const chart = page.getByTestId('reporting-chart');
  await expect(chart.locator('rect')).toHaveCount(90);
  await expect(chart.locator('rect[data-kind="ok"]').first()).toBeVisible();
  await expect(page.getByTestId('site-health-rules')).toContainText('未达标');
  await expect(page.getByTestId('findings').locator('.ant-list-item').first()).toBeVisible();
  // The content area scrolls inside the window: a tall window shows the whole page in one picture.
  await page.setViewportSize({ width: 1360, height: 1800 });
  await page.screenshot({ path: 'docs/screenshots/site-detail-zh-CN.png' });
  await page.setViewportSize({ width: 1360, height: 860 });

  // Back to the filtered list, then the health overview by area.
  await page.getByRole('button', { name: '返回站点列表' }).click();
  await expect(sites.count()).toHaveText(new RegExp(`^显示 ${shown} / 5200`));
  await page.screenshot({ path: 'docs/screenshots/sites-zh-CN.png' });
  await page.getByRole('tab', { name: '区域健康概况' }).click();
  await expect(page.getByTestId('area-table')).toContainText('大理白族自治州');
  await expect(page.getByTestId('area-table')).toContainText('省界断面');
  await page.screenshot({ path: 'docs/screenshots/site-health-areas-zh-CN.png' });

  // en-US is complete too.
  await app.switchLanguage('English');
  await expect(page.getByTestId('area-table')).toContainText('Provincial-boundary section');
  await page.getByRole('tab', { name: 'Sites' }).click();
  await expect(sites.count()).toHaveText(new RegExp(`^Showing ${shown} of 5200 sites$`));
  await expect(sites.rows().first()).toContainText('Below target · ');
  await page.screenshot({ path: 'docs/screenshots/sites-en-US.png' });
  await app.switchLanguage('简体中文');
  expect(consoleErrors).toEqual([]);
});
