import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import { demoPolicy, judgeSiteSchedule } from '#shared/verdicts/index';
import { expect, test } from './fixtures';
import { MapPage } from './pages/map-page';
import { PatrolPage } from './pages/patrol-page';

// The maintenance programme end to end (issue 18, done-when): an overdue scheduled visit on Tasks →
// a patrol there → a failed checklist item → its proposed fault → dispatched by a supervisor → the
// crew accepts, starts and repairs it with parts and a signature → the supervisor accepts the
// sign-off → the county's 运维考核 in the exported 月报 counts the patrol, the fault, the repair and
// the parts (the same month's figures exported before the walk beside them).

const now = Date.now();
// The demo province the app loads into an empty database (same seed, history up to yesterday).
const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: addDays(dayOf(now), -1),
});
// An intake point (monthly visits in the demo's schedules): with no patrol it owes last month's visit.
const site = demo.sites.find((s) => s.kind === 'intake')!;
const owed = judgeSiteSchedule({
  site,
  policy: demoPolicy.patrolSchedules,
  patrols: [],
  excusals: [],
  now,
}).owed;
const overdue = owed.filter((o) => o.state === 'overdue');
const county = site.divisionCode;
const month = new Date(now + 8 * 3_600_000).toISOString().slice(0, 7);

// The crew stands ~15 m from the site (the browser's geolocation): it is the nearest overdue stop.
test.use({
  geolocation: { latitude: site.position.lat + 0.00012, longitude: site.position.lng + 0.00005 },
  permissions: ['geolocation'],
  // A missing control fails the step within minutes, not at the test's end.
  actionTimeout: 120_000,
});
// The demo province loads into a fresh database first: minutes on a busy machine.
test.describe.configure({ timeout: 1_200_000 });

/** Signs on a signature pad with the mouse: two strokes. */
async function sign(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  const box = (await page.getByTestId(testId).boundingBox())!;
  for (const [y0, y1] of [
    [0.3, 0.7],
    [0.7, 0.4],
  ] as const) {
    await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * y0);
    await page.mouse.down();
    for (let i = 1; i <= 8; i += 1) {
      await page.mouse.move(
        box.x + box.width * (0.15 + i * 0.09),
        box.y + box.height * (y0 + ((y1 - y0) * i) / 8),
      );
    }
    await page.mouse.up();
  }
}

/** 巡检计划：到期 D · 逾期 O — the visits the province owes, as Tasks counts them. */
function owedCounts(text: string): { due: number; overdue: number } {
  const match = /到期 (\d+) · 逾期 (\d+)/.exec(text);
  expect(match, text).not.toBeNull();
  return { due: Number(match![1]), overdue: Number(match![2]) };
}

type KpiRow = { patrols: number; faultsOpened: number; repairs: number; parts: string };

/** The county's row of 运维考核 in the month's 月报 workbook, exported from the Reports page. */
async function exportedKpis(page: Page): Promise<{ county: KpiRow | null; crews: string[] }> {
  await page.evaluate(({ region, m }) => (window.location.hash = `/reports?region=${region}&month=${m}`), {
    region: county,
    m: month,
  });
  await expect(page.getByTestId('report-summary')).toContainText(month, { timeout: 120_000 });
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByTestId('export-xlsx').click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(await (await download).path()) as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('运维考核');
  expect(sheet, 'the 运维考核 sheet').toBeDefined();
  const lead = (cell: unknown) => Number(/^(\d+)/.exec(String(cell))?.[1] ?? NaN);
  let row: KpiRow | null = null;
  const crews: string[] = [];
  sheet!.eachRow((r) => {
    const v = r.values as unknown[];
    const scope = String(v[1]);
    if (scope === `区县 ${county}`) {
      row = { patrols: lead(v[2]), faultsOpened: lead(v[3]), repairs: lead(v[7]), parts: String(v[10]) };
    }
    if (scope.startsWith('班组 ')) {
      crews.push(`${scope} ${String(v[10])}`);
    }
  });
  return { county: row, crews };
}

test('overdue on Tasks → patrol → failed item → fault dispatched, repaired with parts and signed → accepted → the month’s KPIs count it', async ({
  app,
  page,
}) => {
  expect(overdue.length).toBeGreaterThan(0);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await MapPage.enableTestHooks(page);
  await app.open();
  const map = new MapPage(page);
  await map.waitForSites(defaultDemoSiteCount, 600_000);
  // Where the crew is, for the route on Tasks.
  await page.getByTestId('locate').click();

  // The month's 运维考核 before the walk.
  const before = await exportedKpis(page);
  const base: KpiRow = before.county ?? { patrols: 0, faultsOpened: 0, repairs: 0, parts: '—' };

  // Tasks: the site's stop, the nearest overdue one, lists its overdue visit.
  await page.evaluate(() => (window.location.hash = '/tasks'));
  await expect(page.getByTestId('tasks-page')).toBeVisible();
  const stop = page.getByTestId(`stop-schedule:${site.id}`);
  await expect(stop).toBeVisible({ timeout: 120_000 });
  await expect(stop.getByTestId(`visit-${overdue[0]!.day}`).getByTestId('visit-state')).toHaveText('逾期');
  const owedBefore = owedCounts((await page.getByTestId('schedule-owed').textContent()) ?? '');
  await expect(page.getByTestId('route-list').locator('[data-testid^="stop-"]').first()).toHaveAttribute(
    'data-testid',
    `stop-schedule:${site.id}`,
  );

  // The crew starts the patrol from the stop and checks in beside the site; the seal has been cut.
  await stop.getByTestId('stop-patrol').click();
  const patrol = new PatrolPage(page);
  await expect(page.getByTestId('check-in-page')).toBeVisible();
  await expect(page.getByTestId('check-in-page')).toContainText(site.code);
  await patrol.locate();
  await patrol.fillOperator('张工');
  await patrol.checkIn();
  await patrol.fail('seal-intact', '铅封断开，表箱未锁');

  // The failed item proposes a fault with the item and the note; the crew confirms it.
  const proposal = page.getByTestId('fault-proposal-seal-intact');
  await expect(proposal).toContainText('铅封断开，表箱未锁');
  await proposal.getByTestId('fault-proposal-open').click();
  await expect(page.getByTestId('fault-proposals')).toBeHidden();
  await page.getByTestId('patrol-fault-link').first().click();
  await expect(page.getByTestId('fault-detail')).toContainText('铅封断开，表箱未锁');

  // A supervisor dispatches it to the county's crew; the crew accepts and starts work.
  await page.getByTestId('fault-dispatch-crew').fill(county);
  await page.getByTestId('fault-dispatch-submit').click();
  await expect(page.getByTestId('fault-dispatch')).toContainText(county);
  await page.getByTestId('fault-accept').click();
  await expect(page.getByTestId('fault-dispatch')).toContainText('接单');
  await page.getByTestId('fault-start').click();
  await expect(page.getByTestId('fault-status')).toHaveText('处理中');

  // The repair: two seals and a communication module (with its serial), the crew's signature.
  await page.getByTestId('fault-repair-work').fill('更换铅封，更换通信模块');
  await page.getByTestId('fault-part-0').fill('铅封');
  await page.getByTestId('fault-part-quantity-0').fill('2');
  await page.getByTestId('fault-part-add').click();
  await page.getByTestId('fault-part-1').fill('通信模块');
  await page.getByTestId('fault-part-serial-1').fill('SN-4471');
  await sign(page, 'fault-signature-pad');
  await page.getByTestId('fault-repair-submit').click();
  await expect(page.getByTestId('fault-status')).toHaveText('已修复待核实');
  await expect(page.getByTestId('fault-sign-off')).toContainText('待审核');

  // The supervisor accepts the sign-off: the record is locked.
  await page.getByTestId('fault-review-accept').click();
  await expect(page.getByTestId('fault-sign-off')).toContainText('审核通过（已锁定）');

  // Back on Tasks the overdue visit is made up: the province owes one overdue visit fewer.
  await page.evaluate(() => (window.location.hash = '/tasks'));
  await expect(page.getByTestId('tasks-page')).toBeVisible();
  await expect(page.getByTestId('schedule-owed')).toContainText(`逾期 ${owedBefore.overdue - 1}`, {
    timeout: 120_000,
  });

  // The month's 运维考核 after the walk: one patrol, one fault, one repair more, and its parts.
  const after = await exportedKpis(page);
  expect(after.county).not.toBeNull();
  expect(after.county!.patrols).toBe(base.patrols + 1);
  expect(after.county!.faultsOpened).toBe(base.faultsOpened + 1);
  expect(after.county!.repairs).toBe(base.repairs + 1);
  expect(after.county!.parts).toContain('铅封×2');
  expect(after.county!.parts).toContain('通信模块×1');
  expect(base.parts).not.toContain('通信模块');
  expect(after.crews.some((c) => c.includes('通信模块×1'))).toBe(true);
  expect(errors).toEqual([]);
});
