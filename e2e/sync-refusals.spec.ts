import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleRecords } from '#shared/domain/fixtures';
import { newId } from '#shared/domain/index';
import { chooseOption } from './pages/ant-select';
import { expect, test } from './fixtures';
import { SyncCentrePage, demoAccounts, type DemoAccount } from './pages/sync-centre-page';
import { apiGet, apiLogin } from './sync-api';
import { startWebShell, type WebShell } from './web-shell';

type SiteRecord = { id: string; code: string; name: string; kind: string; divisionCode: string };
type Hooks = { wrmTestHooks: { writeFieldEvent(c: string, r: unknown): Promise<{ ok: boolean }> } };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A browser with a profile on disk: closing and launching it again keeps IndexedDB and localStorage. */
async function launch(profile: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1360, height: 860 },
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  // The app's own write path for tests; no built-in demo load (the work goes to the service's sites).
  await context.addInitScript(() => {
    sessionStorage.setItem('wrm.testHooks', '1');
    sessionStorage.setItem('wrm.demoSeed', 'off');
  });
  return context;
}

async function writeLocal(page: Page, collection: string, record: unknown): Promise<void> {
  const result = await page.evaluate(
    ([c, r]) => (window as unknown as Hooks).wrmTestHooks.writeFieldEvent(c, r),
    [collection, record] as const,
  );
  expect(result.ok).toBe(true);
}

/** A day's work at one site, as the crew records it: a patrol, a reading, a photo and a fault. */
function dayOfWork(site: SiteRecord) {
  const at = {
    siteId: site.id,
    divisionCode: site.divisionCode,
    deviceId: 'laptop-wrm-e2e',
    operatorId: 'crew',
    recordedAt: Date.now(),
    receivedAt: null,
  };
  const patrol = { ...sampleRecords.patrols, ...at, id: newId(), siteKind: site.kind, taskId: null };
  return {
    patrol,
    reading: { ...sampleRecords.readings, ...at, id: newId(), patrolId: patrol.id, equipmentId: null },
    photo: {
      ...sampleRecords.photos,
      ...at,
      id: newId(),
      siteCode: site.code,
      patrolId: patrol.id,
      storedSha256: 'd'.repeat(64),
    },
    fault: { ...sampleRecords.fault_events, ...at, id: newId(), faultId: newId(), patrolId: patrol.id },
  };
}

test('work recorded outside the region is refused, shown as refused with its reason, recoverable, and still listed after a restart', async () => {
  test.setTimeout(900_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'wrm-refusals-data-'));
  const profile = mkdtempSync(join(tmpdir(), 'wrm-refusals-profile-'));
  // The same ports on both starts: the browser's storage belongs to the origin, the enrolment to the service URL.
  const env = { WRM_WEB_PORT: String(await freePort()), WRM_SYNC_PORT: String(await freePort()) };
  const start = () => startWebShell({ demo: true, args: ['--demo-sites', '400'], dataDir, env });
  let shell: WebShell | null = await start();
  let context: BrowserContext | null = null;
  try {
    const accounts: DemoAccount[] = demoAccounts(shell);
    const admin = accounts.find((a) => a.role === 'admin')!;
    const tech = accounts.find((a) => a.role === 'technician')!;
    const adminToken = await apiLogin(shell.syncUrl, admin.username, admin.password);
    const province = (
      await apiGet<{ records: SiteRecord[] }>(shell.syncUrl, adminToken, '/v1/records/sites?limit=1000')
    ).records;
    const elsewhere = province.find((s) => !s.divisionCode.startsWith(tech.scope) && s.kind === 'intake')!;
    expect(elsewhere).toBeDefined();
    const home = province
      .filter((s) => s.divisionCode.startsWith(tech.scope))
      .sort((a, b) => a.code.localeCompare(b.code))[0]!;

    context = await launch(profile);
    const page = context.pages()[0] ?? (await context.newPage());
    const sync = new SyncCentrePage(page, shell);
    await sync.open();
    await expect(sync.phase()).toHaveText('本机尚未登记');

    // Enrolled as the technician of the county with the most sites, then the day's work at a site of
    // another county (work made before enrolment is demo work and is never sent): every record is refused.
    await sync.enrollWithPassword(tech.username, tech.password, '巡查一号');
    await expect(page.getByTestId('enroll-card')).toBeHidden({ timeout: 60_000 });
    const work = dayOfWork(elsewhere);
    await writeLocal(page, 'patrols', work.patrol);
    await writeLocal(page, 'readings', work.reading);
    await writeLocal(page, 'photos', work.photo);
    await writeLocal(page, 'fault_events', work.fault);
    const items = page.getByTestId('refusal-item');
    await expect(items).toHaveCount(4, { timeout: 300_000 });
    await sync.settle();

    // The header is not green and says why; each record shows the reason in the crew's language.
    await expect(sync.phase()).toHaveText('4 条记录被服务拒绝，需要处理');
    await expect(sync.phase()).toHaveClass(/ant-tag-error/);
    await expect(sync.phase()).not.toHaveText('已同步');
    const reason = `站点所在区划 ${elsewhere.divisionCode} 不在您的辖区 ${tech.scope} 内`;
    for (const id of [work.patrol.id, work.reading.id, work.photo.id, work.fault.id]) {
      const item = items.filter({ has: page.getByText(id, { exact: true }) });
      await expect(item.getByTestId('refusal-reason')).toHaveText(reason);
      await expect(item.getByTestId('refusal-advice')).toContainText('移到辖区内的正确站点');
      // Never a blind retry: no "send again" while the record is still outside the region.
      await expect(item.getByTestId('refusal-resend')).toHaveCount(0);
    }
    // "Last successful sync" does not stand on the rows that failed; the photo is blocked, not 0/0.
    for (const row of ['patrols', 'readings', 'photos', 'fault_events']) {
      await expect(sync.row(row)).toContainText('未完成');
    }
    await expect(sync.row('photo-files')).toContainText('受阻 1');
    await expect(sync.row('photo-files')).toContainText('未完成');
    // A retry sends what is pending, not the refused records; they stay refused.
    await sync.retryNow();
    await sync.settle();
    await expect(items).toHaveCount(4);
    // Tall enough for the refused records and the whole table (the page scrolls inside the app frame).
    await page.setViewportSize({ width: 1360, height: 1900 });
    await page.screenshot({ path: 'docs/screenshots/sync-refused-zh-CN.png' });

    await sync.app.switchLanguage('English');
    await expect(sync.phase()).toHaveText('Refused by the service: 4 — action needed');
    await expect(items.first().getByTestId('refusal-reason')).toHaveText(
      `The site's division ${elsewhere.divisionCode} is outside your region ${tech.scope}`,
    );
    await expect(sync.row('photo-files')).toContainText('Blocked 1');
    await page.screenshot({ path: 'docs/screenshots/sync-refused-en-US.png' });
    await page.setViewportSize({ width: 1360, height: 860 });
    await sync.app.switchLanguage('简体中文');

    // Recovered by export: a file for the supervisor holds the fault and its reason; it stays listed.
    const faultItem = items.filter({ has: page.getByText(work.fault.id, { exact: true }) });
    const downloading = page.waitForEvent('download');
    await faultItem.getByTestId('refusal-export').click();
    const download = await downloading;
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      account: { username: string; region: string };
      records: { id: string; collection: string; reason: string; record: { divisionCode: string } }[];
    };
    expect(exported.account).toEqual({ username: tech.username, region: tech.scope });
    expect(exported.records).toEqual([
      expect.objectContaining({
        id: work.fault.id,
        collection: 'fault_events',
        reason,
        record: expect.objectContaining({ divisionCode: elsewhere.divisionCode }),
      }),
    ]);
    await expect(faultItem).toContainText('导出给主管');
    await expect(items).toHaveCount(4);

    // Recovered by a move: the reading was made at the wrong site; moved to a site of the region it is stored.
    const readingItem = items.filter({ has: page.getByText(work.reading.id, { exact: true }) });
    await readingItem.getByTestId('refusal-move').click();
    await chooseOption(page, 'refusal-move-site', `${home.code} ${home.name}`);
    await page.getByTestId('refusal-move-ok').click();
    await expect(items).toHaveCount(3, { timeout: 60_000 });
    const techToken = await apiLogin(shell.syncUrl, tech.username, tech.password);
    await expect
      .poll(
        async () =>
          (
            await apiGet<{ records: { id: string }[] }>(
              shell!.syncUrl,
              techToken,
              `/v1/records/readings?siteId=${home.id}`,
            )
          ).records.some((r) => r.id === work.reading.id),
        { timeout: 60_000 },
      )
      .toBe(true);
    await expect(sync.phase()).toHaveText('3 条记录被服务拒绝，需要处理');

    // A restart of the web shell and the browser (same data folder, same profile): still listed, still red.
    await context.close();
    context = null;
    await shell.stop();
    shell = await start();
    context = await launch(profile);
    const again = new SyncCentrePage(context.pages()[0] ?? (await context.newPage()), shell);
    await again.open();
    const after = again.page.getByTestId('refusal-item');
    await expect(after).toHaveCount(3);
    for (const id of [work.patrol.id, work.photo.id, work.fault.id]) {
      await expect(after.filter({ has: again.page.getByText(id, { exact: true }) })).toHaveCount(1);
    }
    await expect(after.filter({ has: again.page.getByText(work.fault.id, { exact: true }) })).toContainText(
      '导出给主管',
    );
    await expect(again.phase()).toHaveText('3 条记录被服务拒绝，需要处理', { timeout: 120_000 });
    await expect(again.row('photo-files')).toContainText('受阻 1', { timeout: 60_000 });
  } finally {
    await context?.close();
    await shell?.stop();
    rmSync(profile, { recursive: true, force: true });
  }
});
