import { execFileSync } from 'node:child_process';
import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import { expect, test } from './fixtures';
import { PatrolPage } from './pages/patrol-page';

// Site QR labels and operating procedures (issue 18, items 9 and 10) on the demo province: a county's
// label sheet printed as PDF, a label's code typed on the scan page to start the site's patrol, and
// the demo procedures opened from a checklist item and from the fault it proposes.

const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: addDays(dayOf(Date.now()), -1),
});
const site = demo.sites.find((s) => s.kind === 'intake')!;
const county = demo.sites.filter((s) => s.divisionCode === site.divisionCode);

test.use({
  geolocation: { latitude: site.position.lat + 0.00012, longitude: site.position.lng + 0.00005 },
  permissions: ['geolocation'],
  actionTimeout: 120_000,
});
test.describe.configure({ timeout: 900_000 });

test('a county’s labels print as PDF; a typed label starts the patrol; procedures open from the item and the fault', async ({
  app,
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await app.open();
  await page.evaluate(() => (window.location.hash = '/labels'));
  await expect(page.getByTestId('labels-page')).toBeVisible();
  // The demo province loads into the fresh database first.
  await expect(page.getByTestId('label-county')).toBeVisible();
  await page.getByTestId('label-county').click();
  await page
    .locator('.ant-select-dropdown:visible input, .ant-select-focused input')
    .first()
    .fill(site.divisionCode);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await expect(page.getByTestId('label-count')).toHaveText(`${county.length} 个站点`, { timeout: 300_000 });

  // The sheet: every site of the county by code, and the site's name.
  const download = page.waitForEvent('download', { timeout: 180_000 });
  await page.getByTestId('label-export-pdf').click();
  const file = await (await download).path();
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  for (const s of county) {
    expect(text).toContain(s.code);
  }
  expect(text.replace(/\s+/g, '')).toContain(site.name.replace(/\s+/g, ''));

  // The label's text (what its QR holds) typed in: the site, and its patrol.
  await page.getByTestId('label-code').fill(`WRM-SITE:${site.code}:${site.id}`);
  await page.getByTestId('label-find').click();
  await expect(page.getByTestId(`label-site-${site.id}`)).toContainText(site.name);
  await page.getByTestId(`label-site-${site.id}`).getByTestId('label-start-patrol').click();
  await expect(page.getByTestId('check-in-page')).toContainText(site.code);
  const patrol = new PatrolPage(page);
  await patrol.locate();
  await patrol.fillOperator('张工');
  await page.getByTestId('check-in').click();
  await expect(page.getByTestId('patrol-status')).toHaveText('进行中', { timeout: 120_000 });
  expect(errors).toEqual([]);

  // The seal item opens the intake point's daily procedure and the metering-fault one, both demo.
  await page.getByTestId('procedures-seal-intact').click();
  const drawer = page.getByTestId('procedures-drawer');
  await expect(drawer.getByTestId('procedure-daily-intake')).toContainText('铅封');
  await expect(drawer.getByTestId('procedure-fault-metering')).toBeVisible();
  await expect(drawer.getByTestId('procedure-demo')).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // The failed item's fault opens the fault-handling and emergency procedures.
  await patrol.fail('seal-intact', '铅封断开');
  await page.getByTestId('fault-proposal-seal-intact').getByTestId('fault-proposal-open').click();
  await page.getByTestId('patrol-fault-link').first().click();
  await page.getByTestId('fault-procedures').click();
  await expect(page.getByTestId('procedures-drawer').getByTestId('procedure-emergency')).toBeVisible();
  await expect(page.getByTestId('procedures-drawer').getByTestId('procedure-daily-intake')).toHaveCount(0);
  expect(errors).toEqual([]);
});
