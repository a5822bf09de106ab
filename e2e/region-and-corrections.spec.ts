import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import { expect, test } from './fixtures';
import { PatrolPage } from './pages/patrol-page';
import { SyncCentrePage, demoAccounts } from './pages/sync-centre-page';
import { startWebShell } from './web-shell';

// Issue 14, items 2 and 4: the first launch asks to enrol or to explore the demo; work outside the
// enrolled region is warned about when it starts; a reading is corrected and withdrawn by new records.
test.describe.configure({ timeout: 900_000 });

test('the first launch asks to enrol or to explore the demo, and the demo is marked as such', async ({
  app,
  page,
}) => {
  await app.open({ firstLaunch: 'ask' });
  const ask = page.getByTestId('first-launch-demo');
  await expect(ask).toBeVisible();
  await expect(page.getByTestId('demo-badge')).toHaveText('演示数据 · 不同步');
  await ask.click();
  await expect(ask).toBeHidden();
  // Asked once: a reload does not ask again, and the demo stays marked on every page.
  await page.reload();
  await expect(app.nav()).toBeVisible();
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(page.getByTestId('first-launch-demo')).toBeHidden();
  await app.goTo('巡查');
  await expect(page.getByTestId('demo-badge')).toBeVisible();

  // Choosing to enrol leads to the Sync centre's enrolment.
  await page.evaluate(() => window.localStorage.removeItem('wrm.launchChoice'));
  await page.reload();
  await page.getByTestId('first-launch-enrol').click();
  await expect(page.getByTestId('sync-centre')).toBeVisible();
  await expect(page.getByTestId('first-launch-enrol')).toBeHidden();
});

test('a patrol outside the enrolled region is warned about at the start; a reading is corrected, then withdrawn', async ({
  page,
}) => {
  const shell = await startWebShell({ demo: true, args: ['--demo-sites', '400'] });
  try {
    const tech = demoAccounts(shell).find((a) => a.role === 'technician')!;
    // The demo province the laptop loads before enrolment holds sites of every county.
    const demo = generateDemoProvince({
      seed: defaultDemoSeed,
      sites: defaultDemoSiteCount,
      endDay: addDays(dayOf(Date.now()), -1),
    });
    const site = demo.sites.find(
      (s) => s.kind === 'intake' && s.elements.includes('flow') && !s.divisionCode.startsWith(tech.scope),
    )!;
    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation({
      latitude: site.position.lat + 0.00012,
      longitude: site.position.lng + 0.00005,
    });

    const sync = new SyncCentrePage(page, shell);
    await sync.open();
    await sync.enrollWithPassword(tech.username, tech.password, '巡查二号');
    await expect(sync.phase()).not.toHaveText('本机尚未登记', { timeout: 120_000 });
    await expect(page.getByTestId('demo-badge')).toBeHidden();

    // At check-in, before any record exists: the site's division and the enrolled region are named.
    const patrol = new PatrolPage(page);
    await patrol.startAt(site.id);
    const warning = page.getByTestId('outside-region-warning');
    await expect(warning).toContainText(site.divisionCode);
    await expect(warning).toContainText(tech.scope);
    await patrol.locate();
    await page.getByTestId('check-in').click();
    const confirm = page.getByTestId('outside-region-confirm');
    await expect(confirm).toContainText(`行政区划 ${site.divisionCode}`);
    await expect(confirm).toContainText(`辖区 ${tech.scope}`);
    await page.getByTestId('outside-region-cancel').click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId('check-in-page')).toBeVisible();
    await page.getByTestId('check-in').dblclick();
    await expect(page.getByTestId('outside-region-go')).toHaveText('仍然开始');
    await page.getByTestId('outside-region-go').click();
    await expect(page.getByTestId('patrol-detail')).toBeVisible();

    // A reading, its correction, then its withdrawal: the screen shows the latest each time.
    await patrol.selectElement('瞬时流量');
    await page.getByTestId('reading-value').fill('12.5');
    await page.getByTestId('reading-save').click();
    const ownRows = page.getByTestId('previous-readings').locator('tbody tr', { hasText: '本次' });
    await expect(ownRows).toHaveCount(1);
    await ownRows.getByTestId('reading-correct').click();
    await page.getByTestId('reading-correct-value').fill('13.5');
    await page.getByTestId('reading-correct-reason').fill('抄错小数位');
    await page.getByTestId('reading-correct-save').click();
    await expect(ownRows).toContainText('13.5 m³/h');
    await expect(ownRows.getByTestId('reading-corrected')).toHaveText('已更正');
    await ownRows.getByTestId('reading-withdraw').click();
    await page.getByTestId('reading-withdraw-reason').fill('读的是另一块表');
    await page.getByTestId('reading-withdraw-save').dblclick();
    await expect(ownRows).toHaveCount(0);
    await expect(page.getByTestId('readings-withdrawn')).toHaveText(
      '本次已撤回：13.5 m³/h（读的是另一块表）',
    );
    await expect(page.getByTestId('summary-readings')).toHaveText('0');

    // Opening a fault there is warned about the same way.
    await page.evaluate((id) => (window.location.hash = `/faults/new?siteId=${id}`), site.id);
    await expect(page.getByTestId('outside-region-warning')).toContainText(site.divisionCode);
  } finally {
    await shell.stop();
  }
});
