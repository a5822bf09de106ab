import { makeJpeg } from '../electron/host/testing/jpeg-fixtures';
import { expect, test } from './fixtures';

// A loaded machine may take over a minute to start the shell (a fixture, within the test's time).
test.describe.configure({ timeout: 300_000 });

// 换表 on the demo laptop: from the site page, the swap form refuses what is missing by name, saves the
// photos, the registry proposals and the swap reading, and the site's swap history shows it (both
// languages).
test('a meter swap is recorded from the site page with both photos and its registry proposal', async ({
  app,
  page,
}) => {
  await app.open();
  await app.goTo('站点');
  await expect(page.getByTestId('site-count')).toContainText('5200', { timeout: 120_000 });
  await page.evaluate(() => (window.location.hash = '/sites/site-000001'));
  await expect(page.getByTestId('site-title')).toBeVisible();
  const history = page.getByTestId('swap-history');
  await expect(history).toContainText('本站没有换表记录');
  await history.getByTestId('swap-open').click();
  await expect(page.getByTestId('swap-page')).toBeVisible();

  // The reading it is judged against (the platform's last value of the counter), if any.
  const lastText = (await page.getByTestId('swap-last-reading').textContent()) ?? '';
  const last = Number(/：([\d.]+) m³/.exec(lastText)?.[1] ?? '0');
  await page.getByTestId('swap-old-final').fill(String(Math.ceil(last) + 5));
  await page.getByTestId('swap-new-initial').fill('0.5');
  await page.getByTestId('swap-new-serial').fill('LX-2026-0815');
  await page.getByTestId('swap-reason').fill('表头进水，计数停止');
  await page.getByTestId('swap-save').click();
  await expect(page.getByTestId('swap-refusal')).toHaveText('两张照片都需要：旧表止码与新表起码');

  const old = await makeJpeg(640, 480, { dateTimeOriginal: '2026:11:20 10:15:00' });
  const fresh = await makeJpeg(640, 480, { dateTimeOriginal: '2026:11:20 10:40:00' });
  await page
    .getByTestId('swap-old-photo-input')
    .setInputFiles({ name: 'old.jpg', mimeType: 'image/jpeg', buffer: old });
  await expect(page.getByTestId('swap-old-photo')).toContainText('照片已处理：640×480');
  await page
    .getByTestId('swap-new-photo-input')
    .setInputFiles({ name: 'new.jpg', mimeType: 'image/jpeg', buffer: fresh });
  await expect(page.getByTestId('swap-new-photo')).toContainText('照片已处理：640×480');
  await page.getByTestId('swap-save').click();

  // Back on the site page: the swap, its serials and the proposal awaiting the platform.
  await expect(page.getByTestId('site-title')).toBeVisible();
  const row = history.locator('.ant-table-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('0.5 m³');
  await expect(row).toContainText('→ LX-2026-0815');
  await expect(row).toContainText('待平台审核');

  // Withdrawn (wrong site, typed in error): kept in the history, marked, counting nowhere.
  await row.getByTestId('reading-withdraw').click();
  await page.getByTestId('reading-withdraw-reason').fill('记错了站点');
  await page.getByTestId('reading-withdraw-save').click();
  await expect(row).toContainText('已撤回');
  await expect(row.getByTestId('reading-withdraw')).toHaveCount(0);

  await app.switchLanguage('English');
  await expect(history).toContainText('Meter swaps');
  await expect(row).toContainText('Withdrawn');
});
