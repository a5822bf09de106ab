import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PatrolPage } from './pages/patrol-page';

// The demo province the app loads into an empty database (same seed, history up to yesterday).
const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: addDays(dayOf(Date.now()), -1),
});
const demoSite = demo.sites.find((s) => s.kind === 'intake')!;
test.use({
  geolocation: { latitude: demoSite.position.lat + 0.00012, longitude: demoSite.position.lng + 0.00005 },
  permissions: ['geolocation'],
});

/** Signs on a signature pad with the mouse: two strokes. */
async function sign(page: Page, testId: string): Promise<void> {
  // Mouse coordinates are the viewport's: bring the pad into view first.
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

test('a failed item proposes a fault; dispatched, accepted, started, repaired with two parts and a signature', async ({
  app,
  page,
}) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await app.open();
  const patrol = new PatrolPage(page);

  // A patrol at an intake point: the seal has been cut.
  await patrol.startAt(demoSite.id);
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
  await page.getByTestId('fault-dispatch-crew').fill(demoSite.divisionCode);
  await page.getByTestId('fault-dispatch-submit').click();
  await expect(page.getByTestId('fault-dispatch')).toContainText(demoSite.divisionCode);
  await page.getByTestId('fault-accept').click();
  await expect(page.getByTestId('fault-dispatch')).toContainText('接单');
  await page.getByTestId('fault-start').click();
  await expect(page.getByTestId('fault-status')).toHaveText('处理中');

  // The repair: two parts (one with its serial), the crew's signature.
  await page.getByTestId('fault-repair-work').fill('更换铅封，更换通信模块');
  await page.getByTestId('fault-part-0').fill('铅封');
  await page.getByTestId('fault-part-quantity-0').fill('2');
  await page.getByTestId('fault-part-add').click();
  await page.getByTestId('fault-part-1').fill('通信模块');
  await page.getByTestId('fault-part-serial-1').fill('SN-4471');
  await sign(page, 'fault-signature-pad');
  await page.getByTestId('fault-repair-submit').click();

  // The fault page shows the parts and the signature, awaiting review.
  await expect(page.getByTestId('fault-status')).toHaveText('已修复待核实');
  const parts = page.getByTestId('fault-parts');
  await expect(parts).toContainText('铅封');
  await expect(parts).toContainText('通信模块');
  await expect(parts).toContainText('SN-4471');
  await expect(parts.locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('fault-sign-off')).toContainText('待审核');
  const src = await page.getByTestId('fault-sign-off').locator('img').first().getAttribute('src');
  expect(src).toMatch(/^data:image\/png;base64,/);
  expect(src!.length).toBeLessThan(60_000);
  await page.screenshot({ path: 'docs/screenshots/dispatch-repaired.png', fullPage: true });

  // The supervisor accepts the sign-off: the record is locked.
  await page.getByTestId('fault-review-accept').click();
  await expect(page.getByTestId('fault-sign-off')).toContainText('审核通过（已锁定）');
  expect(errors).toEqual([]);
});
