import { describe, expect, it } from 'vitest';
import { validateRecord } from '../collection';
import {
  auditFindingEventsCollection,
  auditFindingId,
  auditFindingsCollection,
  nameBasedUuid,
  toAuditFindingEvent,
} from './audit-finding';

const finding = {
  id: '4dad439d-2580-5b89-a6f7-9ed5716963ed',
  findingKey: 'audit:S001:volume:cumulative_decrease:1764547200000',
  siteId: 'site-1',
  siteCode: 'S001',
  divisionCode: '530381',
  element: 'volume',
  rule: 'cumulative_decrease',
  from: 1764547200000,
  to: 1764550800000,
  evidence: {
    values: [
      { time: 1764547200000, value: 1200 },
      { time: 1764550800000, value: 1100 },
    ],
    count: 2,
    measures: { decrease: 100 },
  },
  parameters: { tolerance: 0.5 },
  ongoing: false,
  status: 'open',
  detectedAt: 1764554400000,
  updatedAt: 1764554400000,
};
const event = {
  id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
  findingKey: 'audit:S001:volume:cumulative_decrease:1764547200000',
  siteCode: 'S001',
  divisionCode: '530381',
  type: 'cause_recorded',
  by: 'zhang.wei',
  cause: 'meter_fault',
  note: '水表更换后读数归零',
  reason: null,
  correction: null,
  deviceId: 'device-1',
  operatorId: 'tech-1',
  recordedAt: 1764556200000,
  receivedAt: null,
};

describe('audit finding ids', () => {
  it('is RFC 4122 version 5 (checked against the RFC example and Python uuid.uuid5)', () => {
    expect(nameBasedUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(auditFindingId('audit:S001:volume:cumulative_decrease:1764547200000')).toBe(
      '4dad439d-2580-5b89-a6f7-9ed5716963ed',
    );
    // Multi-byte text, longer than one SHA-1 block.
    expect(auditFindingId('审核'.repeat(40))).toBe('aabb63d3-f53b-521c-96e2-241f5c27b4f6');
  });

  it('gives each key its own id', () => {
    const ids = new Set(Array.from({ length: 1000 }, (_, i) => auditFindingId(`audit:S${i}:flow:spike:0`)));
    expect(ids.size).toBe(1000);
  });
});

describe('audit finding records', () => {
  it('accepts the sample finding and refuses an id that is not a UUID', () => {
    expect(validateRecord(auditFindingsCollection, finding).ok).toBe(true);
    const bad = validateRecord(auditFindingsCollection, { ...finding, id: 'f-1' });
    expect(bad.ok).toBe(false);
  });

  it.each([
    ['cause_recorded without a cause', { cause: null }],
    ['cause_recorded with a correction reason', { reason: '换表' }],
    ['corrected without its correction', { type: 'corrected', cause: null, note: null, reason: '补报' }],
    ['dismissed without a reason', { type: 'dismissed', cause: null, note: null }],
    ['closed with a cause', { type: 'closed' }],
  ])('refuses %s', (_, change) => {
    expect(validateRecord(auditFindingEventsCollection, { ...event, ...change }).ok).toBe(false);
  });

  it('reads a record as the event the fold takes', () => {
    const corrected = {
      ...event,
      type: 'corrected',
      cause: null,
      note: null,
      reason: '换表后补报',
      correction: { kind: 'revised_values', values: [{ time: 1, original: 5, revised: 6 }] },
    };
    const parsed = validateRecord(auditFindingEventsCollection, corrected);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && toAuditFindingEvent(parsed.value)).toEqual({
      id: event.id,
      findingKey: event.findingKey,
      by: 'zhang.wei',
      recordedAt: event.recordedAt,
      receivedAt: null,
      type: 'corrected',
      reason: '换表后补报',
      correction: corrected.correction,
    });
  });
});
