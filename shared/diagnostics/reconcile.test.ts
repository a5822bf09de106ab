import { describe, expect, it } from 'vitest';
import { reconcile } from './reconcile';

const h = 3_600_000;
describe('reconcile', () => {
  it('is ok when the platform lags by what flowed since its last report', () => {
    const r = reconcile({
      meter: { value: 106_200, unit: 'm³', at: 10 * h },
      platform: { value: 106_182, unit: 'm³', at: 9 * h },
      flowRatePerHour: 20,
    });
    expect(r.outcome).toBe('ok');
    expect(r.difference).toBe(18);
  });
  it('warns when the platform is behind by more than the flow explains', () => {
    const r = reconcile({
      meter: { value: 106_500, unit: 'm³', at: 10 * h },
      platform: { value: 106_182, unit: 'm³', at: 9 * h },
      flowRatePerHour: 20,
    });
    expect(r).toMatchObject({ outcome: 'warning', reasons: ['platform-behind'] });
  });
  it('flags a meter below the platform (reset or replaced) and a large difference as faults', () => {
    expect(
      reconcile({ meter: { value: 100, unit: 'm³', at: h }, platform: { value: 5000, unit: 'm³', at: h } }),
    ).toMatchObject({ outcome: 'fault', reasons: ['meter-below-platform'] });
    expect(
      reconcile({
        meter: { value: 20_000, unit: 'm³', at: h },
        platform: { value: 10_000, unit: 'm³', at: h },
      }),
    ).toMatchObject({ outcome: 'fault', reasons: ['large-difference'] });
  });
  it('compares a meter fitted after the platform’s value across the swap (换表), not as a reset', () => {
    const swap = { id: 's', element: 'volume', at: h - 1_800_000, oldFinal: 5_002, newInitial: 0 };
    const input = {
      meter: { value: 3, unit: 'm³', at: h },
      platform: { value: 5_000, unit: 'm³', at: h - 3_600_000 },
    };
    expect(reconcile(input)).toMatchObject({ outcome: 'fault', reasons: ['meter-below-platform'] });
    expect(reconcile({ ...input, swaps: [swap] })).toMatchObject({ outcome: 'ok', difference: 5 });
    // A swap before the platform's value: that value was already the new meter's.
    expect(reconcile({ ...input, swaps: [{ ...swap, at: h - 7_200_000 }] }).reasons).toContain(
      'meter-below-platform',
    );
  });
  it('converts litres and flags a stale platform value, a missing one and unknown units', () => {
    const r = reconcile({
      meter: { value: 1000, unit: 'm³', at: 50 * h },
      platform: { value: 1_000_000, unit: 'L', at: 0 },
    });
    expect(r).toMatchObject({ outcome: 'warning', reasons: ['within-tolerance', 'platform-stale'] });
    expect(reconcile({ meter: { value: 1, unit: 'm³', at: 0 }, platform: null }).reasons).toEqual([
      'no-platform-value',
    ]);
    expect(
      reconcile({ meter: { value: 1, unit: 'gal', at: 0 }, platform: { value: 1, unit: 'm³', at: 0 } })
        .reasons,
    ).toEqual(['unit-mismatch']);
  });
});
