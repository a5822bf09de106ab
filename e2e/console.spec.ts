import { readFile } from 'node:fs/promises';
import { test, expect } from '@playwright/test';
import { buildSyncService } from '../server/app';
import { createAccount, createEnrollment, enrollWithCode } from '../server/auth/accounts';
import { openDatabase, type Database } from '../server/db/database';
import { seedDemoIfEmpty } from '../server/platform/demo-seed';
import { seedSites } from '../server/testing/service';
import { ConsolePage } from './pages/console-page';

/**
 * The operator console against a real sync service (in-memory PGlite, the console built by
 * `npm run build`): a province admin enrols, creates, imports and downloads; a county admin sees
 * only its county and is refused elsewhere, in the pages and when it calls the API directly; the demo
 * admin of a seeded service finds the demo layers and imports its own.
 *
 * `WRM_CONSOLE_DIR` serves a console built elsewhere (`npx vite build --config console/vite.config.ts
 * --outDir <dir>`), so a run need not rebuild the shared dist-console/.
 */
const consoleDir = process.env['WRM_CONSOLE_DIR'];
const password = 'console-password-1';
const shots = 'docs/screenshots';
let db: Database;
let close: () => Promise<void>;
let serviceUrl = '';
type Crew = Awaited<ReturnType<typeof crewLaptop>>;
let otherCrew: Crew;
let countyCrew: Crew;
let laptopCrew: Crew;

const registryHeader = '站点编码,站点名称,站点类型,行政区划代码,纬度,经度,上报间隔(分钟),监测要素,入册日期';

/** A crew member of a county with a laptop enrolled the way an admin does it (a one-time code). */
async function crewLaptop(username: string, displayName: string, scope: string, laptop: string, now: number) {
  const by = { actor: 'setup', scope: '53' };
  await createAccount(db, { username, displayName, role: 'technician', scope }, by, now);
  const { code } = await createEnrollment(
    db,
    { username, deviceName: laptop, validHours: 1 },
    by,
    'http://127.0.0.1',
    now,
  );
  const enrolled = await enrollWithCode(db, { code, deviceName: laptop }, now);
  return { username, laptop, deviceId: enrolled.device.id, token: enrolled.token };
}

test.beforeAll(async () => {
  db = await openDatabase({ pgliteDir: 'memory://' });
  const app = await buildSyncService({
    db,
    version: '0.1.0',
    photoGcEveryMs: 0,
    ...(consoleDir === undefined ? {} : { consoleDir }),
  });
  close = () => app.close();
  serviceUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const now = Date.now();
  await seedSites(db, now);
  for (const [username, displayName, scope] of [
    ['prov.admin', '省管理员', '53'],
    ['county.admin', '宣威市管理员', '530381'],
  ] as const) {
    await createAccount(
      db,
      { username, displayName, role: 'admin', scope, password },
      { actor: 'setup', scope: '53' },
      now,
    );
  }
  countyCrew = await crewLaptop('zhang.wei', '张伟', '530381', '宣威二号笔记本', now);
  otherCrew = await crewLaptop('chen.jing', '陈静', '530102', '五华一号笔记本', now);
  // A county laptop pulls as the app does, naming its release and its outbox.
  laptopCrew = await crewLaptop('liu.yang', '刘洋', '530381', '宣威一号笔记本', now);
  const token = laptopCrew.token;
  const pulled = await fetch(`${serviceUrl}/v1/sync/sites/pull?tx=0&seq=0`, {
    headers: {
      authorization: `Bearer ${token}`,
      'x-wrm-app-version': '0.1.0',
      'x-wrm-outbox-depth': '12',
      'x-wrm-outbox-oldest': String(now - 2 * 86_400_000),
    },
  });
  expect(pulled.status).toBe(200);
});

test.afterAll(async () => {
  await close?.();
});

test('a province admin enrols a laptop with a QR code, creates a user, imports a registry and downloads the monthly report', async ({
  page,
}) => {
  const ops = new ConsolePage(page, serviceUrl);
  await ops.open();
  await expect(page.getByText('登录运维控制台')).toBeVisible();
  await ops.signIn('prov.admin', password);

  // Devices: both counties, with the release and the outbox the county laptop reported.
  const laptop = ops.row('devices-table', laptopCrew.laptop);
  await expect(laptop).toContainText('0.1.0');
  await expect(laptop).toContainText('12 条');
  await expect(laptop).toContainText('最早一条写于');
  await expect(ops.row('devices-table', otherCrew.username)).toBeVisible();
  await page.screenshot({ path: `${shots}/console-devices.png` });

  const dialog = await ops.enrol(countyCrew.username, '宣威三号笔记本');
  await expect(dialog.getByTestId('enrolment-code')).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
  const qr = dialog.getByTestId('enrolment-qr');
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(qr).toHaveAttribute('alt', /^wrm-enroll:\?service=/);
  await page.screenshot({ path: `${shots}/console-enrol.png` });
  await page.keyboard.press('Escape');

  // Revoke the county crew's laptop; the list says so.
  await ops.row('devices-table', countyCrew.username).getByRole('button', { name: '吊销' }).click();
  await page.getByRole('button', { name: '确定' }).click();
  await expect(ops.row('devices-table', countyCrew.username)).toContainText('已吊销');

  // Users: create one in the county, then re-role it.
  await ops.go('用户');
  await ops.createUser({
    username: 'wang.fang',
    displayName: '王芳',
    scope: '530381',
    password: 'a-first-password',
  });
  const row = ops.row('users-table', 'wang.fang');
  await expect(row).toContainText('530381');
  await expect(row).toContainText('巡检员');
  await row.getByLabel('角色 wang.fang').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('主管').click();
  await expect(page.getByText('wang.fang 的角色已改为主管')).toBeVisible();
  await expect(row).toContainText('主管');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/console-users.png` });

  // Registry: a file with a bad row is refused whole, the row's problem shown in a table.
  await ops.go('站册导入');
  await ops.importRegistry(
    '站册-有误.csv',
    `${registryHeader}\n5303810005,宣威新站,取用水户监测点,530381,26.2,104.1,60,flow,2024-01-01\n5303810006,坏行,取用水户监测点,530381,北纬,104.1,60,flow,2024-01-01\n`,
  );
  await expect(page.getByText('未导入任何内容')).toBeVisible();
  const problem = ops.table('import-problems').locator('tbody tr').first();
  await expect(problem).toContainText('3');
  await expect(problem).toContainText('纬度');
  await page.screenshot({ path: `${shots}/console-registry.png` });
  const { rows } = await db.query(
    "select 1 from records where collection = 'sites' and doc->>'code' = '5303810005'",
  );
  expect(rows).toHaveLength(0);

  // No overlapping edits wait in the province.
  await ops.go('待审核');
  await expect(ops.table('reviews-table')).toContainText('辖区内没有待审核的修改');

  // The audit log shows what this admin did.
  await ops.go('审计日志');
  await expect(ops.row('audit-table', 'account.create')).toContainText('prov.admin');
  await expect(ops.row('audit-table', 'device.revoke')).toBeVisible();

  // The monthly workbook of the province.
  await ops.go('月报下载');
  const download = await ops.downloadReport('53', '2026-11');
  expect(download.suggestedFilename()).toBe('monthly-53-2026-11.xlsx');
  const bytes = await readFile(await download.path());
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  await expect(page.getByText('已下载 monthly-53-2026-11.xlsx')).toBeVisible();
});

test('a county admin sees and touches its county only', async ({ page }) => {
  const ops = new ConsolePage(page, serviceUrl);
  await ops.open();
  await ops.signIn('county.admin', password);
  await expect(page.getByTestId('signed-in-as')).toContainText('530381');

  await expect(ops.row('devices-table', laptopCrew.laptop)).toBeVisible();
  await expect(ops.table('devices-table')).not.toContainText(otherCrew.username);
  await page.screenshot({ path: `${shots}/console-county.png` });

  await ops.go('用户');
  await expect(ops.row('users-table', countyCrew.username)).toBeVisible();
  await expect(ops.table('users-table')).not.toContainText(otherCrew.username);
  await expect(ops.table('users-table')).not.toContainText('prov.admin');

  // Creating a user in another county is refused by name, and nothing is created.
  await page.getByRole('button', { name: '新建用户' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('用户名').fill('li.na');
  await dialog.getByLabel('姓名').fill('李娜');
  await dialog.getByLabel('辖区').fill('530102');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('超出您的辖区')).toBeVisible();
  await page.keyboard.press('Escape');

  // Straight to the API with this session: another county's account, device and report are refused.
  const { rows } = await db.query<{ id: string }>('select id from accounts where username = $1', [
    otherCrew.username,
  ]);
  const otherId = rows[0]!.id;
  expect(await ops.call('PUT', `/v1/console/users/${otherId}`, { disabled: true })).toEqual({
    status: 404,
    code: 'not-found',
  });
  expect(
    await ops.call('POST', `/v1/console/users/${otherId}/password`, { password: 'taken-over-1234' }),
  ).toEqual({
    status: 404,
    code: 'not-found',
  });
  expect(await ops.call('POST', `/v1/admin/devices/${otherCrew.deviceId}/revoke`)).toEqual({
    status: 404,
    code: 'not-found',
  });
  expect(await ops.call('GET', '/v1/reports/monthly?region=530102&month=2026-11')).toMatchObject({
    status: 403,
  });
  const { rows: other } = await db.query<{ disabled_at: unknown; revoked_at: unknown }>(
    'select a.disabled_at, d.revoked_at from accounts a join devices d on d.account_id = a.id where d.id = $1',
    [otherCrew.deviceId],
  );
  expect(other[0]).toEqual({ disabled_at: null, revoked_at: null });

  // The province's report is outside the county as well; the county's own downloads.
  await ops.go('月报下载');
  const download = await ops.downloadReport('530381', '2026-11');
  expect(download.suggestedFilename()).toBe('monthly-530381-2026-11.xlsx');

  // The same devices in English.
  await ops.go('设备');
  await page.getByLabel('语言').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('English').click();
  await expect(page.getByRole('menuitem', { name: 'Devices' })).toBeVisible();
  await expect(ops.row('devices-table', laptopCrew.laptop)).toContainText('12 records');
  await expect(ops.row('devices-table', laptopCrew.laptop)).toContainText('oldest written');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/console-devices-en-US.png` });

  // Signing out ends the session's token on the service.
  const token = await page.evaluate(() => sessionStorage.getItem('wrm.console.token'));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const after = await fetch(`${serviceUrl}/v1/auth/me`, {
    headers: { authorization: `Bearer ${token ?? ''}` },
  });
  expect(((await after.json()) as { error?: { code?: string } }).error?.code).toBe('revoked');
});

/** A small square near Kunming (a zone of the seeded province, or a county's stand-in outline). */
const square = {
  type: 'Polygon',
  coordinates: [
    [
      [102.7, 25.04],
      [102.72, 25.04],
      [102.72, 25.06],
      [102.7, 25.06],
      [102.7, 25.04],
    ],
  ],
};
/** A small protection zone around a site of the seeded province, as an operator's GeoJSON holds it. */
const zoneFile = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: '测试水源一级保护区', sites: '5301020001' },
      geometry: square,
    },
  ],
});
/** County outlines whose second feature has no division code: the whole file is refused. */
const brokenOutlines = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { code: '530102', name: '五华区' },
      geometry: square,
    },
    {
      type: 'Feature',
      properties: { name: '无代码县' },
      geometry: square,
    },
  ],
});

test('the demo admin of a seeded service sees the demo layers, imports a zone, and a broken file is refused by name', async ({
  page,
}) => {
  // Seeding the demo province (even 300 sites) takes tens of seconds on a loaded machine.
  test.setTimeout(240_000);
  const demoDb = await openDatabase({ pgliteDir: 'memory://' });
  const demoApp = await buildSyncService({
    db: demoDb,
    version: '0.1.0',
    photoGcEveryMs: 0,
    ...(consoleDir === undefined ? {} : { consoleDir }),
  });
  try {
    const demoUrl = await demoApp.listen({ host: '127.0.0.1', port: 0 });
    const seeded = await seedDemoIfEmpty(demoDb, Date.now(), { sites: 300 });
    const admin = seeded!.accounts.find((a) => a.role === 'admin')!;
    const ops = new ConsolePage(page, demoUrl);
    await ops.open();
    await ops.signIn(admin.username, admin.password);
    await page.getByRole('menuitem', { name: '空间图层' }).click();

    const outlines = ops.row('layers', '示范县界（演示数据）');
    await expect(outlines).toContainText('行政区界');
    await expect(outlines).toContainText('demo-seed');
    await expect(outlines).toContainText('53');
    await expect(ops.row('layers', '示范水源保护区（演示数据）')).toContainText('水源保护区');
    await expect(ops.row('layers', '示范监测河段（演示数据）')).toContainText('监测河段');

    const choose = async (name: string, buffer: string) => {
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: '选择文件并导入' }).click();
      await (await chooser).setFiles({ name, mimeType: 'application/geo+json', buffer: Buffer.from(buffer) });
    };

    // A zone of the operator's own: listed with its feature count and who imported it.
    await page.getByLabel('图层类型').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('水源保护区').click();
    await page.getByLabel('图层名称').fill('测试保护区');
    await choose('测试保护区.geojson', zoneFile);
    await expect(page.getByText('已导入“测试保护区”，共 1 个要素')).toBeVisible();
    const zone = ops.row('layers', '测试保护区');
    await expect(zone).toContainText('测试保护区.geojson');
    await expect(zone).toContainText(admin.username);
    await page.screenshot({ path: `${shots}/console-layers.png` });

    // Replacing it with a new file: the same layer, its version up (laptops fetch it again).
    const replaced = page.waitForEvent('filechooser');
    await zone.getByRole('button', { name: '替换' }).click();
    await (
      await replaced
    ).setFiles({
      name: '测试保护区-新.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(zoneFile),
    });
    await expect(page.getByText('已替换“测试保护区”，共 1 个要素')).toBeVisible();
    await expect(zone).toContainText('第 2 版');
    await expect(zone).toContainText('测试保护区-新.geojson');

    // Outlines with a feature lacking its division code: refused whole, the feature named in words.
    await page.getByLabel('图层类型').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('行政区界').click();
    await page.getByLabel('图层名称').fill('有误的县界');
    await choose('有误的县界.geojson', brokenOutlines);
    await expect(page.getByText('1 个要素有误，未导入任何内容')).toBeVisible();
    const problem = ops.table('layer-problems').locator('tbody tr').first();
    await expect(problem).toContainText('2');
    await expect(problem).toContainText('无代码县');
    await expect(problem).toContainText('缺少行政区划代码');
    await expect(ops.table('layers')).not.toContainText('有误的县界');
    const { rows } = await demoDb.query("select 1 from spatial_layers where name = '有误的县界'");
    expect(rows).toHaveLength(0);

    // A zip with no Shapefile in it (a damaged download): refused whole, the reason in words.
    await choose('有误的县界.zip', 'PK\u0003\u0004 not a whole zip');
    await expect(page.getByTestId('layer-failure')).toContainText(
      '文件无法导入：压缩包中没有可读取的 ESRI Shapefile',
    );
    await expect(page.getByTestId('layer-failure')).toContainText('未导入任何内容');
    await expect(ops.table('layers')).not.toContainText('有误的县界');

    // Removing the operator's zone: gone from the list and from what laptops are offered.
    await zone.getByRole('button', { name: '删除' }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await expect(page.getByText('已删除图层“测试保护区”')).toBeVisible();
    await expect(ops.table('layers')).not.toContainText('测试保护区-新.geojson');
    const { rows: left } = await demoDb.query<{ id: string }>('select id from spatial_layers order by id');
    expect(left.map((r) => r.id)).toEqual(['demo-division', 'demo-protection-zones', 'demo-river-reaches']);
  } finally {
    await demoApp.close();
  }
});
