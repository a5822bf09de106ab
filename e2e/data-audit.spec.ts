import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import {
  defaultDemoSeed,
  defaultDemoSiteCount,
  generateDemoProvince,
  yunnanCounties,
} from '#shared/demo/index';
import { demoBackwardsAt, demoBackwardsVolumeSiteCode } from '#shared/demo/demo-series';
import { addDays, dayOf } from '#shared/health/index';
import { monthOf } from '#shared/reports/time';
import { expect, test } from './fixtures';
import { AuditSitePage } from './pages/audit-site-page';
import { MapPage } from './pages/map-page';

const hour = 3_600_000;
// The clock is frozen for the page, so the demo laptop's audit window and its planted reading hold still.
const now = Date.now();
const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: addDays(dayOf(now), -1),
});
// The demo province's series has one planted backwards cumulative volume (shared/demo/demo-series.ts);
// the demo laptop audits each site's page itself, and for its map the first 40 demo sites and that one.
const planted = demo.sites.find((s) => s.code === demoBackwardsVolumeSiteCode)!;
const audited = demo.sites.filter(
  (s) => Number(s.id.slice('site-'.length)) <= 40 || s.code === demoBackwardsVolumeSiteCode,
);
const plantedAt = demoBackwardsAt(dayOf(now));
const county = yunnanCounties.find((c) => c.code === planted.divisionCode)!;
const auditedInCounty = audited.filter((s) => s.divisionCode === planted.divisionCode).length;

test('a backwards cumulative volume: found on the site chart and the map, cause, correction, closed, in the 月报', async ({
  app,
  page,
}) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.clock.setFixedTime(now);
  await app.open();

  // 1. The map: the filter keeps only sites with open data-audit findings (only audited sites can have
  //    any), and in the planted site's county it keeps the planted site.
  const map = new MapPage(page);
  const { total } = await map.waitForSites(defaultDemoSiteCount);
  await page.getByTestId('filter-audit').click();
  await expect.poll(async () => (await map.counts()).shown, { timeout: 30_000 }).toBeGreaterThan(0);
  expect((await map.counts()).shown).toBeLessThanOrEqual(audited.length);
  await page.getByTestId('filter-county').click();
  await page.keyboard.type(county.code);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await page.keyboard.press('Escape');
  const inCounty = (await map.counts()).shown;
  expect(inCounty).toBeGreaterThanOrEqual(1);
  expect(inCounty).toBeLessThanOrEqual(auditedInCounty);
  await page.getByTestId('filter-audit').click();
  await expect.poll(async () => (await map.counts()).shown).toBeGreaterThanOrEqual(inCounty);
  expect(total).toBe(defaultDemoSiteCount);

  // 2. The site page: the finding, open, and its chart with the window marked.
  const audit = new AuditSitePage(page);
  await audit.open(planted.id);
  const row = audit.row('cumulative_decrease', 'volume');
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toHaveAttribute('data-status', 'open');
  await expect(row).toContainText('累计值倒退');
  await row.click();
  await expect(audit.status()).toHaveText('待处理');
  const band = audit.detail().getByTestId('audit-window');
  await expect(band).toHaveAttribute('data-from', String(plantedAt - hour));
  await expect(band).toHaveAttribute('data-to', String(plantedAt));
  await expect(audit.detail().getByTestId('audit-evidence-point')).toHaveCount(2);
  expect(Number(await audit.detail().getByTestId('audit-chart').getAttribute('data-points'))).toBeGreaterThan(
    24,
  );

  // 3. Closing first is refused by the fold, in words; so is a correction before a cause.
  await audit.chooseAction('关闭');
  await audit.save();
  await expect(audit.refusal()).toHaveText('只有更正后才能关闭。');
  const original = audit.detail().getByTestId('audit-revised-table');
  await audit.chooseAction('更正数据');
  const before = Number(await original.locator('tbody tr').first().locator('td').nth(1).textContent());
  const dropped = Number(await original.locator('tbody tr').nth(1).locator('td').nth(1).textContent());
  expect(dropped).toBeLessThan(before);
  await page.getByTestId(`audit-revised-${plantedAt}`).fill(String(before));
  await audit.write('表头读数录入有误，按现场表底更正');
  await audit.save();
  await expect(audit.refusal()).toHaveText('请先记录原因，再更正数据。');

  // 4. Cause recorded.
  await audit.chooseAction('记录原因');
  await audit.section().getByTestId('audit-cause').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('数据录入错误', { exact: true }).click();
  await audit.write('人工补录时少记一位数');
  await audit.save();
  await expect(audit.status()).toHaveText('已查明原因');
  await expect(audit.detail().getByTestId('audit-cause-text')).toContainText('数据录入错误');

  // 5. Corrected: the revised value beside the original, drawn on the chart.
  await audit.chooseAction('更正数据');
  await page.getByTestId(`audit-revised-${plantedAt}`).fill(String(before));
  await audit.write('表头读数录入有误，按现场表底更正');
  await audit.save();
  await expect(audit.status()).toHaveText('已更正');
  await expect(audit.detail().getByTestId('audit-correction')).toContainText(`${dropped} → ${before}`);
  await expect(audit.detail().getByTestId('audit-revised-point')).toHaveCount(1);

  // 6. Closed: this laptop's re-audit of the corrected series no longer finds it.
  await audit.chooseAction('关闭');
  await audit.save();
  await expect(audit.status()).toHaveText('已关闭');
  await expect(row).toHaveAttribute('data-status', 'closed');
  await expect(audit.section().getByTestId('audit-actions')).toHaveCount(0);
  await audit.section().scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshots/data-audit-site.png' });

  // 7. The county's 月报 for the month of the reading lists it with its handling, in XLSX and PDF.
  const month = monthOf(plantedAt);
  await page.evaluate(([region, m]) => (window.location.hash = `/reports?region=${region}&month=${m}`), [
    planted.divisionCode,
    month,
  ] as const);
  await expect(page.getByTestId('report-summary')).toBeVisible({ timeout: 60_000 });
  const xlsxDownload = page.waitForEvent('download');
  await page.getByTestId('export-xlsx').click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(await (await xlsxDownload).path()) as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('异常数据及处理')!;
  const rows: string[][] = [];
  sheet.eachRow((r) => rows.push(Array.from({ length: 8 }, (_, i) => r.getCell(i + 1).text)));
  const ours = rows.filter((r) => r[0] === planted.code && r[3] === '累计值倒退');
  expect(ours).toHaveLength(1);
  const [cells] = ours as [string[]];
  expect(cells[2]).toBe('累计水量');
  expect(cells[5]).toContain('数据录入错误');
  // On paper a value has at most three decimals.
  const paper = (v: number) => String(Math.round(v * 1000) / 1000);
  expect(cells[6]).toContain(`${paper(dropped)}→${paper(before)}`);
  expect(cells[6]).toContain('表头读数录入有误，按现场表底更正');
  expect(cells[7]).toBe('已关闭');

  const pdfDownload = page.waitForEvent('download');
  await page.getByTestId('export-pdf').click();
  const pdf = await (await pdfDownload).path();
  // Narrow cells wrap: the text is read in drawing order (cell by cell) without its line breaks.
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-raw', pdf, '-'], { encoding: 'utf8' }).replace(
    /\s+/g,
    '',
  );
  const section = text.slice(text.indexOf('七、异常数据及处理'));
  expect(section).toContain(planted.code);
  expect(section).toContain('累计值倒退');
  expect(section).toContain('数据录入错误');
  expect(section).toContain('表头读数录入有误，按现场表底更正');
  expect(section).toContain('已关闭');

  expect(errors).toEqual([]);
});
