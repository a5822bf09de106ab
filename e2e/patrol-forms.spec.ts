import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeJpeg } from '../electron/host/testing/jpeg-fixtures';
import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import { expect, test } from './fixtures';
import { chooseOption } from './pages/ant-select';
import { PatrolPage } from './pages/patrol-page';

// Issue 14: saves happen once, drafts survive a reload, input rules are stated, corrections are events,
// proof-of-visit parts that are not policy. The demo province the app loads into an empty database.
const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: addDays(dayOf(Date.now()), -1),
});
const demoSite = demo.sites.find((s) => s.kind === 'intake' && s.elements.includes('flow'))!;
// The web shell and the demo province take long to start on a loaded machine; the timeout covers both.
test.describe.configure({ timeout: 900_000 });
test.use({
  geolocation: { latitude: demoSite.position.lat + 0.00012, longitude: demoSite.position.lng + 0.00005 },
  permissions: ['geolocation'],
});

test('a visit where every button is double-clicked, each form reloaded half-filled, bad input named', async ({
  app,
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await app.open();
  const patrol = new PatrolPage(page);

  // Check-in: never disabled without saying why; a double-click makes one visit.
  await patrol.startAt(demoSite.id);
  await patrol.fillOperator('');
  await expect(page.getByTestId('check-in')).toBeDisabled();
  await expect(page.getByTestId('check-in-hint')).toHaveText('请先填写巡查人，再签到');
  await patrol.fillOperator('张工');
  await expect(page.getByTestId('check-in-hint')).toBeHidden();
  await patrol.locate();
  await patrol.addCoworker('王工');
  await page.getByTestId('check-in').dblclick();
  await expect(page.getByTestId('patrol-detail')).toBeVisible();
  const patrolUrl = page.url();
  await page.evaluate(() => (window.location.hash = '/patrols'));
  await expect(page.getByTestId('patrol-table').locator('tbody tr', { hasText: demoSite.code })).toHaveCount(
    1,
  );
  await page.goto(patrolUrl);
  await expect(page.getByTestId('patrol-status')).toHaveText('进行中');

  // A checklist answer double-clicked is one answer.
  await patrol.item('seal-intact').getByText('合格', { exact: true }).dblclick();
  await expect(page.getByTestId('checklist-progress')).toHaveText('已完成 1/6');
  await expect(page.getByTestId('summary-items')).toHaveText('1/6 项');

  // Readings: what is wrong is said while typing; a negative instantaneous flow is refused.
  await patrol.selectElement('瞬时流量');
  const value = page.getByTestId('reading-value');
  const help = page.getByTestId('readings').locator('.ant-form-item-explain').first();
  await value.fill('abc');
  await expect(help).toHaveText('“abc” 不是数字（例如 1234.5）');
  await expect(page.getByTestId('reading-save')).toBeDisabled();
  await value.fill('1e309');
  await expect(help).toHaveText('“1e309” 太大，不是有效数字');
  await value.fill('-3');
  await expect(help).toContainText('不能低于 0 m³/h');
  await expect(page.getByTestId('reading-save')).toBeDisabled();
  // 记录读数 double-clicked: one reading.
  await value.fill('12.5');
  await expect(help).toContainText('有效范围 0 ~');
  await page.getByTestId('reading-save').dblclick();
  const ownRows = page.getByTestId('previous-readings').locator('tbody tr', { hasText: '本次' });
  await expect(ownRows).toHaveCount(1);
  await expect(ownRows).toContainText('12.5 m³/h');
  await expect(value).toHaveValue('');
  // A correction names the old reading and its reason; the table shows the new value, marked.
  await ownRows.getByTestId('reading-correct').click();
  await page.getByTestId('reading-correct-value').fill('13.5');
  await page.getByTestId('reading-correct-reason').fill('抄错小数位');
  await page.getByTestId('reading-correct-save').dblclick();
  await expect(ownRows).toHaveCount(1);
  await expect(ownRows).toContainText('13.5 m³/h');
  await expect(ownRows.getByTestId('reading-corrected')).toHaveText('已更正');
  await expect(page.getByTestId('summary-readings')).toHaveText('1');
  await expect(page.getByTestId('visit-summary')).toContainText('含 1 次更正');

  // Checklist draft: an unsaved 不合格 with its note survives a reload, with a notice.
  await patrol.item('rtu-clock').getByText('不合格', { exact: true }).click();
  await page.getByTestId('note-rtu-clock').fill('终端时钟快 6 分钟');
  // A reading typed but not saved: also kept.
  await value.fill('7.25');
  await page.reload();
  await expect(page.getByTestId('patrol-detail')).toBeVisible();
  await expect(page.getByTestId('draft-restored-rtu-clock')).toContainText('已恢复');
  await expect(page.getByTestId('note-rtu-clock')).toHaveValue('终端时钟快 6 分钟');
  await expect(patrol.item('rtu-clock').locator('.ant-radio-button-wrapper-checked')).toHaveText('不合格');
  await expect(page.getByTestId('reading-draft-restored')).toContainText('已恢复');
  await expect(page.getByTestId('reading-value')).toHaveValue('7.25');

  // Leaving with unsaved input asks; staying keeps the page.
  await app.goTo('地图');
  await expect(page.locator('.ant-modal-confirm-title')).toHaveText('有未保存的输入');
  await page.getByRole('button', { name: '留在本页' }).click();
  await expect(page.getByTestId('patrol-detail')).toBeVisible();
  await page.getByTestId('reading-draft-restored').getByTestId('draft-discard').click();
  await expect(page.getByTestId('reading-value')).toHaveValue('');

  // A note over the schema's limit is refused with the limit named.
  await page.getByTestId('note-rtu-clock').fill('长'.repeat(20_000));
  await expect(page.getByTestId('note-problem-rtu-clock')).toHaveText('最多 2000 字，当前 20000 字');
  await expect(page.getByTestId('save-rtu-clock')).toBeDisabled();
  await page.getByTestId('note-rtu-clock').fill('终端时钟快 6 分钟');
  await page.getByTestId('save-rtu-clock').dblclick();
  await expect(page.getByTestId('checklist-progress')).toHaveText('已完成 2/6');
  // Correcting an answer needs a reason; the item is then marked corrected.
  await patrol.item('seal-intact').getByText('不适用', { exact: true }).click();
  await page.getByTestId('note-seal-intact').fill('本站无铅封');
  await page.getByTestId('save-seal-intact').dblclick();
  await expect(page.getByTestId('item-corrected-seal-intact')).toHaveText('已更正');
  await expect(page.getByTestId('checklist-progress')).toHaveText('已完成 2/6');

  // Photos: the limits are stated before choosing and checked before anything is decoded.
  await expect(page.getByTestId('photo-limits')).toHaveText(
    '支持 JPEG / PNG / WebP / TIFF / HEIF，单张不超过 30 MB',
  );
  // 50 MB with a JPEG signature (a file on disk: Playwright passes no buffer over 50 MB).
  const big = Buffer.alloc(50 * 1024 * 1024);
  big.set([0xff, 0xd8, 0xff, 0xe0]);
  const hugePath = join(mkdtempSync(join(tmpdir(), 'wrm-photo-')), 'huge.jpg');
  writeFileSync(hugePath, big);
  await page.getByTestId('photo-input').setInputFiles(hugePath);
  await expect(page.getByTestId('photo-error')).toHaveText('huge.jpg: 文件 50 MB，超过 30 MB 的上限');
  await patrol.importPhotos([
    { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.7 not a photo at all') },
  ]);
  await expect(page.getByTestId('photo-error')).toHaveText(
    'notes.jpg: 不是 JPEG / PNG / WebP / TIFF / HEIF 格式的图片',
  );
  // The same photo imported twice is one photo.
  const jpeg = await makeJpeg(800, 600, { dateTimeOriginal: '2026:11:20 10:15:00' });
  await patrol.importPhotos([{ name: 'seal.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
  await expect(page.getByTestId('photo-card')).toHaveCount(1);
  await patrol.importPhotos([{ name: 'seal.jpg', mimeType: 'image/jpeg', buffer: jpeg }]);
  await expect(page.getByTestId('photo-progress')).toBeHidden();
  await expect(page.getByTestId('photo-card')).toHaveCount(1);
  await expect(page.getByTestId('summary-photos')).toHaveText('1');

  // 基础数据核查 shows values as a crew reads them.
  await expect(page.getByTestId('registry-site-position')).toHaveText(/^\d+(\.\d+)?°N \d+(\.\d+)?°E$/);
  await expect(page.getByTestId('base-data')).not.toContainText('{');
  await expect(page.getByTestId('base-data')).not.toContainText('null');

  // Fault: the description survives a reload; a double-click opens one fault.
  await page.getByTestId('open-fault').click();
  await expect(page.getByTestId('new-fault')).toBeVisible();
  await page.getByTestId('fault-description').fill('RTU 时钟漂移，数据时标错位');
  await chooseOption(page, 'fault-category', '遥测终端故障');
  await page.reload();
  await expect(page.getByTestId('fault-draft-restored')).toContainText('已恢复');
  await expect(page.getByTestId('fault-description')).toHaveValue('RTU 时钟漂移，数据时标错位');
  await expect(page.getByTestId('fault-category')).toContainText('遥测终端故障');
  await page.getByTestId('fault-submit').dblclick();
  await expect(page.getByTestId('patrol-detail')).toBeVisible();
  await expect(page.getByTestId('patrol-fault-link')).toHaveCount(1);
  await expect(page.getByTestId('summary-faults')).toHaveText('1');

  // Check-out double-clicked: one check-out, and the summary of the visit.
  await page.getByTestId('check-out').dblclick();
  await expect(page.getByTestId('patrol-status')).toHaveText('已签退');
  await expect(page.getByTestId('visit-summary')).toContainText('巡查小结（已签退）');
  await expect(page.getByTestId('summary-items')).toHaveText('2/6 项');
  await expect(page.getByTestId('summary-unsynced')).toContainText('尚未被平台确认接收');
  await expect(page.getByTestId('summary-unsynced')).toContainText('签到 1 条');
  await expect(page.getByTestId('summary-unsynced')).toContainText('读数 2 条');
  await page.getByTestId('visit-summary').screenshot({ path: 'docs/screenshots/patrol-summary.png' });

  // Nothing was written twice: a fresh reload shows the same counts.
  await page.reload();
  await expect(page.getByTestId('patrol-fault-link')).toHaveCount(1);
  await expect(page.getByTestId('photo-card')).toHaveCount(1);
  await expect(page.getByTestId('summary-unsynced')).toContainText('巡查事件 5 条');
  expect(errors).toEqual([]);
});
