import { describe, expect, it } from 'vitest';
import type { Author } from '../patrol/author';
import { emptySnapshot, parseSnapshot } from './rtu-snapshot';
import {
  buildDiagnosticSession,
  previousSnapshotSession,
  sessionOutcome,
  type SessionInput,
} from './session-record';

const author: Author = {
  deviceId: 'dev-1',
  operatorId: 'op-1',
  now: () => 2_000_000,
  newId: () => '01JD0000000000000000000000',
};
const input: SessionInput = {
  site: { id: 'site-1', divisionCode: '530381' },
  equipmentId: 'eq-1',
  patrolId: 'patrol-1',
  faultId: null,
  protocol: 'modbus-rtu',
  portPath: '/dev/pts/5',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  startedAt: 1_000_000,
  frames: [
    {
      at: 1_000_100,
      direction: 'tx',
      hex: '01 03 00 00 00 02 C4 0B',
      summary: 'read 2 holding registers at 0',
    },
  ],
  values: [{ name: 'velocity', value: -12.5, unit: 'm/s' }],
  verdicts: [{ rule: 'reconcile.volume', outcome: 'ok', message: 'within tolerance' }],
  snapshot: emptySnapshot(1_500_000),
  summary: null,
};

describe('DiagnosticSession record', () => {
  it('builds a valid, linked record with provenance', () => {
    const r = buildDiagnosticSession(input, author);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toMatchObject({
        siteId: 'site-1',
        patrolId: 'patrol-1',
        endedAt: 2_000_000,
        operatorId: 'op-1',
      });
      expect(r.value.frames[0]?.note).toBe('read 2 holding registers at 0');
      expect(parseSnapshot(r.value.snapshotJson)?.readAt).toBe(1_500_000);
    }
  });
  it("keeps a verdict's catalogue code and parameters and a value's two names, so any reader gets their language", () => {
    const r = buildDiagnosticSession(
      {
        ...input,
        values: [{ name: '瞬时流量', names: { zh: '瞬时流量', en: 'Flow' }, value: 42.5, unit: 'm³/h' }],
        verdicts: [
          {
            rule: 'rtu.clock',
            outcome: 'warning',
            message: '时钟偏差: 180 s / ±60 s',
            code: 'rtu.drift.clock-off',
            params: { current: '180 s', expected: '±60 s' },
          },
        ],
      },
      author,
    );
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.values[0]?.names).toEqual({ zh: '瞬时流量', en: 'Flow' });
    expect(r.ok && r.value.verdicts[0]).toMatchObject({
      code: 'rtu.drift.clock-off',
      params: { current: '180 s', expected: '±60 s' },
    });
    const bad = buildDiagnosticSession(
      { ...input, verdicts: [{ rule: 'x', outcome: 'ok', message: 'm', code: 'not a key!' }] },
      author,
    );
    expect(!bad.ok && bad.error.message).toMatch(/verdicts\.0\.code/);
  });
  it('keeps the latest 5000 frames of a long session and says so', () => {
    const frames = Array.from({ length: 5003 }, (_, i) => ({ ...input.frames[0]!, at: i }));
    const r = buildDiagnosticSession({ ...input, frames }, author);
    expect(r.ok && r.value.frames.length).toBe(5000);
    expect(r.ok && r.value.frames[0]?.at).toBe(3);
    expect(r.ok && r.value.summary).toMatch(/3 earlier frames/);
  });
  it('fails with a named field on a bad division code', () => {
    const r = buildDiagnosticSession({ ...input, site: { id: 's', divisionCode: 'x' } }, author);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/divisionCode/);
  });
  it('summarises verdicts and finds the previous snapshot', () => {
    expect(sessionOutcome([])).toBe('none');
    expect(sessionOutcome([{ outcome: 'ok' }, { outcome: 'warning' }])).toBe('warning');
    const sessions = [
      { startedAt: 1, snapshotJson: '{}' },
      { startedAt: 5, snapshotJson: '{}' },
      { startedAt: 7, snapshotJson: null },
      { startedAt: 9, snapshotJson: '{}' },
    ];
    expect(previousSnapshotSession(sessions, 8)?.startedAt).toBe(5);
  });
});
