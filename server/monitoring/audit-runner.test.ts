import { readFileSync } from 'node:fs';
import { beforeAll, expect } from 'vitest';
import { auditFindingId, newId, type AuditFindingRecord, type Task } from '#shared/domain/index';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { importRegistry } from '../platform/registry-import';
import { parseCsv } from '../platform/tabular';
import { createReceiverStore } from '../receiver/store';
import { pushAuditFindingEvents } from '../sync/audit-events';
import { describeOnEngines } from '../testing/engines';
import { auditDirtySites, markDueSites } from './audit-runner';
import { ingestValueFile } from './value-files';

const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
const hour = 3_600_000;
// 2026-11-10 00:00 Beijing; the template's intake 5303810001 (530381) reports flow and volume hourly.
const day = Date.UTC(2026, 10, 9, 16);
const intake = '5303810001';
const flow = (h: number) => 20 + Math.sin(h);
const volume = (h: number) => {
  let v = 5000;
  for (let i = 1; i <= h; i += 1) {
    v += (flow(i - 1) + flow(i)) / 2;
  }
  return v;
};
const decreaseKey = `audit:${intake}:volume:cumulative_decrease:${day + 7 * hour}`;
const mismatchKey = `audit:${intake}:volume:cumulative_flow_mismatch:${day + 8 * hour}`;
const admin = { actor: 'test', scope: 'all' };
const crew = { deviceId: 'device-530381', scope: '530381' };

/** The receiver stores a day of the intake's frames, one per hour; its counter reads low at 08:00. */
async function receiveDay(db: Database): Promise<void> {
  const store = createReceiverStore(db);
  await Promise.all(
    Array.from({ length: 24 }, (_, h) =>
      store.storeFrame({
        receivedAt: day + h * hour + 60_000,
        peer: '127.0.0.1:5000',
        protocol: 'szy206-2016',
        siteCode: intake,
        divisionCode: '530381',
        bytes: new Uint8Array([0x68, h]),
        values: [
          { element: 'flow', time: day + h * hour, value: flow(h), flag: null },
          {
            element: 'volume',
            time: day + h * hour,
            value: h === 8 ? volume(7) - 120 : volume(h),
            flag: null,
          },
        ],
      }),
    ),
  );
  await store.flush();
}

async function findings(db: Database): Promise<(AuditFindingRecord & { deleted: boolean })[]> {
  const { rows } = await db.query<{ doc: AuditFindingRecord; deleted: boolean }>(
    `select doc, deleted from records where collection = 'audit_findings' order by id`,
  );
  return rows.map((r) => ({ ...r.doc, deleted: r.deleted }));
}
const byKey = async (db: Database, key: string) => (await findings(db)).find((f) => f.findingKey === key);

async function tasks(db: Database): Promise<Task[]> {
  const { rows } = await db.query<{ doc: Task }>(`select doc from records where collection = 'tasks'`);
  return rows.map((r) => r.doc).filter((t) => t.dedupKey?.startsWith('audit:'));
}

function event(type: string, fields: Record<string, unknown>, divisionCode = '530381') {
  return {
    id: newId(),
    findingKey: decreaseKey,
    siteCode: intake,
    divisionCode,
    type,
    by: 'zhang.wei',
    cause: null,
    note: null,
    reason: null,
    correction: null,
    deviceId: crew.deviceId,
    operatorId: 'tech-1',
    recordedAt: day + 27 * hour,
    receivedAt: null,
    ...fields,
  };
}

describeOnEngines('the data audit as data arrives', ({ db, test }) => {
  beforeAll(async () => {
    await migrate(db());
    await importRegistry(db(), parseCsv(template), day, admin);
  });

  test('the receiver marks the site once per batch, at its earliest new value', async () => {
    await receiveDay(db());
    const { rows } = await db().query<{ site_code: string; earliest: string }>(
      `select site_code, earliest::text from audit_dirty`,
    );
    expect(rows).toEqual([{ site_code: intake, earliest: String(day) }]);
  });

  test('values ingested → findings stored with their region, the mark taken', async () => {
    const report = await auditDirtySites(db(), day + 26 * hour);
    expect(report).toMatchObject({ sites: 1, values: 48 });
    const decrease = await byKey(db(), decreaseKey);
    expect(decrease).toMatchObject({
      id: auditFindingId(decreaseKey),
      siteCode: intake,
      divisionCode: '530381',
      element: 'volume',
      rule: 'cumulative_decrease',
      from: day + 7 * hour,
      to: day + 8 * hour,
      status: 'open',
      ongoing: false,
      detectedAt: day + 26 * hour,
      deleted: false,
    });
    expect(decrease?.evidence.values.map((v) => v.value)).toEqual([volume(7), volume(7) - 120]);
    expect(await byKey(db(), mismatchKey)).toMatchObject({ status: 'open' });
    const { rows } = await db().query(`select 1 from audit_dirty`);
    expect(rows).toHaveLength(0);
    // The hours after the day are still on their way (allowed delay) or missing: judged, not invented.
    const missing = (await findings(db())).filter((f) => f.rule === 'missing');
    expect(missing.every((f) => f.from >= day + 24 * hour)).toBe(true);
  });

  test('a data-audit task for each open finding, raised once', async () => {
    const raised = await tasks(db());
    const decreaseTask = raised.find((t) => t.dedupKey === decreaseKey);
    expect(decreaseTask).toMatchObject({ divisionCode: '530381', assignedScope: '530381', status: 'open' });
    expect(decreaseTask?.title).toContain('累计值倒退');
    const count = raised.length;
    // The hour passes with nothing received: the site is audited again, no task twice.
    expect(await markDueSites(db(), day + 28 * hour)).toBe(1);
    await auditDirtySites(db(), day + 28 * hour);
    expect((await tasks(db())).filter((t) => t.dedupKey === decreaseKey)).toHaveLength(1);
    expect((await tasks(db())).length).toBeGreaterThanOrEqual(count);
    expect((await byKey(db(), decreaseKey))?.detectedAt).toBe(day + 26 * hour);
  });

  test('a device of another region, a platform verdict and an unknown finding are refused', async () => {
    const foreign = await pushAuditFindingEvents(
      db(),
      { deviceId: 'device-530402', scope: '530402' },
      [event('cause_recorded', { cause: 'meter_fault' })],
      day + 28 * hour,
    );
    expect(foreign.accepted).toEqual([]);
    expect(foreign.rejected[0]?.code).toBe('forbidden');
    // The same division code as the finding does not help a device of another region.
    const posing = await pushAuditFindingEvents(
      db(),
      { deviceId: 'device-5304', scope: '5304' },
      [event('cause_recorded', { cause: 'meter_fault' }, '530402')],
      day + 28 * hour,
    );
    expect(posing.rejected[0]?.code).toBe('forbidden');
    const verdict = await pushAuditFindingEvents(db(), crew, [event('closed', {})], day + 28 * hour);
    expect(verdict.rejected[0]?.message).toContain("platform's verdict");
    const unknown = await pushAuditFindingEvents(
      db(),
      crew,
      [event('cause_recorded', { cause: 'meter_fault', findingKey: `${decreaseKey}1` })],
      day + 28 * hour,
    );
    expect(unknown.rejected[0]?.code).toBe('forbidden');
    const invalid = await pushAuditFindingEvents(db(), crew, [event('cause_recorded', {})], day + 28 * hour);
    expect(invalid.rejected[0]?.code).toBe('invalid-body');
    expect((await byKey(db(), decreaseKey))?.status).toBe('open');
  });

  test('cause recorded, corrected → state on the finding, its task done', async () => {
    const cause = event('cause_recorded', { cause: 'meter_fault', note: '换表后读数设置错误' });
    const corrected = event('corrected', {
      reason: '按换表记录补报 08:00 累计水量',
      correction: { kind: 'backfill', batchId: 'bf-1', from: day + 8 * hour, to: day + 8 * hour, count: 1 },
    });
    // Pushed in the opposite order: the fold holds the correction back until its cause.
    const first = await pushAuditFindingEvents(db(), crew, [corrected], day + 29 * hour);
    expect(first.accepted).toEqual([corrected.id]);
    const second = await pushAuditFindingEvents(db(), crew, [cause, cause], day + 29 * hour);
    expect(second).toEqual({ accepted: [cause.id], rejected: [] });
    expect((await byKey(db(), decreaseKey))?.status).toBe('corrected');
    expect((await tasks(db())).find((t) => t.dedupKey === decreaseKey)?.status).toBe('done');
    // Pushing an event again is acknowledged; changed content is refused.
    const again = await pushAuditFindingEvents(db(), crew, [cause], day + 29 * hour);
    expect(again.accepted).toEqual([cause.id]);
    const changed = await pushAuditFindingEvents(
      db(),
      crew,
      [{ ...cause, note: '另一说法' }],
      day + 29 * hour,
    );
    expect(changed.rejected[0]?.code).toBe('event-mismatch');
  });

  test('the corrected value ingested → the re-audit closes the finding; one nobody touched is withdrawn', async () => {
    const report = await ingestValueFile(
      db(),
      [
        ['siteCode', 'time', 'element', 'value'],
        [intake, new Date(day + 8 * hour).toISOString().replace('Z', '+00:00'), 'volume', String(volume(8))],
      ],
      day + 30 * hour,
      admin,
      'backfill',
    );
    expect(report.stored).toBe(1);
    const run = await auditDirtySites(db(), day + 30 * hour);
    expect(run).toMatchObject({ findingsClosed: 1, findingsWithdrawn: 1 });
    expect(await byKey(db(), decreaseKey)).toMatchObject({ status: 'closed', deleted: false });
    const { rows } = await db().query<{ doc: { type: string; by: string; deviceId: string } }>(
      `select doc from records where collection = 'audit_finding_events' and doc ->> 'type' = 'closed'`,
    );
    expect(rows.map((r) => [r.doc.type, r.doc.by, r.doc.deviceId])).toEqual([
      ['closed', 'platform', 'platform'],
    ]);
    // The mismatch was the same wrong reading: gone with it, withdrawn, its task cancelled.
    expect(await byKey(db(), mismatchKey)).toMatchObject({ deleted: true });
    expect((await tasks(db())).find((t) => t.dedupKey === mismatchKey)?.status).toBe('cancelled');
    // The original reading stays stored beside the 补报 value.
    const { rows: values } = await db().query<{ source: string }>(
      `select source from monitoring_values where site_code = $1 and element = 'volume' and time = $2 order by source`,
      [intake, day + 8 * hour],
    );
    expect(values.map((v) => v.source)).toEqual(['backfill', 'receiver']);
  });
});
