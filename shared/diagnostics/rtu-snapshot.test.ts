import { describe, expect, it } from 'vitest';
import { emptySnapshot, parseSnapshot, snapshotDrift, type RtuSnapshot } from './rtu-snapshot';

const snap = (over: Partial<RtuSnapshot>): RtuSnapshot => ({ ...emptySnapshot(1000), ...over });

describe('RTU configuration drift', () => {
  it('flags a clock off by minutes, far off as a fault', () => {
    expect(snapshotDrift(snap({ clockOffsetSeconds: 30 }), { reportIntervalMinutes: 60 }, null)).toEqual([]);
    expect(
      snapshotDrift(snap({ clockOffsetSeconds: -120 }), { reportIntervalMinutes: 60 }, null)[0],
    ).toMatchObject({
      reason: 'clock-off',
      severity: 'warning',
      current: '-120',
      expected: '±60',
      unit: 's',
    });
    expect(
      snapshotDrift(snap({ clockOffsetSeconds: 3600 }), { reportIntervalMinutes: 60 }, null)[0]?.severity,
    ).toBe('fault');
  });
  it('compares intervals with the registry, then with the previous visit', () => {
    const current = snap({
      intervals: [
        { kind: 'flow', minutes: 30 },
        { kind: 'level', minutes: 0 },
      ],
    });
    const prev = snap({ intervals: [{ kind: 'flow', minutes: 60 }] });
    expect(snapshotDrift(current, { reportIntervalMinutes: 60 }, prev)).toEqual([
      {
        field: 'interval',
        key: 'interval.flow',
        severity: 'warning',
        reason: 'interval-vs-registry',
        current: '30',
        expected: '60',
        previous: '60',
        unit: 'min',
      },
    ]);
    expect(snapshotDrift(current, { reportIntervalMinutes: null }, prev)[0]?.reason).toBe(
      'changed-since-last-visit',
    );
  });
  it('flags a terminal left in debug mode and a changed work mode', () => {
    expect(snapshotDrift(snap({ workMode: 'debug' }), { reportIntervalMinutes: null }, null)[0]?.reason).toBe(
      'debug-mode',
    );
    expect(
      snapshotDrift(
        snap({ workMode: 'compatible' }),
        { reportIntervalMinutes: null },
        snap({ workMode: 'self-report' }),
      )[0]?.reason,
    ).toBe('changed-since-last-visit');
  });
  it('reads stored snapshots and treats damaged ones as absent', () => {
    expect(parseSnapshot(JSON.stringify(snap({ workMode: 'debug' })))?.workMode).toBe('debug');
    expect(parseSnapshot('{oops')).toBeNull();
    expect(parseSnapshot(null)).toBeNull();
  });
});
