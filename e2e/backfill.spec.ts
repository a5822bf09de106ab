import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import type { SiteHealth } from '#shared/domain/index';
import { decodeSzy206Frame } from '#shared/protocols/szy206/frame';
import { buildStoredDataQuery } from '#shared/protocols/szy206/history';
import type { ByteLink } from '#shared/protocols/common/byte-link';
import { createHj212Analyser } from '#shared/sim/hj212-analyser';
import { runSimulator, type SimulatorRun } from '#shared/sim/run-simulator';
import { createSl651Station } from '#shared/sim/sl651-station';
import { createSzy206History } from '#shared/sim/szy206-history';
import { createSzy206Rtu } from '#shared/sim/szy206-rtu';
import { openSerialLink } from '../electron/host/serial-link';
import { missingTool, openPtyPair, type PtyPair } from '../electron/host/testing/pty-pair';
import { createAccount, createEnrollment } from '../server/auth/accounts';
import { forwardPending, parseForwardTarget } from '../server/forwarder/forwarder';
import { startSyncService, type RunningSyncService } from '../server/main';
import { auditDirtySites } from '../server/monitoring/audit-runner';
import { deriveReportCounts } from '../server/monitoring/derived-counts';
import { importRegistry } from '../server/platform/registry-import';
import { parseCsv } from '../server/platform/tabular';
import { createReceiverStore } from '../server/receiver/store';
import { expect } from './fixtures';
import { DiagnosticsPage } from './pages/diagnostics-page';
import { SyncCentrePage } from './pages/sync-centre-page';
import { startWebShell, type WebShell } from './web-shell';

// The registry template's intake 5303810001 (county 530381, SZY206 station 530381-13) reports
// hourly. Its modem was down for two whole days; the RTU kept every hour in its memory.
const template = readFileSync('resources/registry-template.csv', 'utf8');
const hour = 3_600_000;
const now = Math.floor(Date.now() / hour) * hour;
const start = now - 4 * 24 * hour;
const gap = { from: now - 3 * 24 * hour, to: now - 24 * hour };
const intake = '5303810001';
const address = { mode: 'division', division: '530381', station: 13 } as const;
const volumes = { baseFlow: 0.05, baseVolume: 1000 };

/** The RTU's stored hourly volumes over a window (what the receiver had, outside the gap). */
function storedVolumes(from: number, to: number) {
  const sim = createSzy206History({ address }, { intervalMinutes: 60, gaps: [], ...volumes });
  const query = decodeSzy206Frame(
    buildStoredDataQuery({ address }, { type: 2, number: 0, from, to }),
    'szy206-2016',
  );
  if (query.status !== 'ok') {
    throw new Error('query');
  }
  return { frames: sim.answer(query.value, now) ?? [], sim };
}

type Fixtures = { pty: PtyPair; service: RunningSyncService; shell: WebShell; rtu: ByteLink };
const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  pty: async ({}, use) => {
    const pair = await openPtyPair();
    await use(pair);
    await pair.close();
  },
  service: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const service = await startSyncService({
        dataDir: mkdtempSync(join(tmpdir(), 'wrm-e2e-bf-')),
        port: 0,
        version: '0.1.0',
      });
      await use(service);
      await service.close();
    },
    // Starting the service (migrations on a fresh database) is slow on a loaded machine: its own timeout.
    { timeout: 300_000 },
  ],
  shell: [
    async ({ pty, service }, use) => {
      const shell = await startWebShell({
        env: { WRM_SERIAL_PORTS: pty.a },
        args: ['--sync-url', service.url],
      });
      await use(shell);
      if (test.info().status !== test.info().expectedStatus) {
        await test.info().attach('web-shell.txt', { body: shell.output(), contentType: 'text/plain' });
      }
      await shell.stop();
    },
    // Starting the shell (tsx, the service) takes minutes on a loaded machine: its own timeout.
    { timeout: 300_000 },
  ],
  rtu: async ({ pty }, use) => {
    const link = await openSerialLink(pty.b, { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    await use(link);
    await link.close();
  },
});

test.skip(missingTool('socat') !== null, missingTool('socat') ?? '');

test('补报: a site with a 2-day gap → recover from the RTU → batch saved → synced → health rises, the finding closes, the frames reach the platform byte for byte', async ({
  page,
  pty,
  service,
  shell,
  rtu,
}) => {
  test.setTimeout(420_000);
  const db = service.db;
  const admin = { actor: 'e2e', scope: 'all' };
  // Accounts and enrolments are made by the platform's operator (no region prefix), as the CLI does.
  const operator = { actor: 'e2e', scope: '' };
  await importRegistry(db, parseCsv(template), start, admin);
  const { rows: siteRows } = await db.query<{ id: string }>(
    `select id from records where collection = 'sites' and doc ->> 'code' = $1`,
    [intake],
  );
  const siteId = siteRows[0]!.id;

  // The receiver had every hour but the two days of the gap; the audit finds them missing.
  const { frames: all } = storedVolumes(start, now - hour);
  const decoded = all.flatMap((f) => {
    const r = decodeSzy206Frame(f, 'szy206-2016');
    return r.status === 'ok' ? [r] : [];
  });
  expect(decoded.length).toBe(all.length);
  const store = createReceiverStore(db);
  for (let t = start; t < now - hour; t += hour) {
    if (t >= gap.from && t < gap.to) {
      continue;
    }
    const value = volumes.baseVolume + Math.round((volumes.baseFlow * (t - Date.UTC(2020, 0, 1))) / 1000);
    await store.storeFrame({
      receivedAt: t + 60_000,
      peer: '127.0.0.1:5000',
      protocol: 'szy206-2016',
      siteCode: intake,
      divisionCode: '530381',
      bytes: new Uint8Array([0x68, 1]),
      values: [{ element: 'volume', time: t, value, flag: null }],
    });
  }
  await store.flush();
  await deriveReportCounts(db, [intake], now, 'all');
  await auditDirtySites(db, now);
  const reports = async () => {
    const { rows } = await db.query<{ doc: SiteHealth }>(
      `select doc from records where collection = 'site_health' and id = $1`,
      [siteId],
    );
    return (rows[0]?.doc.reports ?? []).reduce((a, b) => a + b, 0);
  };
  const finding = async () => {
    const { rows } = await db.query<{
      doc: { findingKey: string; status: string; from: number; to: number };
    }>(
      `select doc from records where collection = 'audit_findings' and not deleted
         and doc ->> 'rule' = 'missing' and doc ->> 'element' = 'volume'`,
    );
    return rows.map((r) => r.doc).find((f) => f.from < gap.to && f.to >= gap.from);
  };
  const before = await reports();
  const open = await finding();
  expect(open?.status).toBe('open');

  // A technician's laptop of the county, enrolled with a one-time code.
  await createAccount(
    db,
    { username: 'li.jun', displayName: '李军', role: 'technician', scope: '530381' },
    operator,
    now,
  );
  const { code } = await createEnrollment(
    db,
    { username: 'li.jun', deviceName: '巡查一号', validHours: 1 },
    operator,
    service.url,
    now,
  );
  // The laptop works on its region's records alone: no demo province loading beside them.
  await page.addInitScript(() => sessionStorage.setItem('wrm.demoSeed', 'off'));
  const sync = new SyncCentrePage(page, shell);
  await sync.open();
  await sync.enrollWithCode(code, '巡查一号');
  await expect(sync.phase()).toHaveText('已同步', { timeout: 120_000 });

  // The RTU on the other end of the pty: it answers B1H from its memory.
  const rtuSim = createSzy206Rtu({
    address,
    reportEveryMs: 0,
    ...volumes,
    history: { intervalMinutes: 60, gaps: [], perFrame: 12 },
  });
  const sent: Buffer[] = [];
  const write = rtu.write.bind(rtu);
  rtu.write = (bytes: Uint8Array) => {
    sent.push(Buffer.from(bytes));
    return write(bytes);
  };
  const run: SimulatorRun = runSimulator(rtuSim, rtu, { unsolicitedTickMs: 0, fault: 'none' });
  const received: Buffer[] = [];
  const listener: Server = createServer((socket) => socket.on('data', (chunk) => received.push(chunk)));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  try {
    const diag = new DiagnosticsPage(page);
    // An enrolled laptop: the region's records are here (no demo province to wait for).
    await page.evaluate(
      (id) => (window.location.hash = `/diagnostics?siteId=${encodeURIComponent(id)}`),
      siteId,
    );
    await expect(diag.byId('diagnostics-page')).toBeVisible({ timeout: 60_000 });
    await expect(diag.byId('backfill-rtu')).toContainText('530381-13', { timeout: 300_000 });
    await diag.choosePort(pty.a);
    await diag.connect();
    // The gap is offered from the site's data-audit finding; the RTU is asked for it.
    await diag.pick('backfill-choice', /审核发现·缺数.*48 小时/);
    await diag.byId('backfill-recover').click();
    await expect(diag.byId('backfill-counts')).toContainText('已恢复 48 个时段', { timeout: 60_000 });
    await expect(diag.byId('backfill-counts')).toContainText('仍缺 0 个时段');
    await expect(diag.byId('backfill-slots')).toContainText('已恢复');
    await diag.byId('backfill-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/backfill-recovered.png', fullPage: true });
    await diag.byId('backfill-save').click();
    await expect(diag.byId('backfill-saved')).toBeVisible();

    // Synced: the service ingests the batch once — values as 补报, the site's health rises.
    await sync.app.goTo('同步');
    await sync.retryNow();
    await expect(sync.app.statusBar()).toContainText('待上传 0', { timeout: 60_000 });
    await expect
      .poll(
        async () =>
          (await db.query<{ n: number }>(`select count(*)::int as n from backfill_parts`)).rows[0]?.n,
        {
          timeout: 60_000,
        },
      )
      .toBe(1);
    const { rows: stored } = await db.query<{ n: number }>(
      `select count(*)::int as n from monitoring_values where site_code = $1 and source = 'backfill'`,
      [intake],
    );
    expect(stored[0]?.n).toBe(48);
    expect(await reports()).toBe(before + 48);

    // The incremental audit closes the finding the batch filled.
    expect((await finding())?.status).toBe('corrected');
    await auditDirtySites(db, Date.now());
    const { rows: closed } = await db.query<{ status: string }>(
      `select doc ->> 'status' as status from records where collection = 'audit_findings' and doc ->> 'findingKey' = $1`,
      [open!.findingKey],
    );
    expect(closed[0]?.status).toBe('closed');

    // Forwarded to the platform's receiver: the bytes the RTU sent, unchanged.
    const port = (listener.address() as { port: number }).port;
    const forwarded = await forwardPending(db, parseForwardTarget(`127.0.0.1:${port}`), Date.now);
    expect(forwarded).toMatchObject({ forwarded: 1, failed: 0 });
    const rtuBytes = Buffer.concat(sent);
    await expect.poll(() => Buffer.concat(received).length).toBe(rtuBytes.length);
    expect(Buffer.concat(received).equals(rtuBytes)).toBe(true);
  } finally {
    await run.stop();
    await new Promise((resolve) => listener.close(resolve));
  }
});

// The template's drinking-water-source quality station 5303810002 (HJ 212 logger MN 88888880000001)
// reports every 4 hours; its ammonia nitrogen missed two whole days. The logger kept its hour data.
const quality = '5303810002';
const mn = '88888880000001';
const q4 = 4 * hour;
const end4 = Math.floor(now / q4) * q4;
const start4 = end4 - 4 * 24 * hour;
const gap4 = { from: end4 - 3 * 24 * hour, to: end4 - 24 * hour };

test('补报 over HJ 212: the logger’s hour data recovered with 9014 acknowledgements → synced → the finding closes, the uploads reach the platform byte for byte; a zero-calibration QC run saved as the instrument’s QC record', async ({
  page,
  pty,
  service,
  shell,
  rtu,
}) => {
  test.setTimeout(420_000);
  const db = service.db;
  const admin = { actor: 'e2e', scope: 'all' };
  const operator = { actor: 'e2e', scope: '' };
  await importRegistry(db, parseCsv(template), start4, admin);
  const { rows: siteRows } = await db.query<{ id: string }>(
    `select id from records where collection = 'sites' and doc ->> 'code' = $1`,
    [quality],
  );
  const siteId = siteRows[0]!.id;
  const store = createReceiverStore(db);
  for (let t = start4; t < end4 - q4; t += q4) {
    if (t < gap4.from || t >= gap4.to) {
      await store.storeFrame({
        receivedAt: t + 60_000,
        peer: '127.0.0.1:5001',
        protocol: 'hj212-2017',
        siteCode: quality,
        divisionCode: '530381',
        bytes: new Uint8Array([0x23, 0x23]),
        values: [{ element: 'nh3n', time: t, value: 0.3, flag: 'N' }],
      });
    }
  }
  await store.flush();
  await deriveReportCounts(db, [quality], end4, 'all');
  await auditDirtySites(db, end4);
  const finding = async () => {
    const { rows } = await db.query<{
      doc: { findingKey: string; status: string; from: number; to: number };
    }>(
      `select doc from records where collection = 'audit_findings' and not deleted
         and doc ->> 'siteCode' = $1 and doc ->> 'rule' = 'missing' and doc ->> 'element' = 'nh3n'`,
      [quality],
    );
    return rows.map((r) => r.doc).find((f) => f.from < gap4.to && f.to >= gap4.from);
  };
  const open = await finding();
  expect(open?.status).toBe('open');

  await createAccount(
    db,
    { username: 'wang.fang', displayName: '王芳', role: 'technician', scope: '530381' },
    operator,
    now,
  );
  const { code } = await createEnrollment(
    db,
    { username: 'wang.fang', deviceName: '巡查二号', validHours: 1 },
    operator,
    service.url,
    now,
  );
  // The laptop works on its region's records alone: no demo province loading beside them.
  await page.addInitScript(() => sessionStorage.setItem('wrm.demoSeed', 'off'));
  const sync = new SyncCentrePage(page, shell);
  await sync.open();
  await sync.enrollWithCode(code, '巡查二号');
  await expect(sync.phase()).toHaveText('已同步', { timeout: 120_000 });

  // The logger at the other end of the pty: each upload waits for the centre's 9014 (Flag=5).
  const logger = createHj212Analyser({ mn, st: '21', pw: '123456', history: { gaps: [], uploadFlag: 5 } });
  const sent: Buffer[] = [];
  const write = rtu.write.bind(rtu);
  rtu.write = (bytes: Uint8Array) => {
    sent.push(Buffer.from(bytes));
    return write(bytes);
  };
  const run: SimulatorRun = runSimulator(logger, rtu, { unsolicitedTickMs: 0, fault: 'none' });
  const received: Buffer[] = [];
  const listener: Server = createServer((socket) => socket.on('data', (chunk) => received.push(chunk)));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  try {
    const diag = new DiagnosticsPage(page);
    await page.evaluate(
      (id) => (window.location.hash = `/diagnostics?siteId=${encodeURIComponent(id)}`),
      siteId,
    );
    await expect(diag.byId('diagnostics-page')).toBeVisible({ timeout: 60_000 });
    // The card asks the site's HJ 212 logger, by the MN the registry files it under.
    await expect(diag.byId('backfill-hj212-mn')).toHaveValue(mn, { timeout: 300_000 });
    await expect(diag.byId('backfill-station')).toContainText('小时数据（2061）');
    await diag.choosePort(pty.a);
    await diag.connect();
    await diag.pick('backfill-choice', /审核发现·缺数.*48 小时/);
    await diag.byId('backfill-recover').click();
    // The 12 four-hour slots recovered from 48 hour uploads.
    await expect(diag.byId('backfill-counts')).toContainText('已恢复 12 个时段', { timeout: 60_000 });
    await expect(diag.byId('backfill-counts')).toContainText('仍缺 0 个时段');
    await expect(diag.byId('backfill-counts')).toContainText('终端报文 48 帧');
    await expect(diag.byId('backfill-slots')).toContainText('氨氮');
    await diag.byId('backfill-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/backfill-hj212.png', fullPage: true });
    await diag.byId('backfill-save').click();
    await expect(diag.byId('backfill-saved')).toBeVisible();
    // 48 uploads, each acknowledged before the next came.
    expect(logger.received.filter((p) => p.cn === '9014')).toHaveLength(48);

    // QC on the same logger: zero calibration of the ammonia-nitrogen analyser, saved as its QC record.
    await diag.byId('qc-mn').fill(mn);
    await diag.byId('qc-run').click();
    await expect(diag.byId('qc-result')).toContainText('执行成功', { timeout: 30_000 });
    await diag.byId('qc-save').click();
    await expect(diag.byId('qc-saved')).toBeVisible();

    await sync.app.goTo('同步');
    await sync.retryNow();
    await expect(sync.app.statusBar()).toContainText('待上传 0', { timeout: 60_000 });
    await expect
      .poll(
        async () =>
          (await db.query<{ n: number }>(`select count(*)::int as n from backfill_parts`)).rows[0]?.n,
        { timeout: 60_000 },
      )
      .toBe(1);
    const { rows: stored } = await db.query<{ n: number }>(
      `select count(*)::int as n from monitoring_values
         where site_code = $1 and source = 'backfill' and element = 'nh3n'`,
      [quality],
    );
    expect(stored[0]?.n).toBe(12);
    expect((await finding())?.status).toBe('corrected');
    await auditDirtySites(db, Date.now());
    const { rows: closed } = await db.query<{ status: string }>(
      `select doc ->> 'status' as status from records where collection = 'audit_findings' and doc ->> 'findingKey' = $1`,
      [open!.findingKey],
    );
    expect(closed[0]?.status).toBe('closed');

    // The QC record reached the service with the logger's answer.
    const { rows: qc } = await db.query<{
      doc: { verdicts: { rule: string; params: Record<string, unknown> }[] };
    }>(`select doc from records where collection = 'diagnostic_sessions' and doc ->> 'siteId' = $1`, [
      siteId,
    ]);
    const verdict = qc.flatMap((r) => r.doc.verdicts).find((v) => v.rule === 'hj212.qc');
    expect(verdict?.params).toMatchObject({ check: 'zero', cn: '3011', polId: 'w21003', status: 'done' });

    // Forwarded: the 48 uploads exactly as the logger wrote them, without its 9011 / 9012 replies.
    const port = (listener.address() as { port: number }).port;
    const forwarded = await forwardPending(db, parseForwardTarget(`127.0.0.1:${port}`), Date.now);
    expect(forwarded).toMatchObject({ forwarded: 1, failed: 0 });
    const uploads = Buffer.concat(
      Buffer.concat(sent)
        .toString('latin1')
        .split(/(?=##)/)
        .filter((p) => p.includes('CN=2061;'))
        .map((p) => Buffer.from(p, 'latin1')),
    );
    await expect.poll(() => Buffer.concat(received).length).toBe(uploads.length);
    expect(Buffer.concat(received).equals(uploads)).toBe(true);
  } finally {
    await run.stop();
    await new Promise((resolve) => listener.close(resolve));
  }
});

// The template's provincial-boundary section 5303000003 (SL651 station 0012345678, county 530302)
// reports hourly; its river level missed two whole days. The station answers 38H from its memory.
const boundary = '5303000003';

test('补报 over SL651: the station’s 38H period data recovered for the level finding → synced → values stored as 补报, the finding closes, the answer frames reach the platform byte for byte', async ({
  page,
  pty,
  service,
  shell,
  rtu,
}) => {
  test.setTimeout(420_000);
  const db = service.db;
  const operator = { actor: 'e2e', scope: '' };
  await importRegistry(db, parseCsv(template), start, { actor: 'e2e', scope: 'all' });
  const { rows: siteRows } = await db.query<{ id: string }>(
    `select id from records where collection = 'sites' and doc ->> 'code' = $1`,
    [boundary],
  );
  const siteId = siteRows[0]!.id;
  const store = createReceiverStore(db);
  for (let t = start; t < now - hour; t += hour) {
    if (t < gap.from || t >= gap.to) {
      await store.storeFrame({
        receivedAt: t + 60_000,
        peer: '127.0.0.1:5002',
        protocol: 'sl651-2014',
        siteCode: boundary,
        divisionCode: '530302',
        bytes: new Uint8Array([0x7e, 0x7e]),
        values: [{ element: 'level', time: t, value: 12.3, flag: null }],
      });
    }
  }
  await store.flush();
  await deriveReportCounts(db, [boundary], now, 'all');
  await auditDirtySites(db, now);
  const finding = async () => {
    const { rows } = await db.query<{
      doc: { findingKey: string; status: string; from: number; to: number };
    }>(
      `select doc from records where collection = 'audit_findings' and not deleted
         and doc ->> 'siteCode' = $1 and doc ->> 'rule' = 'missing' and doc ->> 'element' = 'level'`,
      [boundary],
    );
    return rows.map((r) => r.doc).find((f) => f.from < gap.to && f.to >= gap.from);
  };
  const open = await finding();
  expect(open?.status).toBe('open');

  await createAccount(
    db,
    { username: 'zhao.lei', displayName: '赵磊', role: 'technician', scope: '530302' },
    operator,
    now,
  );
  const { code } = await createEnrollment(
    db,
    { username: 'zhao.lei', deviceName: '巡查三号', validHours: 1 },
    operator,
    service.url,
    now,
  );
  await page.addInitScript(() => sessionStorage.setItem('wrm.demoSeed', 'off'));
  const sync = new SyncCentrePage(page, shell);
  await sync.open();
  await sync.enrollWithCode(code, '巡查三号');
  await expect(sync.phase()).toHaveText('已同步', { timeout: 120_000 });

  const station = createSl651Station({
    centerAddress: 1,
    stationAddress: '0012345678',
    password: '0000',
    gaps: [],
    maxBody: 120,
  });
  const sent: Buffer[] = [];
  const write = rtu.write.bind(rtu);
  rtu.write = (bytes: Uint8Array) => {
    sent.push(Buffer.from(bytes));
    return write(bytes);
  };
  const run: SimulatorRun = runSimulator(station, rtu, { unsolicitedTickMs: 0, fault: 'none' });
  const received: Buffer[] = [];
  const listener: Server = createServer((socket) => socket.on('data', (chunk) => received.push(chunk)));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  try {
    const diag = new DiagnosticsPage(page);
    await page.evaluate(
      (id) => (window.location.hash = `/diagnostics?siteId=${encodeURIComponent(id)}`),
      siteId,
    );
    await expect(diag.byId('diagnostics-page')).toBeVisible({ timeout: 60_000 });
    await expect(diag.byId('backfill-sl651-address')).toHaveValue('0012345678', { timeout: 300_000 });
    await diag.choosePort(pty.a);
    await diag.connect();
    // The level finding: one 38H query for the river level (Z, 39H) at a one-hour step.
    await diag.pick('backfill-choice', /审核发现·缺数.*48 小时/);
    await expect(diag.byId('backfill-station')).toContainText('要素 水位');
    await diag.byId('backfill-recover').click();
    await expect(diag.byId('backfill-counts')).toContainText('已恢复 48 个时段', { timeout: 60_000 });
    await expect(diag.byId('backfill-counts')).toContainText('仍缺 0 个时段');
    await expect(diag.byId('backfill-slots')).toContainText('水位');
    await diag.byId('backfill-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/backfill-sl651.png', fullPage: true });
    await diag.byId('backfill-save').click();
    await expect(diag.byId('backfill-saved')).toBeVisible();
    expect(station.served.map((f) => f.functionCode)).toEqual([0x38]);

    await sync.app.goTo('同步');
    await sync.retryNow();
    await expect(sync.app.statusBar()).toContainText('待上传 0', { timeout: 60_000 });
    await expect
      .poll(
        async () =>
          (await db.query<{ n: number }>(`select count(*)::int as n from backfill_parts`)).rows[0]?.n,
        { timeout: 60_000 },
      )
      .toBe(1);
    const { rows: stored } = await db.query<{ n: number }>(
      `select count(*)::int as n from monitoring_values
         where site_code = $1 and source = 'backfill' and element = 'level'`,
      [boundary],
    );
    expect(stored[0]?.n).toBe(48);
    expect((await finding())?.status).toBe('corrected');
    await auditDirtySites(db, Date.now());
    const { rows: closed } = await db.query<{ status: string }>(
      `select doc ->> 'status' as status from records where collection = 'audit_findings' and doc ->> 'findingKey' = $1`,
      [open!.findingKey],
    );
    expect(closed[0]?.status).toBe('closed');

    // Forwarded: the M3 packets of the 38H answer, as the station wrote them.
    const port = (listener.address() as { port: number }).port;
    const forwarded = await forwardPending(db, parseForwardTarget(`127.0.0.1:${port}`), Date.now);
    expect(forwarded).toMatchObject({ forwarded: 1, failed: 0 });
    const stationBytes = Buffer.concat(sent);
    await expect.poll(() => Buffer.concat(received).length).toBe(stationBytes.length);
    expect(Buffer.concat(received).equals(stationBytes)).toBe(true);
  } finally {
    await run.stop();
    await new Promise((resolve) => listener.close(resolve));
  }
});
