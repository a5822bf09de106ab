import { makeJpeg } from '../electron/host/testing/jpeg-fixtures';
import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import { demoCalibrationPolicy, judgeCalibrations, outOfCalibration } from '#shared/verdicts/calibration';
import { expect, test } from './fixtures';
import { chooseOption } from './pages/ant-select';
import { PatrolPage } from './pages/patrol-page';

// The demo province the app loads into an empty database (same seed, history up to yesterday).
const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: addDays(dayOf(Date.now()), -1),
});
// Most demo instruments are in date: the visit goes to the first intake whose meter is not.
const outAt = (siteId: string) =>
  judgeCalibrations(
    demo.equipment.filter((e) => e.siteId === siteId),
    [],
    demoCalibrationPolicy,
    Date.now(),
  ).filter(outOfCalibration);
const demoSite = demo.sites.find(
  (s) =>
    s.kind === 'intake' &&
    s.status === 'active' &&
    outAt(s.id).some((v) => demo.equipment.find((e) => e.id === v.equipmentId)?.role === 'meter'),
)!;
const instruments = demo.equipment.filter((e) => e.siteId === demoSite.id);
// What the register says of the site before any certificate: judged from the installation day.
const outBefore = outAt(demoSite.id);
const meter = instruments.find((e) => e.role === 'meter')!;
// The site's instruments already in date (commissioned within their interval).
const okBefore = judgeCalibrations(instruments, [], demoCalibrationPolicy, Date.now()).filter(
  (v) => v.status === 'ok',
).length;
// The register page's first tab before the visit: the demo instruments overdue, failed or unrecorded.
const attentionBefore = judgeCalibrations(demo.equipment, [], demoCalibrationPolicy, Date.now()).filter(
  (v) => outOfCalibration(v) || v.status === 'unrecorded',
).length;

// The web shell and the demo load are slow on a loaded machine.
test.describe.configure({ timeout: 900_000 });

test.use({
  geolocation: { latitude: demoSite.position.lat + 0.0001, longitude: demoSite.position.lng },
  permissions: ['geolocation'],
});

test('check-in warns of instruments out of calibration; a certificate recorded on the visit clears one', async ({
  app,
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  expect(outBefore.length).toBeGreaterThan(0);
  expect(outBefore.map((v) => v.equipmentId)).toContain(meter.id);
  await app.open();
  const patrol = new PatrolPage(page);

  // 1. Check-in lists the site's overdue instruments (the demo has no certificate: installation day).
  await patrol.startAt(demoSite.id);
  const warning = page.getByTestId('calibration-warning');
  await expect(warning).toContainText(`本站有 ${outBefore.length} 台仪器超出检定/校准有效期`);
  await expect(warning.getByTestId('calibration-warning-item')).toHaveCount(outBefore.length);
  await expect(warning).toContainText(meter.serialNumber!);
  await expect(warning).toContainText('已超期');
  await page.screenshot({ path: 'docs/screenshots/calibration-1-check-in.png' });

  // 2. On the visit: a photo of the certificate, then the certificate itself.
  await patrol.locate();
  await patrol.fillOperator('张工');
  await patrol.checkIn();
  await patrol.importPhotos([
    { name: 'certificate.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(1600, 1200) },
  ]);
  const noExif = page.locator('.ant-modal-confirm .ant-btn-primary');
  await noExif.click();
  await expect(page.getByTestId('photo-card')).toHaveCount(1);
  const card = page.getByTestId('calibration-card');
  await expect(card.getByTestId('calibration-row-overdue')).toHaveCount(outBefore.length);
  await card.getByTestId('calibration-record').click();
  const form = page.getByTestId('calibration-form');
  await chooseOption(page, 'calibration-instrument', (await instrumentOption(meter.serialNumber!))!);
  const dayInput = form.getByPlaceholder('请选择日期');
  await dayInput.fill(dayOf(Date.now()));
  await dayInput.press('Enter');
  await expect(dayInput).toHaveValue(dayOf(Date.now()));
  await form.getByTestId('calibration-certificate').fill('JD2026-0317');
  await form.getByTestId('calibration-institution').fill('云南省计量测试技术研究院');
  await form.getByTestId('calibration-photos').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await page.keyboard.press('Escape');
  await page.getByTestId('calibration-save').click();
  await expect(form).toBeHidden();
  await expect(card.getByTestId('calibration-row-ok')).toHaveCount(okBefore + 1);
  const recorded = card.getByTestId('calibration-row-ok').filter({ hasText: 'JD2026-0317' });
  await expect(recorded).toHaveCount(1);
  await expect(recorded.getByTestId('certificate-photo')).toHaveCount(1);
  await card.screenshot({ path: 'docs/screenshots/calibration-2-visit.png' });

  // 3. Checking in there again: the meter is no longer listed.
  await patrol.startAt(demoSite.id);
  if (outBefore.length === 1) {
    await expect(page.getByTestId('calibration-warning')).toHaveCount(0);
  } else {
    await expect(warning.getByTestId('calibration-warning-item')).toHaveCount(outBefore.length - 1);
    await expect(warning).not.toContainText(meter.serialNumber!);
  }

  // 4. The register page: the province's instruments needing attention, one fewer than before.
  await page.evaluate(() => (window.location.hash = '/calibration'));
  // The whole province's instruments (some 10,000 in the demo) are read and judged: allow for it.
  await expect(page.getByTestId('calibration-page')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('calibration-tab-attention')).toHaveText(
    `超期与不合格 (${attentionBefore - 1})`,
  );
  // 5. The site page lists the certificate with its number.
  await page.evaluate((id) => (window.location.hash = `/sites/${encodeURIComponent(id)}`), demoSite.id);
  await expect(page.getByTestId('site-calibration')).toContainText('JD2026-0317', { timeout: 60_000 });
  expect(errors).toEqual([]);

  async function instrumentOption(serial: string): Promise<string | undefined> {
    const select = page.getByTestId('calibration-instrument');
    await select.click();
    // The dropdown opens in an animation: read its options once they are there.
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect(options.first()).toBeVisible();
    const titles = await options.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title') ?? ''));
    await page.keyboard.press('Escape');
    return titles.find((t) => t.includes(serial));
  }
});
