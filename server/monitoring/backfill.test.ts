import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { AuditFindingRecord, SiteHealth } from '#shared/domain/index';
import { buildBackfillParts, compareBackfillSlots } from '#shared/protocols/backfill';
import { readHistoryFrames } from '#shared/protocols/history-run';
import { decodeSzy206Frame } from '#shared/protocols/szy206/frame';
import { buildStoredDataQuery, szy206HistoryPlan } from '#shared/protocols/szy206/history';
import type { PushResponse } from '#shared/sync/index';
import { createSzy206History } from '#shared/sim/szy206-history';
import { migrate } from '../db/migrate';
import { importRegistry } from '../platform/registry-import';
import { parseCsv } from '../platform/tabular';
import { createReceiverStore } from '../receiver/store';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, testId, testService } from '../testing/service';
import { exportBatchFrames, forwardPending, parseForwardTarget } from '../forwarder/forwarder';
import { auditDirtySites } from './audit-runner';
import { pendingBackfillSessions } from './backfill';
import { deriveReportCounts } from './derived-counts';

// The template's intake 5303810001 (county 530381, SZY206 station 530381-13) reports hourly. Its
// modem was down two whole days; the RTU kept those hours in its memory (a second, later batch finds
// 3 h of mains loss in it: the slot comparison's missing hours).
const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
const hour = 3_600_000;
const start = Date.UTC(2026, 10, 4, 16); // 2026-11-05 00:00 Beijing
const gap = { from: start + 24 * hour, to: start + 72 * hour };
const rtuLoss = { from: gap.from + 30 * hour, to: gap.from + 33 * hour };
const now = start + 96 * hour;
const intake = '5303810001';
const target = { address: { mode: 'division', division: '530381', station: 13 } } as const;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The SZY206 simulator's B1H answer for a window: its frames (golden bytes) and decoded records. */
function rtuAnswer(window: { from: number; to: number }, losses: readonly { from: number; to: number }[]) {
  const sim = createSzy206History(target, {
    intervalMinutes: 60,
    gaps: losses,
    perFrame: 10,
    baseFlow: 0.05,
    baseVolume: 1000,
  });
  const query = decodeSzy206Frame(
    buildStoredDataQuery(target, { type: 2, number: 0, ...window }),
    'szy206-2016',
  );
  if (query.status !== 'ok') {
    throw new Error('the query does not decode');
  }
  const frames = sim.answer(query.value, now) ?? [];
  const plan = szy206HistoryPlan(target, { type: 2, number: 0, ...window }, 60);
  const read = readHistoryFrames(plan, plan.initial, Buffer.concat(frames));
  if (read.status !== 'ok') {
    throw new Error(`the answer does not read: ${read.status}`);
  }
  return { frames, records: plan.records(read.value.state) };
}

describeOnEngines('补报 batches on the service', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let token: string;
  let deviceId: string;
  let siteId: string;
  let listener: Server;
  let received: Buffer[];
  let batchFrames: Uint8Array[];

  const push = async (doc: Record<string, unknown>, as = token) => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/sync/diagnostic_sessions/push',
      headers: bearer(as),
      payload: { rows: [{ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } }] },
    });
    expect(response.statusCode).toBe(200);
    return response.json<PushResponse>();
  };
  const health = async () => {
    const { rows } = await db().query<{ doc: SiteHealth }>(
      `select doc from records where collection = 'site_health' and id = $1`,
      [siteId],
    );
    const doc = rows[0]?.doc;
    return doc === undefined ? 0 : doc.reports.reduce((a, b) => a + b, 0);
  };
  const missingFinding = async () => {
    const { rows } = await db().query<{ doc: AuditFindingRecord }>(
      `select doc from records where collection = 'audit_findings' and not deleted
         and doc ->> 'rule' = 'missing' and doc ->> 'element' = 'volume'`,
    );
    return rows.map((r) => r.doc).find((f) => f.from < gap.to && f.to >= gap.from);
  };
  const session = (id: string, part: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
    id,
    siteId,
    divisionCode: '530381',
    equipmentId: null,
    patrolId: null,
    faultId: null,
    protocol: 'szy206-2016',
    portPath: '/dev/ttyUSB0',
    serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
    startedAt: now - 60_000,
    endedAt: now,
    frames: [],
    values: [],
    verdicts: [],
    snapshotJson: null,
    summary: '补报',
    backfill: part,
    deviceId,
    operatorId: 'tech-1',
    recordedAt: now,
    ...overrides,
  });

  beforeAll(async () => {
    await migrate(db());
    await importRegistry(db(), parseCsv(template), start, { actor: 'test', scope: 'all' });
    const { rows } = await db().query<{ id: string }>(
      `select id from records where collection = 'sites' and doc ->> 'code' = $1`,
      [intake],
    );
    siteId = rows[0]?.id ?? '';
    // The receiver had every hour of volume but the two days of the gap.
    const { records } = rtuAnswer({ from: start, to: now - hour }, []);
    const store = createReceiverStore(db());
    for (const r of records.filter((x) => x.time < gap.from || x.time >= gap.to)) {
      await store.storeFrame({
        receivedAt: r.time + 60_000,
        peer: '127.0.0.1:5000',
        protocol: 'szy206-2016',
        siteCode: intake,
        divisionCode: '530381',
        bytes: new Uint8Array([0x68, 1]),
        values: [{ element: 'volume', time: r.time, value: r.value ?? 0, flag: null }],
      });
    }
    await store.flush();
    await deriveReportCounts(db(), [intake], now, 'all');
    await auditDirtySites(db(), now);
    const service = await testService(db(), { now: () => now });
    app = service.app;
    dispose = () => service.dispose();
    const device = await enrolledDevice(db(), 'technician', '530381', now);
    token = device.token;
    deviceId = device.deviceId;
    received = [];
    listener = createServer((socket) => socket.on('data', (chunk) => received.push(chunk)));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
    await dispose();
  });

  test('the gap is a missing-data finding before the batch', async () => {
    const finding = await missingFinding();
    expect(finding).toMatchObject({ rule: 'missing', status: 'open' });
  });

  test('batch pushed → values stored as backfill, health rises, the finding corrected then closed', async () => {
    const before = await health();
    expect(before).toBe(47); // the hours outside the gap, less the last one not yet due
    const finding = await missingFinding();
    const answer = rtuAnswer(gap, []);
    batchFrames = answer.frames;
    const slots = compareBackfillSlots(gap, 60, answer.records);
    const [part] = buildBackfillParts({
      batchId: testId('batch-1'),
      protocol: 'szy206-2016',
      window: gap,
      intervalMinutes: 60,
      status: 'gap',
      frames: answer.frames.map(hex),
      slots,
      findingKeys: [finding?.findingKey ?? ''],
    });
    const result = await push(session(testId('batch-1'), part as Record<string, unknown>));
    expect(result.accepted).toEqual([testId('batch-1')]);

    const { rows: stored } = await db().query<{ n: number; batch: string }>(
      `select count(*)::int as n, min(batch_id) as batch from monitoring_values
        where site_code = $1 and source = 'backfill'`,
      [intake],
    );
    expect(stored[0]).toEqual({ n: 48, batch: testId('batch-1') }); // the RTU had every hour
    expect(await health()).toBe(before + 48);

    const { rows: events } = await db().query<{ doc: { type: string; correction: unknown } }>(
      `select doc from records where collection = 'audit_finding_events' and doc ->> 'findingKey' = $1`,
      [finding?.findingKey],
    );
    expect(events.map((e) => e.doc.type).sort()).toEqual(['cause_recorded', 'corrected']);
    expect(events.find((e) => e.doc.type === 'corrected')?.doc.correction).toEqual({
      kind: 'backfill',
      batchId: testId('batch-1'),
      from: gap.from,
      to: gap.to,
      count: 48,
    });
    expect((await missingFinding())?.status).toBe('corrected');

    await auditDirtySites(db(), now + 60_000);
    const { rows: after } = await db().query<{ doc: AuditFindingRecord }>(
      `select doc from records where collection = 'audit_findings' and doc ->> 'findingKey' = $1`,
      [finding?.findingKey],
    );
    expect(after[0]?.doc.status).toBe('closed');
  });

  test('the batch’s frames reach the platform’s receiver byte for byte, once', async () => {
    const address = listener.address() as { port: number };
    const report = await forwardPending(db(), parseForwardTarget(`127.0.0.1:${address.port}`), () => now);
    const expected = Buffer.concat(batchFrames);
    expect(report).toMatchObject({ forwarded: 1, failed: 0, bytes: expected.length });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(Buffer.concat(received).equals(expected)).toBe(true);
    const again = await forwardPending(db(), parseForwardTarget(`127.0.0.1:${address.port}`), () => now);
    expect(again.forwarded).toBe(0);
    const { rows } = await db().query<{ forwarded_to: string; forwarded_bytes: number }>(
      `select forwarded_to, forwarded_bytes from backfill_parts where batch_id = $1`,
      [testId('batch-1')],
    );
    expect(rows).toEqual([{ forwarded_to: `127.0.0.1:${address.port}`, forwarded_bytes: expected.length }]);
    const exported = await exportBatchFrames(db(), testId('batch-1'));
    expect(Buffer.from(exported.bytes).equals(expected)).toBe(true);
    await expect(exportBatchFrames(db(), testId('batch-1'), '110101')).rejects.toThrow(
      `no 补报 batch ${testId('batch-1')} in your region 110101`,
    );
  });

  test('a receiver that refuses is tried again later, its error kept', async () => {
    const answer = rtuAnswer({ from: gap.from, to: gap.from + 2 * hour }, [rtuLoss]);
    const [part] = buildBackfillParts({
      batchId: testId('batch-2'),
      protocol: 'szy206-2016',
      window: { from: gap.from, to: gap.from + 2 * hour },
      intervalMinutes: 60,
      status: 'complete',
      frames: answer.frames.map(hex),
      slots: compareBackfillSlots({ from: gap.from, to: gap.from + 2 * hour }, 60, answer.records),
      findingKeys: [],
    });
    await push(session(testId('batch-2'), part as Record<string, unknown>));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const failed = await forwardPending(db(), parseForwardTarget(`127.0.0.1:${port}`), () => now);
    expect(failed).toMatchObject({ forwarded: 0, failed: 1 });
    const { rows } = await db().query<{ forward_attempts: number; forward_error: string }>(
      `select forward_attempts, forward_error from backfill_parts where batch_id = $1`,
      [testId('batch-2')],
    );
    expect(rows[0]?.forward_attempts).toBe(1);
    expect(rows[0]?.forward_error).toMatch(/ECONNREFUSED/);
    const address = listener.address() as { port: number };
    const retried = await forwardPending(db(), parseForwardTarget(`127.0.0.1:${address.port}`), () => now);
    expect(retried).toMatchObject({ forwarded: 1, failed: 0 });
  });

  test('a re-push of the same batch is a no-op', async () => {
    const { rows } = await db().query<{ doc: Record<string, unknown> }>(
      `select doc from records where collection = 'diagnostic_sessions' and id = $1`,
      [testId('batch-1')],
    );
    const { receivedAt: _r, ...doc } = rows[0]?.doc ?? {};
    const count = async () =>
      (
        await db().query<{ n: number }>(
          `select (select count(*) from monitoring_values where source = 'backfill')::int
                + (select count(*) from backfill_parts)::int
                + (select count(*) from records where collection = 'audit_finding_events')::int as n`,
        )
      ).rows[0]?.n;
    const before = await count();
    expect((await push(doc)).accepted).toEqual([testId('batch-1')]);
    expect(await count()).toBe(before);
    expect(await pendingBackfillSessions(db())).toEqual([]);
  });

  test('a batch for another region’s site is refused by name, nothing stored', async () => {
    const beijing = await enrolledDevice(db(), 'technician', '110101', now);
    const part = {
      ...(buildBackfillParts({
        batchId: testId('batch-bj'),
        protocol: 'szy206-2016',
        window: gap,
        intervalMinutes: 60,
        status: 'complete',
        frames: [],
        slots: [],
        findingKeys: [],
      })[0] as Record<string, unknown>),
    };
    const result = await push(
      session(testId('batch-bj'), part, { deviceId: beijing.deviceId, divisionCode: '110101' }),
      beijing.token,
    );
    expect(result.accepted).toEqual([]);
    expect(result.rejected[0]?.message).toContain(`site ${siteId} is not a site of your region 110101`);
    const { rows } = await db().query<{ n: number }>(
      `select count(*)::int as n from backfill_parts where batch_id = $1`,
      [testId('batch-bj')],
    );
    expect(rows[0]?.n).toBe(0);
  });
});
