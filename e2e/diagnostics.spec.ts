import { readFileSync } from 'node:fs';
import { test as base } from '@playwright/test';
import { parseMeterProfile, simulatorRegisterMap } from '#shared/diagnostics/meter-profile';
import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import type { ByteLink } from '#shared/protocols/common/byte-link';
import { fromHex } from '#shared/protocols/common/hex';
import { beijingFrames } from '#shared/protocols/sl651/reference-frames.test-data';
import { createModbusSlave } from '#shared/sim/modbus-slave';
import { runSimulator, type SimulatorRun } from '#shared/sim/run-simulator';
import { createSzy206Rtu } from '#shared/sim/szy206-rtu';
import { openSerialLink } from '../electron/host/serial-link';
import { missingTool, openPtyPair, type PtyPair } from '../electron/host/testing/pty-pair';
import { expect } from './fixtures';
import { AppShellPage } from './pages/app-shell-page';
import { DiagnosticsPage } from './pages/diagnostics-page';
import { startWebShell, type WebShell } from './web-shell';

// The demo province the app loads into an empty database: an intake site with a meter and an RTU.
const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: addDays(dayOf(Date.now()), -1),
});
const site = demo.sites.find(
  (s) => s.kind === 'intake' && demo.equipment.some((e) => e.siteId === s.id && e.rtuAddress !== null),
)!;
const meter = demo.equipment.find((e) => e.siteId === site.id && e.role === 'meter')!;
const rtu = demo.equipment.find((e) => e.siteId === site.id && e.role === 'rtu')!;
const platformVolume = demo.siteHealth
  .find((h) => h.siteId === site.id)!
  .lastValues.find((v) => v.element === 'volume')!;
const profile = parseMeterProfile(
  'em-converter-1010.json',
  readFileSync('resources/meter-profiles/em-converter-1010.json', 'utf8'),
);
const shot = (name: string) => `docs/screenshots/diagnostics-${name}.png`;

const test = base.extend<{ pty: PtyPair; shell: WebShell; device: ByteLink; listPty: boolean }>({
  /** Whether the web host lists the pty as a configured port (false: the crew must type it). */
  listPty: [true, { option: true }],
  // eslint-disable-next-line no-empty-pattern
  pty: async ({}, use) => {
    const pair = await openPtyPair();
    await use(pair);
    await pair.close();
  },
  shell: async ({ pty, listPty }, use) => {
    const shell = await startWebShell({ env: listPty ? { WRM_SERIAL_PORTS: pty.a } : {} });
    await use(shell);
    if (test.info().status !== test.info().expectedStatus) {
      await test.info().attach('web-shell.txt', { body: shell.output(), contentType: 'text/plain' });
    }
    await shell.stop();
  },
  device: async ({ pty }, use, testInfo) => {
    const link = await openSerialLink(
      pty.b,
      meter.serial ?? { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
    );
    // What the far end saw, attached to the report when the test fails (timing under load).
    const wire: string[] = [];
    link.onData((c) => wire.push(`${new Date().toISOString()} device rx ${Buffer.from(c).toString('hex')}`));
    link.onClose((e) => wire.push(`${new Date().toISOString()} device closed ${e?.message ?? ''}`));
    await use(link);
    await link.close();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('device-wire.txt', { body: wire.join('\n'), contentType: 'text/plain' });
    }
  },
});

test.skip(missingTool('socat') !== null, missingTool('socat') ?? '');

test('diagnose a meter and an RTU over a virtual serial port, save the session, see it on the site page', async ({
  page,
  shell,
  pty,
  device,
}) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new AppShellPage(page, shell);
  await app.open();
  const diag = new DiagnosticsPage(page);

  // The meter on the far end: a Modbus slave from the 0x1010 electromagnetic converter profile.
  let sim: SimulatorRun = runSimulator(
    createModbusSlave({
      unitId: meter.modbusUnitId ?? 1,
      ...simulatorRegisterMap(profile, { flow: 42.5, totalInt: platformVolume.value + 18, totalFrac: 0.25 }),
    }),
    device,
  );

  // 1. Pick the site (from the site page's link): its meter's serial settings are filled in.
  await diag.openFor(site.id);
  await expect(diag.byId('diag-site')).toContainText(site.code);
  await expect(diag.byId('diag-equipment')).toContainText('modbus-rtu');
  await expect(diag.byId('diag-unit')).toHaveValue(String(meter.modbusUnitId ?? 1));
  await diag.choosePort(pty.a);
  // Scan once the demo province has finished loading (it keeps both cores busy meanwhile).
  await expect(page.getByTestId('demo-loading')).toHaveCount(0, { timeout: 300_000 });

  // 2. With the meter's profile chosen, auto-detect probes its first register; the registered
  //    settings are tried first, and the line connects where the meter answered.
  await diag.pick('diag-profile', '0x1010');
  await diag.detect();
  await expect(diag.byId('diag-detect-found')).toContainText(`从站 ${meter.modbusUnitId ?? 1}`);
  await expect(app.statusBar()).toContainText(pty.a);

  // 3. Its profile values: named, scaled, with units and the cumulative volume.
  await diag.readProfile('0x1010');
  await expect(diag.byId('diag-value-flow')).toHaveText('42.500');
  await expect(diag.byId('diag-cumulative')).toContainText(`${platformVolume.value + 18}.25`);
  await page.screenshot({ path: shot('1-modbus-profile') });

  // 3b. A crew's own copy of the profile, edited in the form: doubling the flow register's scale
  //     doubles the value read from the same meter. Then back to the shipped profile.
  await diag.saveCopyWithScale(0, 2);
  await page.screenshot({ path: shot('1b-profile-editor') });
  await diag.saveProfileEdit();
  await expect(diag.byId('diag-profile')).toContainText('副本');
  await diag.byId('diag-read-profile').click();
  await expect(diag.byId('diag-value-flow')).toHaveText('85');
  await diag.readProfile(/0x1010 地址表）$/);
  await expect(diag.byId('diag-value-flow')).toHaveText('42.500');

  // 4. The RTU: same cable, now a SZY206 terminal at the registered address.
  await sim.stop();
  // Its clock runs 3 minutes fast and it was left in debug mode after the last repair.
  sim = runSimulator(
    createSzy206Rtu({
      address: { mode: 'division', division: rtu.rtuAddress!.division, station: rtu.rtuAddress!.station },
      edition: rtu.protocol === 'sl427-2021' ? 'sl427-2021' : 'szy206-2016',
      clockOffsetMs: 180_000,
      workMode: 'debug',
      reportEveryMs: 0,
    }),
    device,
  );
  await diag.tab('终端 SZY206 / SL427');
  await expect(diag.byId('diag-rtu-division')).toHaveValue(rtu.rtuAddress!.division);
  await diag.byId('diag-szy-link-test').click();
  await expect(diag.byId('diag-szy-answers')).toBeVisible();
  await diag.byId('diag-szy-clock').click();
  await expect(diag.byId('diag-szy-answers')).toContainText('读取时钟');
  await expect(diag.byId('diag-drift')).toContainText('时钟偏差');
  await diag.byId('diag-szy-work-mode').click();
  await expect(diag.byId('diag-drift')).toContainText('仍处于调试模式');
  await page.screenshot({ path: shot('2-rtu-clock-drift') });

  // 5. Listen: a boundary-section station's SL651 self-report arrives unasked and is decoded.
  await sim.stop();
  await diag.tab('监听 SL651 / HJ 212');
  await diag.byId('diag-listen-start').click();
  await expect(diag.byId('diag-line-state')).toContainText('监听中');
  await device.write(fromHex(beijingFrames[0]!));
  await expect(diag.byId('diag-listen-frames')).toContainText('0030746200');
  await page.screenshot({ path: shot('5-listen-sl651') });
  // The same frame read in English: the standard's elements are named in the reader's language.
  await app.switchLanguage('English');
  await expect(diag.byId('diag-listen-frames')).toContainText('Cumulative rainfall 311.3mm');
  await expect(diag.byId('diag-listen-frames')).toContainText('Supply voltage 12.87V');
  await expect(diag.byId('diag-listen-frames')).toContainText('0xFF09 (unknown element) 20');
  await expect(diag.byId('diag-listen-frames')).not.toContainText('降水量累计值');
  await page.screenshot({ path: shot('5-listen-sl651-en-US') });
  await app.switchLanguage('简体中文');
  await diag.byId('diag-listen-stop').click();
  await expect(diag.byId('diag-line-state')).toContainText('已连接');

  // 6. The wire as recorded, then reconciliation against the platform's last value.
  await diag.tab('原始终端');
  await expect(diag.byId('diag-log')).toContainText('68');
  await page.screenshot({ path: shot('3-raw-log') });
  await diag.tab('数据核对');
  // The meter is 18.25 m³ ahead of the platform's last value: within what flowed since (no 错报).
  await expect(diag.byId('diag-reconcile')).toContainText('18.25');
  await expect(diag.byId('diag-reconcile')).toContainText('在允许误差内');
  await page.screenshot({ path: shot('4-reconcile') });

  // 7. Save the session; it is listed on the site page with its verdict.
  await diag.save('e2e: 仪表与终端诊断');
  await diag.disconnect();
  await diag.byId('diag-open-site').click();
  await expect(page.getByTestId('site-diagnostics')).toContainText('modbus-rtu', { timeout: 30_000 });
  await page.getByTestId('site-diagnostics').screenshot({ path: shot('6-site-section') });
  await page.getByTestId('site-diagnostics').locator('tbody tr').first().click();
  await expect(page.getByTestId('diag-session-detail')).toContainText('e2e: 仪表与终端诊断');
  await app.switchLanguage('English');
  await expect(page.getByTestId('diag-session-detail')).toContainText('Verdicts');
  // Saved in Chinese, read in English: verdicts and the profile's value names follow the reader.
  await expect(page.getByTestId('diag-session-detail')).toContainText('Meter answered the auto-detect scan');
  await expect(page.getByTestId('diag-session-detail')).toContainText('Clock off');
  await expect(page.getByTestId('diag-session-detail')).toContainText('Instantaneous flow');
  await page.getByTestId('diag-session-detail').evaluate((el) => el.scrollIntoView());
  await page.screenshot({ path: shot('7-session-en-US') });
  expect(errors).toEqual([]);
});

test.describe('a port typed by hand', () => {
  // The host does not list the pty: it is reachable only by typing its path.
  test.use({ listPty: false });
  test.describe.configure({ timeout: 600_000 });

  test('types a virtual port path, reads registers from the meter simulator, and remembers the port for the site', async ({
    page,
    shell,
    pty,
    device,
  }) => {
    test.setTimeout(600_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const app = new AppShellPage(page, shell);
    await app.open();
    const diag = new DiagnosticsPage(page);
    const sim = runSimulator(
      createModbusSlave({
        unitId: meter.modbusUnitId ?? 1,
        ...simulatorRegisterMap(profile, { flow: 42.5, totalInt: 1234, totalFrac: 0.5 }),
      }),
      device,
    );
    try {
      await diag.openFor(site.id);
      // On a fresh laptop the demo province loads in batches: the site's equipment may come late.
      await expect(diag.byId('diag-equipment')).toContainText('modbus-rtu', { timeout: 300_000 });
      if (missingTool('udevadm') !== null) {
        // This machine's port lister cannot run: a short notice with its cause, not the raw error.
        await expect(diag.byId('diag-lister-failed')).toContainText('无法自动列出串口');
        await expect(diag.byId('diag-lister-failed')).toContainText('缺少系统工具 udevadm');
        await expect(diag.byId('diag-lister-failed')).not.toContainText('spawn');
      }
      await diag.typePort(pty.a);
      await diag.connect();
      await expect(app.statusBar()).toContainText(pty.a);

      const field = async (testId: string) => {
        const el = diag.byId(testId);
        return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input');
      };
      // Register 0 is not in the 0x1010 converter's map: its exception reply, named from the catalog.
      await (await field('diag-reg-address')).fill('0');
      await (await field('diag-reg-quantity')).fill('2');
      // The first request on a freshly opened pty may miss its 1000 ms window on a loaded machine (the app
      // then says 无应答, as it should); a crew reads again, and so does the test.
      await expect(async () => {
        await diag.byId('diag-reg-read').click();
        await expect(diag.byId('diag-reg-error')).toContainText('返回异常码 02：非法数据地址', {
          timeout: 5_000,
        });
      }).toPass({ timeout: 60_000 });
      // Holding registers 4112–4113 (0x1010): the flow as a float, read through the host.
      await (await field('diag-reg-address')).fill('4112');
      await diag.byId('diag-reg-read').click();
      await expect(diag.byId('diag-reg-table')).toBeVisible();
      await expect(diag.byId('diag-reg-table').locator('tbody tr.ant-table-row')).toHaveCount(2);
      await expect(diag.byId('diag-reg-table')).toContainText('4112');
      await diag.readProfile('0x1010');
      await expect(diag.byId('diag-value-flow')).toHaveText('42.500');
      await page.screenshot({ path: shot('8-typed-port') });
      await diag.disconnect();

      // The port that opened is kept for this site: it is there again after a reload.
      await page.reload();
      await diag.openFor(site.id);
      await expect(await diag.portInput()).toHaveValue(pty.a);
      expect(errors).toEqual([]);
    } finally {
      await sim.stop();
    }
  });
});
