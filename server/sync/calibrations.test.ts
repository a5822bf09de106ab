import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import type { PatrolEvent } from '#shared/domain/index';
import { dayStart } from '#shared/health/days';
import { createSyncClient, type HttpFetch, type SyncClient } from '#shared/sync/index';
import { calibrationEntriesOf, demoCalibrationPolicy, judgeCalibrations } from '#shared/verdicts/calibration';
import { scoped } from '../db/scoped';
import { monthlyReport } from '../platform/monthly-report';
import { describeOnEngines } from '../testing/engines';
import { enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';
import { upsertRecords } from './platform-writes';

const fetchFn: HttpFetch = (url, init) => fetch(url, init as RequestInit);
const rowsOf = (docs: readonly Record<string, unknown>[]) =>
  docs.map((doc) => ({
    assumedMasterState: null,
    newDocumentState: { ...doc, id: doc['id'] as string, _deleted: false },
  }));

const seenOn = dayStart('2026-12-03') + 10 * 3_600_000;

// A calibration certificate goes up from the crew's laptop as a patrol event (patrol_events v3): stored
// once however often it is pushed, pulled as sent by another laptop of the region, read as a note by an
// app one schema behind, refused outside the crew's region, and counted in the service's monthly report.
describeOnEngines('calibration certificates on the wire', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let baseUrl: string;
  let crew: SyncClient;
  let supervisor: SyncClient;

  const certificate = (label: string, equipmentId: string, calibratedOn: string, extra = {}) =>
    sample('patrol_events', {
      id: testId(label),
      patrolId: testId('cal-patrol'),
      type: 'calibration',
      itemId: null,
      outcome: null,
      note: null,
      photoIds: [testId(`${label}-photo`)],
      supersedesId: null,
      signature: null,
      refersToId: null,
      calibration: {
        equipmentId,
        kind: 'verification',
        calibratedOn,
        certificateNo: `JD-${label}`,
        institution: '云南省计量测试技术研究院',
        intervalMonths: null,
        result: 'pass',
        ...extra,
      },
      recordedAt: seenOn,
    });
  // The RTU (eq-1) verified 2024-11-20: 12 months, overdue since 2025-11-20. The meter (eq-2) passed
  // on 2026-12-01.
  const rtu = certificate('cal-rtu', 'eq-1', '2024-11-20');
  const meter = certificate('cal-meter', 'eq-2', '2026-12-01', { intervalMonths: 24 });

  beforeAll(async () => {
    const service = await testService(db());
    app = service.app;
    dispose = () => service.dispose();
    await app.listen({ host: '127.0.0.1', port: 0 });
    await seedSites(db());
    await scoped(db(), 'all', (tx) =>
      upsertRecords(
        tx,
        'equipment',
        [
          { ...sampleRecords.equipment, id: 'eq-1' },
          { ...sampleRecords.equipment, id: 'eq-2', role: 'meter', protocol: 'modbus-rtu', rtuAddress: null },
          { ...sampleRecords.equipment, id: 'eq-3', role: 'analyser', installedOn: null },
          // Installed last month: in force, so the report's counts below are eq-1..3's alone.
          { ...sampleRecords.equipment, id: 'eq-site2', siteId: 'site-2', installedOn: '2026-11-01' },
          { ...sampleRecords.equipment, id: 'eq-bj', siteId: 'site-bj', divisionCode: '110101' },
        ],
        Date.now(),
      ),
    );
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const a = await enrolledDevice(db(), 'technician', '530381');
    const b = await enrolledDevice(db(), 'supervisor', '5303');
    crew = createSyncClient({ baseUrl, fetch: fetchFn, token: () => a.token });
    supervisor = createSyncClient({ baseUrl, fetch: fetchFn, token: () => b.token });
  });
  afterAll(async () => {
    await dispose();
  });

  test('certificates are stored once, however often they are pushed', async () => {
    const first = await crew.push('patrol_events', { rows: rowsOf([rtu, meter]) });
    expect(first.ok && first.value.rejected).toEqual([]);
    expect(first.ok && [...first.value.accepted].sort()).toEqual([rtu['id'], meter['id']].sort());
    // The answer was lost: pushed again, acknowledged, nothing doubled.
    const again = await crew.push('patrol_events', { rows: rowsOf([rtu, meter]) });
    expect(again.ok && again.value).toMatchObject({ rejected: [] });
    expect(again.ok && [...again.value.accepted].sort()).toEqual([rtu['id'], meter['id']].sort());
    const { rows } = await db().query<{ n: string }>(
      `select count(*)::text as n from records where collection = 'patrol_events' and id = any($1)`,
      [[rtu['id'], meter['id']]],
    );
    expect(rows[0]?.n).toBe('2');
  });

  test('another laptop of the region pulls them as sent and judges the register alike', async () => {
    const pulled = await supervisor.pull('patrol_events', { tx: '0', seq: 0 }, 100);
    expect(pulled.ok).toBe(true);
    const docs = pulled.ok ? (pulled.value.documents as unknown as PatrolEvent[]) : [];
    const got = docs.find((d) => d.id === rtu['id']);
    expect(got?.calibration).toEqual(rtu['calibration']);
    expect(got?.photoIds).toEqual(rtu['photoIds']);
    expect(got?.receivedAt).toEqual(expect.any(Number));
    expect(
      calibrationEntriesOf(docs)
        .map((e) => e.id)
        .sort(),
    ).toEqual([rtu['id'], meter['id']].sort());
    const verdicts = judgeCalibrations(
      [
        { id: 'eq-1', siteId: 'site-1', role: 'rtu', installedOn: null },
        { id: 'eq-2', siteId: 'site-1', role: 'meter', installedOn: null },
      ],
      docs,
      demoCalibrationPolicy,
      dayStart('2026-12-05'),
    );
    expect(verdicts.map((v) => [v.equipmentId, v.status, v.nextDue])).toEqual([
      ['eq-1', 'overdue', '2025-11-20'],
      ['eq-2', 'ok', '2028-12-01'],
    ]);
  });

  test('an app that stores patrol_events v2 reads a certificate as a note, its photo kept', async () => {
    const token = (await enrolledDevice(db(), 'technician', '530381')).token;
    const older = createSyncClient({
      baseUrl,
      fetch: fetchFn,
      token: () => token,
      schemaVersions: { patrol_events: 2 },
    });
    const pulled = await older.pull('patrol_events', { tx: '0', seq: 0 }, 100);
    const got = pulled.ok
      ? (pulled.value.documents as unknown as Record<string, unknown>[]).find((d) => d['id'] === rtu['id'])
      : undefined;
    expect(got).not.toHaveProperty('calibration');
    expect(got).toMatchObject({ type: 'note', photoIds: rtu['photoIds'] });
    expect(String(got?.['note'])).toContain('JD-cal-rtu');
    // The v2 app's own events still go up and come back at the current version.
    const note = sample('patrol_events', {
      id: testId('cal-v2-note'),
      type: 'note',
      itemId: null,
      outcome: null,
      note: '门锁更换',
      supersedesId: null,
      signature: null,
      refersToId: null,
    });
    const pushed = await older.push('patrol_events', { rows: rowsOf([note]) });
    expect(pushed.ok && pushed.value).toMatchObject({ accepted: [note['id']], rejected: [] });
    const back = await supervisor.pull('patrol_events', { tx: '0', seq: 0 }, 100);
    const stored = back.ok
      ? (back.value.documents as unknown as PatrolEvent[]).find((d) => d.id === note['id'])
      : undefined;
    expect(stored?.type).toBe('note');
    expect(stored?.calibration ?? null).toBeNull();
  });

  test('a certificate outside the crew’s region is refused like any record', async () => {
    const elsewhere = { ...rtu, id: testId('cal-elsewhere'), siteId: 'site-bj', divisionCode: '110101' };
    const r = await crew.push('patrol_events', { rows: rowsOf([elsewhere]) });
    expect(r.ok && r.value.rejected.map((x) => [x.id, x.code])).toEqual([[elsewhere['id'], 'forbidden']]);
  });

  test('a certificate naming an instrument of another site, or one the region does not hold, is refused by name', async () => {
    const otherSite = certificate('cal-other-site', 'eq-site2', '2026-12-02');
    const otherRegion = certificate('cal-other-region', 'eq-bj', '2026-12-02');
    const unknown = certificate('cal-unknown', 'eq-nowhere', '2026-12-02');
    const r = await crew.push('patrol_events', { rows: rowsOf([otherSite, otherRegion, unknown]) });
    expect(r.ok).toBe(true);
    const rejected = r.ok ? r.value.rejected : [];
    expect(rejected.map((x) => [x.id, x.code])).toEqual([
      [otherSite['id'], 'invalid-body'],
      [otherRegion['id'], 'invalid-body'],
      [unknown['id'], 'invalid-body'],
    ]);
    expect(rejected[0]?.message).toContain('eq-site2');
    expect(rejected[0]?.message).toContain('site-1');
    // Another region's instrument is answered like one never registered: nothing about it leaks.
    const masked = (message: string | undefined, ...names: string[]) =>
      names.reduce((m, name) => m.replaceAll(name, 'X'), message ?? '');
    expect(masked(rejected[1]?.message, otherRegion['id'] as string, 'eq-bj')).toBe(
      masked(rejected[2]?.message, unknown['id'] as string, 'eq-nowhere'),
    );
    const { rows } = await db().query<{ n: string }>(
      `select count(*)::text as n from records where collection = 'patrol_events' and id = any($1)`,
      [[otherSite['id'], otherRegion['id'], unknown['id']]],
    );
    expect(rows[0]?.n).toBe('0');
  });

  test('the service’s monthly report counts the instruments out of calibration at the month’s end', async () => {
    const report = await monthlyReport(db(), '530381', '2026-12', dayStart('2027-01-05'));
    // eq-1 overdue; eq-2 in force; eq-3 (analyser, no certificate, no installation day) unrecorded.
    expect(report.kpis?.current.region).toMatchObject({
      instrumentsOverdueCalibration: 1,
      instrumentsCalibrationUnrecorded: 1,
    });
    // November: the certificates were seen on 12-03, so eq-1 and eq-2 are judged from their installation
    // day (2024-01-01: both overdue by then); eq-3 stays unrecorded.
    expect(report.kpis?.previous.region).toMatchObject({
      instrumentsOverdueCalibration: 2,
      instrumentsCalibrationUnrecorded: 1,
    });
  });
});
