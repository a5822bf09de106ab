import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { makeJpeg } from '../electron/host/testing/jpeg-fixtures';
import {
  defaultDemoSeed,
  defaultDemoSiteCount,
  generateDemoProvince,
  yunnanCounties,
} from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import { expect, test } from './fixtures';
import { chooseOption } from './pages/ant-select';
import { PatrolPage } from './pages/patrol-page';

// The demo province the app loads into an empty database (same seed, history up to yesterday).
const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: addDays(dayOf(Date.now()), -1),
});
const demoSite = demo.sites.find((s) => s.kind === 'intake')!;
const platformVolume = demo.siteHealth
  .find((h) => h.siteId === demoSite.id)!
  .lastValues.find((v) => v.element === 'volume')!;
const site = {
  id: demoSite.id,
  code: demoSite.code,
  county: demoSite.divisionCode,
  countyName: yunnanCounties.find((c) => c.code === demoSite.divisionCode)!.name,
};
// The crew stands ~15 m from the site (the browser's geolocation, as a laptop's location service).
test.use({
  geolocation: { latitude: demoSite.position.lat + 0.00012, longitude: demoSite.position.lng + 0.00005 },
  permissions: ['geolocation'],
});

const shot = (name: string) => `docs/screenshots/patrol-${name}.png`;

test('a full visit: check in, checklist, reading, two photos, a fault, check out — then the site page and the 月报', async ({
  app,
  page,
}) => {
  test.setTimeout(720_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await app.open();
  const patrol = new PatrolPage(page);

  // 1. Check in at the site, with the distance to it.
  await patrol.startAt(site.id);
  await expect(page.getByTestId('check-in-page')).toContainText(site.code);
  await patrol.locate();
  await patrol.fillOperator('张工');
  await expect(page.getByTestId('check-in-page')).toContainText('在 200 米范围内');
  await page.screenshot({ path: shot('1-check-in') });
  await patrol.checkIn();
  await expect(page.getByTestId('patrol-detail')).toContainText(/签到距离\s*1\d 米/);

  // 2. The intake checklist: five items pass, the RTU clock fails with a note.
  for (const id of [
    'meter-vs-platform',
    'seal-intact',
    'power-battery',
    'antenna-signal',
    'enclosure-cabling',
  ]) {
    await patrol.pass(id);
  }
  await patrol.fail('rtu-clock', '终端时钟快 6 分钟，已校时');
  await expect(page.getByTestId('checklist-progress')).toHaveText('已完成 6/6');
  await page.getByTestId('checklist').screenshot({ path: shot('2-checklist') });

  // 3. A reading beside the platform's last value and the site's previous readings.
  await patrol.selectElement('累计水量');
  await expect(page.getByTestId('reading-compare')).toContainText(`平台最新值: ${platformVolume.value} m³`);
  await patrol.addReading(platformVolume.value + 18);
  await expect(page.getByTestId('previous-readings')).toContainText(`${platformVolume.value + 18} m³`);
  await expect(page.getByTestId('previous-readings')).toContainText('一致');
  // A second reading a decimal place off is flagged as a suspected 错报, naming the rule.
  await patrol.addReading(Math.round(platformVolume.value / 10));
  await expect(page.getByTestId('previous-readings').getByTestId('reading-flag').first()).toContainText(
    '疑似错报 · 量级相差 10 的整数次幂',
  );
  await page.getByTestId('readings').screenshot({ path: shot('3-reading') });

  // 4. Two photos: one with EXIF time and GPS, one without (the crew accepts its import time).
  const withExif = await makeJpeg(2400, 1800, {
    dateTimeOriginal: '2026:11:20 10:15:00',
    gps: demoSite.position,
  });
  const withoutExif = await makeJpeg(1024, 768);
  await chooseOption(page, 'photo-item', '铅封完好');
  await patrol.importPhotos([
    { name: 'seal.jpg', mimeType: 'image/jpeg', buffer: withExif },
    { name: 'cabinet.jpg', mimeType: 'image/jpeg', buffer: withoutExif },
  ]);
  await expect(page.locator('.ant-modal-confirm-title')).toHaveText('cabinet.jpg 没有 EXIF 拍摄时间');
  await page.getByRole('button', { name: '使用导入时间' }).click();
  await expect(page.getByTestId('photo-card')).toHaveCount(2);
  await expect(page.getByTestId('photos')).toContainText('EXIF 时间');
  await expect(page.getByTestId('photos')).toContainText('导入时间');
  await expect(page.getByTestId('photos').locator('img')).toHaveCount(2);
  await page.getByTestId('photos').screenshot({ path: shot('4-photos') });

  // 5. A fault ticket opened from the visit.
  await page.getByTestId('open-fault').click();
  await expect(page.getByTestId('new-fault')).toBeVisible();
  await page.getByTestId('fault-description').fill('RTU 时钟漂移，数据时标错位');
  await chooseOption(page, 'fault-category', '遥测终端故障');
  await page.screenshot({ path: shot('5-fault') });
  await page.getByTestId('fault-submit').click();
  await expect(page.getByTestId('patrol-fault-link')).toHaveText('遥测终端故障');
  // The visit's equipment can be diagnosed from here; a session saved there is filed with the visit.
  await page.getByTestId('patrol-diagnose').click();
  await expect(page).toHaveURL(new RegExp(`#/diagnostics\\?siteId=${site.id}&patrolId=[0-9a-f-]{36}$`));
  await page.goBack();
  await expect(page.getByTestId('patrol-fault-link')).toHaveText('遥测终端故障');

  // 6. Check out: the visit closes with its duration.
  await patrol.checkOut();
  await expect(page.getByTestId('patrol-duration')).toContainText('分钟');
  await page.getByTestId('patrol-detail').evaluate((el) => el.scrollIntoView());
  await page.screenshot({ path: shot('6-check-out') });

  // 7. The fault (and the visit) on the site page.
  await page.evaluate((id) => (window.location.hash = `/sites/${id}`), site.id);
  await expect(page.getByTestId('site-faults')).toContainText('遥测终端故障');
  await expect(page.getByTestId('site-faults')).toContainText('已开单');
  await expect(page.getByTestId('site-patrols')).toContainText('已签退');
  await expect(page.getByTestId('site-patrols').locator('tbody tr').first().locator('td').nth(3)).toHaveText(
    '1',
  );
  await page.getByTestId('site-faults').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('7-site-page') });

  // 8. The county's monthly report lists the visit and the fault, and exports them.
  await page.evaluate((county) => (window.location.hash = `/reports?region=${county}`), site.county);
  await expect(page.getByTestId('report-patrols')).toContainText(site.code, { timeout: 60_000 });
  await expect(page.getByTestId('report-faults')).toContainText('遥测终端故障');
  await page.screenshot({ path: shot('8-report') });
  const xlsxDownload = page.waitForEvent('download');
  await page.getByTestId('export-xlsx').click();
  const xlsx = await xlsxDownload;
  expect(xlsx.suggestedFilename()).toMatch(/^月报-.*\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(await xlsx.path()) as unknown as ArrayBuffer);
  const cells = (name: string) =>
    book
      .getWorksheet(name)!
      .getSheetValues()
      .flat()
      .filter((v): v is string => typeof v === 'string');
  expect(cells('巡查')).toContain(site.code);
  expect(cells('故障')).toContain('遥测终端故障');
  const pdfDownload = page.waitForEvent('download');
  await page.getByTestId('export-pdf').click();
  expect((await pdfDownload).suggestedFilename()).toMatch(/^月报-.*\.pdf$/);

  expect(errors).toEqual([]);
});
