import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { SyncCentrePage, demoAccounts } from './pages/sync-centre-page';
import { apiGet, apiLogin, apiPost, patrolAt } from './sync-api';
import { startWebShell, type WebShell } from './web-shell';

type Hooks = {
  wrmTestHooks: {
    writeFieldEvent(c: string, r: unknown): Promise<{ ok: boolean }>;
    findById(c: string, id: string): Promise<Record<string, unknown> | null>;
  };
  wrmSyncTestHooks: {
    patch(c: string, id: string, p: Record<string, unknown>): Promise<void>;
    state(): unknown;
  };
};
type SiteRecord = {
  id: string;
  divisionCode: string;
  kind: string;
  name: string;
  waterSource: string | null;
};

const findLocal = (page: Page, collection: string, id: string) =>
  page.evaluate(([c, i]) => (window as unknown as Hooks).wrmTestHooks.findById(c!, i!), [collection, id]);

async function writeLocal(page: Page, collection: string, record: unknown): Promise<void> {
  const result = await page.evaluate(
    ([c, r]) => (window as unknown as Hooks).wrmTestHooks.writeFieldEvent(c, r),
    [collection, record] as const,
  );
  expect(result.ok).toBe(true);
}

test.describe('sync', () => {
  // Each test starts its own embedded service with the whole demo province (5,200 sites).
  test.describe.configure({ timeout: 600_000 });

  test('enrol with a one-time code, sync the demo province, work offline, come back: the patrol reaches the service once', async ({
    browser,
  }) => {
    const shell = await startWebShell({ demo: true });
    try {
      const page = await browser.newPage();
      const sync = new SyncCentrePage(page, shell);
      await sync.open();
      await expect(sync.phase()).toHaveText('本机尚未登记');
      await page.screenshot({ path: 'docs/screenshots/sync-enrol-zh-CN.png' });

      const accounts = demoAccounts(shell);
      const admin = accounts.find((a) => a.role === 'admin')!;
      const tech = accounts.find((a) => a.role === 'technician')!;
      const adminToken = await apiLogin(shell.syncUrl, admin.username, admin.password);
      const issued = await apiPost<{ code: string; qrSvg: string; uri: string }>(
        shell.syncUrl,
        adminToken,
        '/v1/admin/enrollments',
        {
          username: tech.username,
          deviceName: '巡查一号',
        },
      );
      expect(issued.qrSvg).toContain('<svg');
      // The text of the QR code works as well as the bare code.
      await sync.enrollWithCode(issued.uri, '巡查一号');
      await expect(sync.phase()).toHaveText('已同步', { timeout: 240_000 });
      await expect(page.getByTestId('sync-account')).toContainText(
        `(${tech.username}) · 巡查员 · 辖区 ${tech.scope}`,
      );
      // One-time: the same code cannot enrol a second laptop.
      const reuse = await fetch(`${shell.syncUrl}/v1/auth/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: issued.code, deviceName: 'stolen' }),
      });
      expect(await reuse.json()).toMatchObject({ error: { code: 'bad-enrollment-code' } });

      // The region's sites and health are on the laptop.
      const techToken = await apiLogin(shell.syncUrl, tech.username, tech.password);
      const sites = (
        await apiGet<{ records: SiteRecord[] }>(shell.syncUrl, techToken, '/v1/records/sites?limit=1000')
      ).records;
      expect(sites.length).toBeGreaterThan(10);
      const site = sites[0]!;
      await expect
        .poll(() => findLocal(page, 'sites', site.id), { timeout: 60_000 })
        .toMatchObject({ id: site.id });
      await expect
        .poll(() => findLocal(page, 'site_health', site.id), { timeout: 60_000 })
        .toMatchObject({ siteId: site.id });
      await expect(sync.row('sites')).not.toContainText('从未');
      await page.screenshot({ path: 'docs/screenshots/sync-idle-zh-CN.png', fullPage: true });

      // Offline: the service is unreachable. The patrol is saved on the laptop and shown as pending.
      await sync.blockService(true);
      const patrol = patrolAt(site);
      await writeLocal(page, 'patrols', patrol);
      await expect(sync.app.statusBar()).toContainText('待上传 1');
      await sync.retryNow();
      await expect(sync.phase()).toHaveText(/同步出错|离线/, { timeout: 30_000 });
      await expect(page.getByTestId('sync-error')).toContainText('连接不到同步服务');
      await expect(page.getByTestId('sync-next-retry')).toBeVisible();
      await expect(sync.row('patrols')).toContainText('1');
      await page.screenshot({ path: 'docs/screenshots/sync-offline-zh-CN.png', fullPage: true });

      // Back online: it goes up, exactly once, and comes back stamped with the service's receipt time.
      await sync.blockService(false);
      await sync.retryNow();
      await expect(sync.app.statusBar()).toContainText('待上传 0', { timeout: 60_000 });
      await expect(sync.phase()).toHaveText('已同步');
      const onServer = await apiGet<{ records: { id: string; receivedAt: number }[] }>(
        shell.syncUrl,
        techToken,
        `/v1/records/patrols?siteId=${site.id}`,
      );
      expect(onServer.records.filter((r) => r.id === patrol.id)).toEqual([
        expect.objectContaining({ id: patrol.id, receivedAt: expect.any(Number) }),
      ]);
      await expect
        .poll(async () => (await findLocal(page, 'patrols', patrol.id))?.['receivedAt'])
        .toBe(onServer.records.find((r) => r.id === patrol.id)?.receivedAt);
      await page.screenshot({ path: 'docs/screenshots/sync-back-online-zh-CN.png', fullPage: true });
      await sync.app.switchLanguage('English');
      await expect(sync.phase()).toHaveText('Up to date');
      await page.screenshot({ path: 'docs/screenshots/sync-idle-en-US.png', fullPage: true });
    } finally {
      await shell.stop();
    }
  });

  test('two laptops offline edit, reconnect and converge; the overlap lands in the review list', async ({
    browser,
  }) => {
    // A smaller province keeps this test's two shells quick; the first test syncs the whole one.
    const first = await startWebShell({ demo: true, args: ['--demo-sites', '400'] });
    let second: WebShell | null = null;
    try {
      second = await startWebShell({ args: ['--sync-url', first.syncUrl] });
      const accounts = demoAccounts(first);
      const tech = accounts.find((a) => a.role === 'technician')!;
      const supervisor = accounts.find((a) => a.role === 'supervisor')!;
      const laptops: SyncCentrePage[] = [];
      for (const [shell, name] of [
        [first, '巡查甲'],
        [second, '巡查乙'],
      ] as const) {
        // Separate browser contexts: separate profiles (IndexedDB, storage) as well as separate hosts.
        const context = await browser.newContext();
        const laptop = new SyncCentrePage(await context.newPage(), shell);
        await laptop.open();
        await laptop.enrollWithPassword(tech.username, tech.password, name);
        await expect(laptop.phase()).toHaveText('已同步', { timeout: 240_000 });
        laptops.push(laptop);
      }
      const [a, b] = laptops as [SyncCentrePage, SyncCentrePage];
      const token = await apiLogin(first.syncUrl, tech.username, tech.password);
      const sites = (
        await apiGet<{ records: SiteRecord[] }>(first.syncUrl, token, '/v1/records/sites?limit=1000')
      ).records;
      const [s1, s2] = sites as [SiteRecord, SiteRecord];
      for (const laptop of laptops) {
        await expect
          .poll(() => findLocal(laptop.page, 'sites', s2.id), { timeout: 60_000 })
          .toMatchObject({ name: s2.name });
      }

      // Both go offline and work.
      await a.blockService(true);
      await b.blockService(true);
      const patrolA = patrolAt(s1);
      const patrolB = patrolAt(s2);
      await writeLocal(a.page, 'patrols', patrolA);
      await writeLocal(b.page, 'patrols', patrolB);
      const patch = (laptop: SyncCentrePage, id: string, p: Record<string, unknown>) =>
        laptop.page.evaluate(([i, q]) => (window as unknown as Hooks).wrmSyncTestHooks.patch('sites', i, q), [
          id,
          p,
        ] as const);
      await patch(a, s2.id, { name: '甲核实的站名' });
      await patch(b, s2.id, { name: '乙核实的站名' });
      await patch(b, s1.id, { waterSource: '乙核实的水源' });

      // A reconnects first, then B, then A again to pull what B sent.
      for (const laptop of [a, b, a, b]) {
        await laptop.blockService(false);
        await laptop.retryNow();
        await expect(laptop.app.statusBar()).toContainText('待上传 0', { timeout: 90_000 });
      }
      for (const laptop of laptops) {
        await expect
          .poll(async () => (await findLocal(laptop.page, 'patrols', patrolA.id))?.['receivedAt'], {
            timeout: 30_000,
          })
          .toEqual(expect.any(Number));
        await expect
          .poll(async () => (await findLocal(laptop.page, 'patrols', patrolB.id))?.['receivedAt'], {
            timeout: 30_000,
          })
          .toEqual(expect.any(Number));
        await expect
          .poll(async () => (await findLocal(laptop.page, 'sites', s2.id))?.['name'], { timeout: 30_000 })
          .toBe('甲核实的站名');
        await expect
          .poll(async () => (await findLocal(laptop.page, 'sites', s1.id))?.['waterSource'], {
            timeout: 30_000,
          })
          .toBe('乙核实的水源');
      }
      // The service holds each field event exactly once.
      for (const [site, patrol] of [
        [s1, patrolA],
        [s2, patrolB],
      ] as const) {
        const list = await apiGet<{ records: { id: string }[] }>(
          first.syncUrl,
          token,
          `/v1/records/patrols?siteId=${site.id}`,
        );
        expect(list.records.filter((r) => r.id === patrol.id)).toHaveLength(1);
      }
      // B's overlapping rename waits for a supervisor, and B sees it as in review.
      const supToken = await apiLogin(first.syncUrl, supervisor.username, supervisor.password);
      const reviews = await apiGet<{
        reviews: { recordId: string; fields: string[]; proposed: { name: string }; status: string }[];
      }>(first.syncUrl, supToken, '/v1/reviews?status=open');
      expect(reviews.reviews).toEqual([
        expect.objectContaining({
          recordId: s2.id,
          fields: ['name'],
          proposed: expect.objectContaining({ name: '乙核实的站名' }),
        }),
      ]);
      await expect(b.row('sites')).toContainText('1', { timeout: 60_000 });
      await expect(b.page.getByTestId('sync-review-note')).toBeVisible();
      await b.page.screenshot({ path: 'docs/screenshots/sync-review-zh-CN.png', fullPage: true });
    } finally {
      await second?.stop();
      await first.stop();
    }
  });
});
