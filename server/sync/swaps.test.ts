import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { AuditFindingRecord, Correction, Reading } from '#shared/domain/index';
import { createSyncClient, type HttpFetch, type SyncClient } from '#shared/sync/index';
import type { Database } from '../db/database';
import { auditDirtySites } from '../monitoring/audit-runner';
import { createReceiverStore } from '../receiver/store';
import { describeOnEngines } from '../testing/engines';
import { enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';

const fetchFn: HttpFetch = (url, init) => fetch(url, init as RequestInit);
const rowsOf = (docs: readonly Record<string, unknown>[]) =>
  docs.map((doc) => ({
    assumedMasterState: null,
    newDocumentState: { ...doc, id: doc['id'] as string, _deleted: false },
  }));

const hour = 3_600_000;
// 2026-11-10 00:00 Beijing; the seeded intake 5303810001 (site-1) reports flow and volume hourly.
const day = Date.UTC(2026, 10, 9, 16);
const code = '5303810001';
const flow = () => 20;
/** The true volume; the meter was swapped at 11:30, the old one reading 5230 then, the new one 0.5. */
const truth = (h: number) => 5000 + 20 * h;
const swapAt = day + 11.5 * hour;
const oldFinal = truth(11.5);
const newInitial = 0.5;
const meter = (h: number) => (h < 12 ? truth(h) : truth(h) - oldFinal + newInitial);

async function receiveDay(db: Database): Promise<void> {
  const store = createReceiverStore(db);
  await Promise.all(
    Array.from({ length: 24 }, (_, h) =>
      store.storeFrame({
        receivedAt: day + h * hour + 60_000,
        peer: '127.0.0.1:5000',
        protocol: 'szy206-2016',
        siteCode: code,
        divisionCode: '530381',
        bytes: new Uint8Array([0x68, h]),
        values: [
          { element: 'flow', time: day + h * hour, value: flow(), flag: null },
          { element: 'volume', time: day + h * hour, value: meter(h), flag: null },
        ],
      }),
    ),
  );
  await store.flush();
}

async function counterFindings(db: Database): Promise<(AuditFindingRecord & { deleted: boolean })[]> {
  const { rows } = await db.query<{ doc: AuditFindingRecord; deleted: boolean }>(
    `select doc, deleted from records where collection = 'audit_findings' order by id`,
  );
  return rows
    .map((r) => ({ ...r.doc, deleted: r.deleted }))
    .filter((f) => f.rule === 'cumulative_decrease' || f.rule === 'cumulative_flow_mismatch');
}

// A meter swap goes up from the crew's laptop as a reading (readings v2) with its registry proposal (a
// correction); the service re-audits the site so the swap is no "counter went backwards"; another laptop
// and an app one schema behind pull it.
describeOnEngines('meter swaps on the wire', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let baseUrl: string;
  let crew: SyncClient;
  let supervisor: SyncClient;

  const correction = sample('corrections', {
    id: testId('swap-correction'),
    siteId: 'site-1',
    targetCollection: 'equipment',
    targetId: 'eq-1',
    field: 'serialNumber',
    currentValueJson: JSON.stringify('A-100'),
    proposedValueJson: JSON.stringify('B-200'),
    reason: 'meter swap',
    findingCode: null,
    patrolId: null,
    status: 'pending',
    decidedAt: null,
    decidedBy: null,
    decisionNote: null,
  });
  const swap = sample('readings', {
    id: testId('swap-reading'),
    siteId: 'site-1',
    patrolId: null,
    equipmentId: 'eq-1',
    element: 'volume',
    value: newInitial,
    unit: 'm³',
    takenAt: swapAt,
    withdrawn: false,
    note: null,
    swap: {
      role: 'meter',
      oldEquipmentId: 'eq-1',
      oldSerial: 'A-100',
      oldFinal,
      oldFinalPhotoId: testId('photo-old'),
      newSerial: 'B-200',
      newModel: 'LDG-80',
      newInitialPhotoId: testId('photo-new'),
      faultId: null,
      correctionId: correction['id'],
    },
  });

  beforeAll(async () => {
    const service = await testService(db());
    app = service.app;
    dispose = () => service.dispose();
    await app.listen({ host: '127.0.0.1', port: 0 });
    await seedSites(db());
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const a = await enrolledDevice(db(), 'technician', '530381');
    const b = await enrolledDevice(db(), 'supervisor', '5303');
    crew = createSyncClient({ baseUrl, fetch: fetchFn, token: () => a.token });
    supervisor = createSyncClient({ baseUrl, fetch: fetchFn, token: () => b.token });
  });
  afterAll(async () => {
    await dispose();
  });

  test('before the swap is known, the new meter’s low count reads as the counter going backwards', async () => {
    await receiveDay(db());
    await auditDirtySites(db(), day + 26 * hour);
    const found = await counterFindings(db());
    expect(found.map((f) => [f.rule, f.from, f.deleted])).toEqual([
      ['cumulative_decrease', day + 11 * hour, false],
    ]);
  });

  test('the swap and its registry proposal are stored; the site is marked for the audit from a day before', async () => {
    const c = await crew.push('corrections', { rows: rowsOf([correction]) });
    expect(c.ok && c.value.rejected).toEqual([]);
    const r = await crew.push('readings', { rows: rowsOf([swap]) });
    expect(r.ok && r.value).toMatchObject({ accepted: [swap['id']], rejected: [] });
    const { rows } = await db().query<{ site_code: string; earliest: string }>(
      `select site_code, earliest::text from audit_dirty`,
    );
    expect(rows).toEqual([{ site_code: code, earliest: String(swapAt - 24 * hour) }]);
    // Pushed again (a lost answer): acknowledged, nothing doubled.
    const again = await crew.push('readings', { rows: rowsOf([swap]) });
    expect(again.ok && again.value).toMatchObject({ accepted: [swap['id']], rejected: [] });
  });

  test('the re-audit judges the counter across the swap: the false finding is withdrawn, no mismatch', async () => {
    const report = await auditDirtySites(db(), day + 27 * hour);
    expect(report).toMatchObject({ sites: 1, findingsWithdrawn: 1 });
    const found = await counterFindings(db());
    expect(found.map((f) => [f.rule, f.from, f.deleted])).toEqual([
      ['cumulative_decrease', day + 11 * hour, true],
    ]);
  });

  test('another laptop of the region pulls the swap and the proposal as they were sent', async () => {
    const readings = await supervisor.pull('readings', { tx: '0', seq: 0 }, 100);
    expect(readings.ok).toBe(true);
    const pulled = readings.ok ? (readings.value.documents as unknown as Reading[]) : [];
    const got = pulled.find((d) => d.id === swap['id']);
    expect(got?.swap).toEqual(swap['swap']);
    expect(got?.value).toBe(newInitial);
    expect(got?.receivedAt).toEqual(expect.any(Number));
    const corrections = await supervisor.pull('corrections', { tx: '0', seq: 0 }, 100);
    const proposal = corrections.ok
      ? (corrections.value.documents as unknown as Correction[]).find((d) => d.id === correction['id'])
      : undefined;
    expect(proposal).toMatchObject({
      targetCollection: 'equipment',
      proposedValueJson: '"B-200"',
      status: 'pending',
    });
  });

  test('an app that stores readings v1 gets the swap as the new meter’s reading with a note', async () => {
    const token = (await enrolledDevice(db(), 'technician', '530381')).token;
    const older = createSyncClient({
      baseUrl,
      fetch: fetchFn,
      token: () => token,
      schemaVersions: { readings: 1 },
    });
    const pulled = await older.pull('readings', { tx: '0', seq: 0 }, 100);
    const got = pulled.ok
      ? (pulled.value.documents as unknown as Record<string, unknown>[]).find((d) => d['id'] === swap['id'])
      : undefined;
    expect(got).not.toHaveProperty('swap');
    expect(got).toMatchObject({ value: newInitial, element: 'volume' });
    expect(String(got?.['note'])).toContain('B-200');
  });

  test('a swap outside the crew’s region is refused like any record', async () => {
    const elsewhere = { ...swap, id: testId('swap-elsewhere'), siteId: 'site-bj', divisionCode: '110101' };
    const r = await crew.push('readings', { rows: rowsOf([elsewhere]) });
    expect(r.ok && r.value.rejected.map((x) => [x.id, x.code])).toEqual([[elsewhere['id'], 'forbidden']]);
  });
});
