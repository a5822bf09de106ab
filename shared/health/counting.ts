import { addDays, dayStart, msPerDay, type IsoDay } from './days';

/** One report as the platform received it from a site's RTU or analyser. */
export type RawReport = {
  /** The data time in the frame (the RTU's clock). */
  readonly observedAt: number;
  /** When the platform received it (the platform's clock — the one we trust). */
  readonly receivedAt: number;
  /** The frame was well-formed (CRC, address, function) — invalid frames never fill a slot. */
  readonly frameValid: boolean;
  /** Element values in it that are present and valid (not missing, not AA/FF filler, not flag N). */
  readonly validValues: number;
};

export type CountOptions = {
  /** First day counted (Shanghai). */
  readonly firstDay: IsoDay;
  readonly days: number;
  readonly intervalMinutes: number;
  readonly allowedDelayMinutes: number;
  readonly elementsConfigured: number;
  /** Days before it expect nothing (a site added mid-period counts from its registration). */
  readonly registeredOn: IsoDay;
  readonly clockSkewToleranceMinutes: number;
};

/** What one day of one site adds up to. */
export type DayCount = {
  readonly day: IsoDay;
  /** Report slots that start this day. */
  readonly expected: number;
  /** Of those, slots with at least one valid, timely report. */
  readonly receivedSlots: number;
  /** Valid element values in the counted slots (at most elements × slots). */
  readonly validValues: number;
  /** Every report received this day (platform clock), valid or not, duplicates included. */
  readonly reports: number;
  /** Reports for this day's slots that arrived after the allowed delay. */
  readonly late: number;
  /** Reports received this day stamped in the future beyond the tolerance (a wrong RTU clock). */
  readonly skewed: number;
  /** Extra valid reports for a slot already filled. */
  readonly duplicates: number;
};

/**
 * Slots are anchored at 1970-01-01 00:00 Shanghai, so any interval (minutes to days) gives the same
 * slots on every day and across midnight. A day expects the slots that start in it.
 */
const slotEpoch = dayStart('1970-01-01');

function slotOf(epochMs: number, intervalMs: number): number {
  return Math.floor((epochMs - slotEpoch) / intervalMs);
}

/** How many report slots of a given interval start on a day. */
export function slotsStartingOn(day: IsoDay, intervalMinutes: number): number {
  const intervalMs = intervalMinutes * 60_000;
  const from = dayStart(day);
  return Math.ceil((from + msPerDay - slotEpoch) / intervalMs) - Math.ceil((from - slotEpoch) / intervalMs);
}

/**
 * Counts a site's raw reports into per-day figures (design §5): a slot counts when it has at least
 * one valid report whose data time lies in it and which arrived no later than the slot's end plus the
 * allowed delay. Duplicates fill a slot once. A report stamped after its own receipt (beyond the
 * tolerance) has a wrong clock: its slot is unknowable, so it fills none.
 */
export function countDays(reports: readonly RawReport[], options: CountOptions): DayCount[] {
  const intervalMs = options.intervalMinutes * 60_000;
  const delayMs = options.allowedDelayMinutes * 60_000;
  const skewMs = options.clockSkewToleranceMinutes * 60_000;
  const start = dayStart(options.firstDay);
  const registeredFrom = dayStart(options.registeredOn);
  const days = Array.from({ length: options.days }, (_, i) => {
    const from = start + i * msPerDay;
    const day = addDays(options.firstDay, i);
    return {
      day,
      expected: from >= registeredFrom ? slotsStartingOn(day, options.intervalMinutes) : 0,
      receivedSlots: 0,
      validValues: 0,
      reports: 0,
      late: 0,
      skewed: 0,
      duplicates: 0,
    };
  });
  const dayIndex = (epochMs: number) => Math.floor((epochMs - start) / msPerDay);
  // slot → best value count among its valid, timely reports
  const filled = new Map<number, number>();
  for (const report of reports) {
    const received = days[dayIndex(report.receivedAt)];
    if (received !== undefined) {
      received.reports += 1;
    }
    if (report.observedAt > report.receivedAt + skewMs) {
      if (received !== undefined) {
        received.skewed += 1;
      }
      continue;
    }
    if (!report.frameValid) {
      continue;
    }
    const slot = slotOf(report.observedAt, intervalMs);
    const slotStart = slotEpoch + slot * intervalMs;
    const owner = days[dayIndex(slotStart)];
    if (owner === undefined || owner.expected === 0) {
      continue; // outside the counted days, or before registration
    }
    if (report.receivedAt > slotStart + intervalMs + delayMs) {
      owner.late += 1;
      continue;
    }
    const values = Math.min(Math.max(0, report.validValues), options.elementsConfigured);
    const previous = filled.get(slot);
    if (previous === undefined) {
      owner.receivedSlots += 1;
      owner.validValues += values;
      filled.set(slot, values);
    } else {
      owner.duplicates += 1;
      if (values > previous) {
        owner.validValues += values - previous;
        filled.set(slot, values);
      }
    }
  }
  return days;
}

/** The compact per-site arrays the `site_health` collection stores (index 0 = `firstDay`). */
export function toHealthArrays(days: readonly DayCount[]): {
  firstDay: IsoDay;
  expected: number[];
  receivedSlots: number[];
  validValues: number[];
  reports: number[];
} {
  return {
    firstDay: days[0]?.day ?? '1970-01-01',
    expected: days.map((d) => d.expected),
    receivedSlots: days.map((d) => d.receivedSlots),
    validValues: days.map((d) => d.validValues),
    reports: days.map((d) => d.reports),
  };
}
