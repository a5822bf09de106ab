import { describe, expect, it } from 'vitest';
import { addDays, dayOf, dayStart, daysBetween } from './days';

describe('days (Asia/Shanghai)', () => {
  it('gives 00:00 Shanghai of a day, the same on every call', () => {
    const first = dayStart('2026-11-25');
    expect(first).toBe(Date.parse('2026-11-24T16:00:00Z'));
    for (let i = 0; i < 3; i += 1) {
      expect(dayStart('2026-11-25')).toBe(first);
    }
    expect(dayOf(first)).toBe('2026-11-25');
    expect(dayOf(first - 1)).toBe('2026-11-24');
  });

  it('refuses what is not a day, every time (a refusal is not remembered as a day)', () => {
    for (let i = 0; i < 2; i += 1) {
      expect(() => dayStart('not-a-day')).toThrow('not a day: not-a-day');
    }
  });

  it('counts and steps whole days across months, years and a leap day', () => {
    expect(daysBetween('2027-12-31', '2028-03-01')).toBe(61);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-03-01', -366)).toBe('2027-03-01');
    let day = '2026-01-01';
    for (let i = 0; i < 800; i += 1) {
      const next = addDays(day, 1);
      expect(daysBetween(day, next)).toBe(1);
      day = next;
    }
    expect(day).toBe('2028-03-11');
  });
});
