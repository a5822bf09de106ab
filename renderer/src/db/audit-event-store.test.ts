import { BehaviorSubject, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditFindingEventRecord, AuditFindingRecord } from '#shared/domain/index';
import { createAuditSync } from '../sync/audit-sync';
import type { LocalStore } from '../sync/series-cache';
import {
  auditEventRecords$,
  auditFindingRecords$,
  setAuditRemote,
  writeAuditEvent,
} from './audit-event-store';
import type { AppDatabase } from './database';

// A laptop whose registry has no audit collections (the demo province): the store's own list. The
// database stands in with no collections at all, which is what the store asks of it here.
const db = { collections: {} } as unknown as AppDatabase;
const record = (id: string, extra: Partial<AuditFindingEventRecord> = {}): AuditFindingEventRecord => ({
  id,
  findingKey: 'audit:5303810001:volume:cumulative_decrease:1793520000000',
  siteCode: '5303810001',
  divisionCode: '530381' as AuditFindingEventRecord['divisionCode'],
  type: 'cause_recorded',
  by: 'crew-a',
  cause: 'meter_fault',
  note: null,
  reason: null,
  correction: null,
  deviceId: 'dev-1',
  operatorId: 'crew-a',
  recordedAt: 1_793_600_000_000,
  receivedAt: null,
  ...extra,
});

describe('the laptop’s store of data-audit handling events', () => {
  it('appends valid events, takes the same one again as a no-op and refuses other content under its id', async () => {
    const id = '0190a000-0000-7000-8000-000000000001';
    expect(await writeAuditEvent(db, record(id))).toEqual({
      ok: true,
      value: { written: [id], alreadyPresent: [] },
    });
    expect(await writeAuditEvent(db, record(id))).toEqual({
      ok: true,
      value: { written: [], alreadyPresent: [id] },
    });
    expect(await writeAuditEvent(db, record(id, { cause: 'rtu_clock' }))).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    const other = record('0190a000-0000-7000-8000-000000000002', { siteCode: '5303810002' });
    await writeAuditEvent(db, other);
    expect((await firstValueFrom(auditEventRecords$(db, '5303810001'))).map((r) => r.id)).toEqual([id]);
    expect(await firstValueFrom(auditEventRecords$(db, null))).toHaveLength(2);
  });

  it('refuses an event whose fields do not make a valid record, and stores nothing of it', async () => {
    const bad = record('0190a000-0000-7000-8000-000000000003', {
      type: 'corrected',
      cause: null,
      reason: null,
    });
    expect(await writeAuditEvent(db, bad)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect((await firstValueFrom(auditEventRecords$(db, null))).map((r) => r.id)).not.toContain(bad.id);
  });
});

describe('on an enrolled laptop (the audit sync registered)', () => {
  afterEach(() => setAuditRemote(null));
  // The local documents stand in as a Map (the device database is not opened in a unit test).
  const docs = new Map<string, object>();
  const store: LocalStore = {
    get: <T extends object>(id: string) => Promise.resolve((docs.get(id) as T | undefined) ?? null),
    put: (id, data) => {
      docs.set(id, structuredClone(data));
      return Promise.resolve();
    },
    remove: (id) => {
      docs.delete(id);
      return Promise.resolve();
    },
  };

  it('queues the crew’s event for the service and reads findings and events from the sync’s copy', async () => {
    const sync = createAuditSync({ store });
    const events$ = new BehaviorSubject<AuditFindingEventRecord[]>([]);
    let enrolled = true;
    setAuditRemote({
      enrolled: () => enrolled,
      findings$: new BehaviorSubject<AuditFindingRecord[]>([]),
      events$,
      write: async (r) => {
        const queued = await sync.enqueue(r);
        events$.next((await sync.events()) as AuditFindingEventRecord[]);
        return queued;
      },
    });
    const id = '0190a000-0000-7000-8000-000000000010';
    expect(await writeAuditEvent(db, record(id))).toEqual({
      ok: true,
      value: { written: [id], alreadyPresent: [] },
    });
    expect(await writeAuditEvent(db, record(id))).toEqual({
      ok: true,
      value: { written: [], alreadyPresent: [id] },
    });
    expect((await sync.outbox()).map((r) => [r.record.id, r.state])).toEqual([[id, 'pending']]);
    expect((await firstValueFrom(auditEventRecords$(db, '5303810001'))).map((r) => r.id)).toEqual([id]);
    expect(auditFindingRecords$(db, null)).not.toBeNull();

    enrolled = false; // the demo province: the laptop's own list, as before
    expect(auditFindingRecords$(db, null)).toBeNull();
    expect((await firstValueFrom(auditEventRecords$(db, null))).map((r) => r.id)).not.toContain(id);
  });
});
