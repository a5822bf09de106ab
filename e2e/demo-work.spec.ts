import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { SyncCentrePage, demoAccounts } from './pages/sync-centre-page';
import { apiGet, apiLogin, patrolAt } from './sync-api';
import { startWebShell } from './web-shell';

// Issue 14, item 2: work made while exploring the demo is never synced, not even after a later
// enrolment; signing out (to enrol another account) says first what happens to the unsent work.
test.describe.configure({ timeout: 600_000 });

type SiteRecord = { id: string; kind: string; divisionCode: string };
type Hooks = { wrmTestHooks: { writeFieldEvent(c: string, r: unknown): Promise<{ ok: boolean }> } };

async function writeLocal(page: Page, record: unknown): Promise<void> {
  const result = await page.evaluate(
    (r) => (window as unknown as Hooks).wrmTestHooks.writeFieldEvent('patrols', r),
    record,
  );
  expect(result.ok).toBe(true);
}

test('a patrol made before enrolment stays on the laptop; the next one is sent; signing out says what happens', async ({
  page,
}) => {
  const shell = await startWebShell({ demo: true, args: ['--demo-sites', '400'] });
  try {
    const tech = demoAccounts(shell).find((a) => a.role === 'technician')!;
    const token = await apiLogin(shell.syncUrl, tech.username, tech.password);
    const sites = await apiGet<{ records: SiteRecord[] }>(
      shell.syncUrl,
      token,
      '/v1/records/sites?limit=1000',
    );
    // A site of the technician's own region: the service would store a patrol there if it were sent.
    const site = sites.records.find((s) => s.divisionCode.startsWith(tech.scope))!;

    const sync = new SyncCentrePage(page, shell);
    await sync.open();
    await expect(page.getByTestId('enroll-demo-work')).toContainText('不会发送到同步服务');
    const demo = patrolAt(site);
    await writeLocal(page, demo);

    await sync.enrollWithPassword(tech.username, tech.password, '巡查一号');
    await expect(page.getByTestId('sync-demo-work')).toHaveText(
      '本机有 1 条浏览演示数据时做的记录：它们只留在本机，不会发送。',
      { timeout: 60_000 },
    );
    const real = patrolAt(site);
    await writeLocal(page, real);
    await expect(sync.app.statusBar()).toContainText('待上传 0', { timeout: 120_000 });
    await expect(sync.phase()).toHaveText('已同步', { timeout: 60_000 });
    const onServer = await apiGet<{ records: { id: string }[] }>(
      shell.syncUrl,
      token,
      `/v1/records/patrols?siteId=${site.id}`,
    );
    const ids = onServer.records.map((r) => r.id);
    expect(ids).toContain(real.id);
    expect(ids).not.toContain(demo.id);

    await page.getByTestId('sync-sign-out').click();
    const notice = page.getByTestId('sync-sign-out-notice');
    await expect(notice).toContainText('本机所有记录都已送达同步服务。');
    await expect(notice).toContainText('退出后、再次登记前做的记录属于演示工作');
  } finally {
    await shell.stop();
  }
});
