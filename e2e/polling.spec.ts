import { readFileSync } from 'node:fs';
import { test as base } from '@playwright/test';
import {
  encodeRegisterValue,
  parseMeterProfile,
  simulatorRegisterMap,
} from '#shared/diagnostics/meter-profile';
import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import type { ByteLink } from '#shared/protocols/common/byte-link';
import { createModbusSlave } from '#shared/sim/modbus-slave';
import { runSimulator } from '#shared/sim/run-simulator';
import { createSzy206Rtu } from '#shared/sim/szy206-rtu';
import { openSerialLink } from '../electron/host/serial-link';
import { missingTool, openPtyPair, type PtyPair } from '../electron/host/testing/pty-pair';
import { expect } from './fixtures';
import { AppShellPage } from './pages/app-shell-page';
import { DiagnosticsPage } from './pages/diagnostics-page';
import { startWebShell, type WebShell } from './web-shell';

// The demo province's intake site with a meter and an RTU: addresses and line settings come from there.
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
const profile = parseMeterProfile(
  'em-converter-1010.json',
  readFileSync('resources/meter-profiles/em-converter-1010.json', 'utf8'),
);
const flow = profile.registers.find((r) => r.key === 'flow')!;

const test = base.extend<{ pty: PtyPair; shell: WebShell; device: ByteLink }>({
  // eslint-disable-next-line no-empty-pattern
  pty: async ({}, use) => {
    const pair = await openPtyPair();
    await use(pair);
    await pair.close();
  },
  shell: [
    async ({ pty }, use) => {
      const shell = await startWebShell({ env: { WRM_SERIAL_PORTS: pty.a } });
      await use(shell);
      if (test.info().status !== test.info().expectedStatus) {
        await test.info().attach('web-shell.txt', { body: shell.output(), contentType: 'text/plain' });
      }
      await shell.stop();
    },
    // Starting the shell (tsx, the service) takes minutes on a loaded machine: its own timeout.
    { timeout: 300_000 },
  ],
  device: async ({ pty }, use) => {
    const link = await openSerialLink(
      pty.b,
      meter.serial ?? { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
    );
    await use(link);
    await link.close();
  },
});

test.skip(missingTool('socat') !== null, missingTool('socat') ?? '');

async function count(diag: DiagnosticsPage, stat: 'count' | 'valid' = 'count'): Promise<number> {
  return Number(await diag.byId(`poll-stat-${stat}`).textContent());
}

test('a polling run on a meter register: live points and figures, pause and resume, CSV, saved with the session', async ({
  page,
  shell,
  pty,
  device,
}) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new AppShellPage(page, shell);
  await app.open();
  const diag = new DiagnosticsPage(page);

  // The meter: the 0x1010 converter's register map, its flow at 10 m³/h to begin with.
  const slave = createModbusSlave({
    unitId: meter.modbusUnitId ?? 1,
    ...simulatorRegisterMap(profile, { flow: 10, totalInt: 100, totalFrac: 0 }),
  });
  const sim = runSimulator(slave, device);
  const setFlow = (value: number) =>
    encodeRegisterValue(flow, value).forEach((word, i) => slave.holding.set(flow.address + i, word));

  await diag.openFor(site.id);
  // The site's equipment may arrive after the site on a fresh laptop: wait for its unit id.
  await expect(diag.byId('diag-equipment')).toContainText('modbus-rtu', { timeout: 60_000 });
  await expect(diag.byId('diag-unit')).toHaveValue(String(meter.modbusUnitId ?? 1));
  await diag.choosePort(pty.a);
  await diag.pick('diag-profile', '0x1010');
  await diag.connect();

  // 1. Watch the flow register every 2 s for 5 minutes (a read waits up to the interval for its
  //    answer: on a loaded CI machine the simulator's reply can take over a second).
  await diag.pick('poll-value', '瞬时流量');
  await diag.byId('poll-every').fill('2');
  await diag.byId('poll-duration').fill('5');
  await diag.byId('poll-start').click();
  await expect(diag.byId('poll-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(() => count(diag, 'valid'), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await expect(diag.byId('poll-chart').locator('canvas')).toHaveCount(1);
  await expect(diag.byId('poll-stat-min')).toHaveText('10');
  await expect(diag.byId('poll-stat-std')).toHaveText('0');

  // The meter drifts up: the figures follow while the run goes on.
  setFlow(20);
  await expect(diag.byId('poll-stat-max')).toHaveText('20', { timeout: 60_000 });
  await expect(diag.byId('poll-stat-min')).toHaveText('10');
  await diag.byId('poll-panel').screenshot({ path: 'docs/screenshots/polling-run.png' });

  // 2. Paused, no point arrives; resumed, they come again.
  await diag.byId('poll-pause').click();
  await expect(diag.byId('poll-status')).toHaveAttribute('data-status', 'paused');
  await page.waitForTimeout(2500); // a read in flight when pausing still lands
  const paused = await count(diag);
  await page.waitForTimeout(5000);
  expect(await count(diag)).toBe(paused);
  await diag.byId('poll-pause').click();
  await expect(diag.byId('poll-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(() => count(diag), { timeout: 60_000 }).toBeGreaterThan(paused + 1);

  // 3. Stopped: the run is kept for the session.
  await diag.byId('poll-stop').click();
  await expect(diag.byId('poll-status')).toHaveAttribute('data-status', 'ended');
  await expect(diag.byId('poll-kept')).toContainText('1');
  const total = await count(diag);
  const valid = Number(await diag.byId('poll-stat-valid').textContent());
  const mean = Number(await diag.byId('poll-stat-mean').textContent());

  // 4. The CSV has every point the chart shows, with the same figures.
  const downloading = page.waitForEvent('download');
  await diag.byId('poll-csv').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^polling-modbus_em-converter-1010_flow-.*\.csv$/);
  const lines = readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\n');
  expect(lines[0]).toBe('time,value,error');
  const rows = lines.slice(1).map((l) => l.split(','));
  expect(rows).toHaveLength(total);
  const values = rows.filter((r) => r[1] !== '').map((r) => Number(r[1]));
  expect(values).toHaveLength(valid);
  expect(new Set(values)).toEqual(new Set([10, 20]));
  expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(mean, 3);
  const times = rows.map((r) => Date.parse(r[0]!));
  expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);

  // 5. Saved with the session: the session page shows the run, its figures and its chart.
  await diag.save('e2e: 连续读取');
  await expect(diag.byId('poll-kept')).toHaveCount(0);
  await diag.disconnect();
  await sim.stop();
  await diag
    .byId('diag-saved')
    .getByRole('button', { name: /查\s?看/ })
    .click();
  const saved = page.getByTestId('diag-session-polling');
  await expect(saved).toContainText(`${total} 次读数（有效 ${valid}）`);
  await expect(saved).toContainText('最小 10，最大 20');
  await expect(saved.locator('canvas')).toHaveCount(1);
  await saved.screenshot({ path: 'docs/screenshots/polling-saved.png' });
  expect(errors).toEqual([]);
});

test('a polling run on an RTU real-time value: the values listed from one answer, read each interval', async ({
  page,
  shell,
  pty,
  device,
}) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new AppShellPage(page, shell);
  await app.open();
  const diag = new DiagnosticsPage(page);
  const sim = runSimulator(
    createSzy206Rtu({
      address: { mode: 'division', division: rtu.rtuAddress!.division, station: rtu.rtuAddress!.station },
      edition: rtu.protocol === 'sl427-2021' ? 'sl427-2021' : 'szy206-2016',
      reportEveryMs: 0,
    }),
    device,
  );
  await diag.openFor(site.id);
  await expect(diag.byId('diag-equipment')).toContainText('modbus-rtu', { timeout: 60_000 });
  await diag.tab('终端 SZY206 / SL427');
  await expect(diag.byId('diag-rtu-division')).toHaveValue(rtu.rtuAddress!.division);
  await diag.choosePort(pty.a);
  await diag.connect();
  await diag.byId('poll-load-rtu').click();
  await diag.pick('poll-value', '累计水量');
  await diag.byId('poll-every').fill('2');
  await diag.byId('poll-start').click();
  await expect.poll(() => count(diag, 'valid'), { timeout: 90_000 }).toBeGreaterThanOrEqual(3);
  await diag.byId('poll-stop').click();
  await expect(diag.byId('poll-status')).toHaveAttribute('data-status', 'ended');
  // The RTU's cumulative volume grows with time: every valid point is a figure, the run spans them.
  expect(Number(await diag.byId('poll-stat-valid').textContent())).toBeGreaterThanOrEqual(3);
  const min = Number(await diag.byId('poll-stat-min').textContent());
  const max = Number(await diag.byId('poll-stat-max').textContent());
  expect(min).toBeGreaterThan(0);
  expect(max).toBeGreaterThanOrEqual(min);
  await expect(diag.byId('poll-kept')).toContainText('1');
  await diag.disconnect();
  await sim.stop();
  expect(errors).toEqual([]);
});
