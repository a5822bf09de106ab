import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { AuditFindingEventRecord } from '#shared/domain/index';
import { auditEventRecords$, writeAuditEvent } from './audit-event-store';
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
