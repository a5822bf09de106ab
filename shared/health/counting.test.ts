import { describe, expect, it } from 'vitest';
import { countDays, slotsStartingOn, toHealthArrays, type RawReport } from './counting';
import { addDays, dayOf, dayStart } from './days';

const H = 3_600_000;
const M = 60_000;
const D = '2026-11-01';
const base = {
  firstDay: D,
  days: 1,
  intervalMinutes: 60,
  allowedDelayMinutes: 10,
  elementsConfigured: 2,
  registeredOn: '2026-01-01',
  clockSkewToleranceMinutes: 10,
};
/** A valid report for hour `h` of day `day`, received `delay` ms after the slot ended. */
function hourly(h: number, delay = 2 * M, day = D, values = 2): RawReport {
  const observedAt = dayStart(day) + h * H;
  return { observedAt, receivedAt: observedAt + H + delay, frameValid: true, validValues: values };
}

describe('Shanghai days', () => {
  it('start at 16:00 UTC the day before and round-trip', () => {
    expect(new Date(dayStart(D)).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(dayOf(dayStart(D))).toBe(D);
    expect(dayOf(dayStart(D) - 1)).toBe('2026-10-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('countDays', () => {
  it('counts a full day of timely hourly reports: 24 of 24 slots, 48 values', () => {
    const [day] = countDays(
      Array.from({ length: 24 }, (_, h) => hourly(h)),
      base,
    );
    expect(day).toEqual({
      day: D,
      expected: 24,
      receivedSlots: 24,
      validValues: 48,
      reports: 23, // the 23:00 report arrives the next day (00:02), counted as received then
      late: 0,
      skewed: 0,
      duplicates: 0,
    });
  });

  it('counts a report late within the allowed delay and refuses one beyond it', () => {
    const [day] = countDays([hourly(0, 10 * M), hourly(1, 10 * M + 1)], base);
    expect(day).toMatchObject({ receivedSlots: 1, late: 1, reports: 2 });
  });

  it('fills a slot once however many duplicates arrive, keeping the most complete', () => {
    const [day] = countDays([hourly(2, M, D, 1), hourly(2, 2 * M, D, 2), hourly(2, 3 * M, D, 2)], base);
    expect(day).toMatchObject({ receivedSlots: 1, validValues: 2, duplicates: 2, reports: 3 });
  });

  it('fills no slot with reports from a clock running ahead, but counts them as received', () => {
    // The RTU clock is 3 h fast all day: each report is stamped 3 h after the platform receives it.
    const reports = Array.from({ length: 20 }, (_, h) => {
      const receivedAt = dayStart(D) + h * H + 5 * M;
      return { observedAt: receivedAt + 3 * H, receivedAt, frameValid: true, validValues: 2 };
    });
    const [day] = countDays(reports, base);
    expect(day).toMatchObject({ expected: 24, receivedSlots: 0, skewed: 20, reports: 20 });
  });

  it('treats a clock running 8 h slow (UTC set on the RTU) as reports far beyond the delay', () => {
    const reports = Array.from({ length: 24 }, (_, h) => {
      const receivedAt = dayStart(D) + h * H + 5 * M;
      return { observedAt: receivedAt - 8 * H, receivedAt, frameValid: true, validValues: 2 };
    });
    const [prev, day] = countDays(reports, { ...base, firstDay: '2026-10-31', days: 2 });
    expect(day).toMatchObject({ receivedSlots: 0, reports: 24 });
    expect((prev?.late ?? 0) + (day?.late ?? 0)).toBe(24);
  });

  it('ignores malformed frames and values beyond the configured elements', () => {
    const bad = { ...hourly(3), frameValid: false };
    const [day] = countDays([bad, hourly(4, M, D, 9)], base);
    expect(day).toMatchObject({ receivedSlots: 1, validValues: 2, reports: 2 });
  });

  it('expects nothing before registration (a site added mid-period)', () => {
    const days = countDays([hourly(5, M, D), hourly(5, M, addDays(D, 1))], {
      ...base,
      days: 3,
      registeredOn: addDays(D, 1),
    });
    expect(days.map((d) => [d.expected, d.receivedSlots])).toEqual([
      [0, 0],
      [24, 1],
      [24, 0],
    ]);
  });

  it('gives a report for 23:30 received after midnight to the day its data belongs to', () => {
    const observedAt = dayStart(D) + 23 * H + 30 * M;
    const report = { observedAt, receivedAt: observedAt + 35 * M, frameValid: true, validValues: 2 };
    const [first, second] = countDays([report], { ...base, days: 2 });
    expect([first?.receivedSlots, first?.reports, second?.receivedSlots, second?.reports]).toEqual([
      1, 0, 0, 1,
    ]);
  });

  it('anchors slots of any interval so each day expects whole slots', () => {
    expect(slotsStartingOn(D, 60)).toBe(24);
    expect(slotsStartingOn(D, 240)).toBe(6);
    // 7 h slots cross midnight; any 7 consecutive days hold exactly 168 / 7 = 24 slot starts.
    const week = Array.from({ length: 7 }, (_, i) => slotsStartingOn(addDays(D, i), 7 * 60));
    expect(week.reduce((a, b) => a + b, 0)).toBe(24);
    expect(Math.min(...week)).toBeGreaterThanOrEqual(3);
    expect(slotsStartingOn(D, 2880) + slotsStartingOn(addDays(D, 1), 2880)).toBe(1);
  });

  it('packs days into the stored arrays', () => {
    const days = countDays([hourly(0)], { ...base, days: 2 });
    expect(toHealthArrays(days)).toEqual({
      firstDay: D,
      expected: [24, 24],
      receivedSlots: [1, 0],
      validValues: [2, 0],
      reports: [1, 0],
    });
  });
});
