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
import { openSerialLink } from '../electron/host/serial-link';
import { missingTool, openPtyPair, type PtyPair } from '../electron/host/testing/pty-pair';
import { expect } from './fixtures';
import { AppShellPage } from './pages/app-shell-page';
import { DiagnosticsPage } from './pages/diagnostics-page';
import { startWebShell, type WebShell } from './web-shell';

// The demo province's first intake site with a meter: its unit id and line settings come from there.
const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: addDays(dayOf(Date.now()), -1),
});
const meter = demo.equipment.find(
  (e) => e.role === 'meter' && demo.sites.some((s) => s.id === e.siteId && s.kind === 'intake'),
)!;
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
  shell: async ({ pty }, use) => {
    const shell = await startWebShell({ env: { WRM_SERIAL_PORTS: pty.a } });
    await use(shell);
    if (test.info().status !== test.info().expectedStatus) {
      await test.info().attach('web-shell.txt', { body: shell.output(), contentType: 'text/plain' });
    }
    await shell.stop();
  },
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

async function count(diag: DiagnosticsPage): Promise<number> {
  return Number(await diag.byId('poll-stat-count').textContent());
}

test('a polling run on a meter register: live points and figures, pause and resume, CSV, saved with the session', async ({
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

  // The meter: the 0x1010 converter's register map, its flow at 10 m³/h to begin with.
  const slave = createModbusSlave({
    unitId: meter.modbusUnitId ?? 1,
    ...simulatorRegisterMap(profile, { flow: 10, totalInt: 100, totalFrac: 0 }),
  });
  const sim = runSimulator(slave, device);
  const setFlow = (value: number) =>
    encodeRegisterValue(flow, value).forEach((word, i) => slave.holding.set(flow.address + i, word));

  await diag.openFor(meter.siteId);
  await diag.choosePort(pty.a);
  await diag.pick('diag-profile', '0x1010');
  await diag.connect();

  // 1. Watch the flow register every 0.2 s for 5 minutes.
  await diag.pick('poll-value', '瞬时流量');
  await diag.byId('poll-every').fill('0.2');
  await diag.byId('poll-duration').fill('5');
  await diag.byId('poll-start').click();
  await expect(diag.byId('poll-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(() => count(diag), { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
  await expect(diag.byId('poll-chart').locator('canvas')).toHaveCount(1);
  await expect(diag.byId('poll-stat-min')).toHaveText('10');
  await expect(diag.byId('poll-stat-std')).toHaveText('0');

  // The meter drifts up: the figures follow while the run goes on.
  setFlow(20);
  await expect(diag.byId('poll-stat-max')).toHaveText('20', { timeout: 30_000 });
  await expect(diag.byId('poll-stat-min')).toHaveText('10');
  await diag.byId('poll-panel').screenshot({ path: 'docs/screenshots/diagnostics-8-polling-run.png' });

  // 2. Paused, no point arrives; resumed, they come again.
  await diag.byId('poll-pause').click();
  await expect(diag.byId('poll-status')).toHaveAttribute('data-status', 'paused');
  await page.waitForTimeout(400); // a read in flight when pausing still lands
  const paused = await count(diag);
  await page.waitForTimeout(1500);
  expect(await count(diag)).toBe(paused);
  await diag.byId('poll-pause').click();
  await expect(diag.byId('poll-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(() => count(diag), { timeout: 30_000 }).toBeGreaterThan(paused + 2);

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
  await saved.screenshot({ path: 'docs/screenshots/diagnostics-9-polling-saved.png' });
  expect(errors).toEqual([]);
});
