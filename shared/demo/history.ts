import type { LastValue, Site, SiteHealth } from '../domain/index';
import { healthWindowDays } from '../domain/index';
import { slotsStartingOn } from '../health/counting';
import { addDays, dayStart } from '../health/days';
import type { Random } from './random';

/**
 * How a demo site behaved over the window. Most report well; the rest show the troubles crews chase:
 * lossy links, outages, dead RTUs, stuck meters, wrong clocks, late uploads.
 */
export const historyProfiles = [
  'healthy',
  'flaky',
  'outage',
  'silent',
  'stuck',
  'clock_skew',
  'late',
] as const;
export type HistoryProfile = (typeof historyProfiles)[number];

export const profileWeights: readonly (readonly [HistoryProfile, number])[] = [
  ['healthy', 0.72],
  ['flaky', 0.1],
  ['outage', 0.08],
  ['silent', 0.025],
  ['stuck', 0.03],
  ['clock_skew', 0.025],
  ['late', 0.02],
];

/** How many of `n` slots are lost at probability `p` each — by geometric skips, O(losses) draws. */
function binomialLoss(random: Random, n: number, p: number): number {
  if (n <= 0 || p <= 0) {
    return 0;
  }
  if (p >= 1) {
    return n;
  }
  const logQ = Math.log(1 - p);
  let lost = 0;
  let i = -1;
  for (;;) {
    i += 1 + Math.floor(Math.log(1 - random.next()) / logQ);
    if (i >= n) {
      return lost;
    }
    lost += 1;
  }
}

type Window = {
  readonly firstDay: string;
  readonly days: readonly string[];
  readonly slots: Map<number, number[]>;
};
let lastWindow: Window | null = null;

/** The window's days and slot counts, computed once per end day (date arithmetic dominated otherwise). */
function windowFor(endDay: string): Window {
  const firstDay = addDays(endDay, -(healthWindowDays - 1));
  if (lastWindow?.firstDay !== firstDay) {
    const days = Array.from({ length: healthWindowDays }, (_, i) => addDays(firstDay, i));
    lastWindow = { firstDay, days, slots: new Map() };
  }
  return lastWindow;
}

function slotsOf(window: Window, intervalMinutes: number): number[] {
  let slots = window.slots.get(intervalMinutes);
  if (slots === undefined) {
    slots = window.days.map((d) => slotsStartingOn(d, intervalMinutes));
    window.slots.set(intervalMinutes, slots);
  }
  return slots;
}

/** The compact 90-day history document of one site, ending on `endDay`. */
export function demoSiteHealth(
  site: Site,
  profile: HistoryProfile,
  endDay: string,
  random: Random,
  updatedAt: number,
): SiteHealth {
  const days = healthWindowDays;
  const window = windowFor(endDay);
  const firstDay = window.firstDay;
  const slots = slotsOf(window, site.reportIntervalMinutes);
  const elements = site.elements.length;
  const expected: number[] = [];
  const receivedSlots: number[] = [];
  const validValues: number[] = [];
  const reports: number[] = [];
  const outageStart = random.int(0, days - 3);
  const outageLength = random.int(2, 25);
  const silentFrom = days - random.int(10, days);
  const skewStart = random.int(0, days - 6);
  const skewLength = random.int(1, 5);
  const stuckFrom = random.int(0, days - 10);
  const flakiness = random.between(0.03, 0.16);
  const lateShare = random.between(0.06, 0.2);
  let lastDayWithData = -1;
  for (let i = 0; i < days; i += 1) {
    const day = window.days[i] ?? firstDay;
    const e = day >= site.registeredOn && site.status === 'active' ? (slots[i] ?? 0) : 0;
    let r = e - binomialLoss(random, e, 0.004);
    let raw = r + (random.chance(0.1) ? random.int(1, 3) : 0); // occasional duplicates
    let values = r * elements;
    switch (profile) {
      case 'healthy':
        break;
      case 'flaky':
        r = e - binomialLoss(random, e, random.chance(0.5) ? flakiness : 0.01);
        raw = r + random.int(0, 2);
        values = r * elements;
        break;
      case 'outage':
        if (i >= outageStart && i < outageStart + outageLength) {
          r = 0;
          raw = 0;
          values = 0;
        }
        break;
      case 'silent':
        if (i >= silentFrom) {
          r = 0;
          raw = 0;
          values = 0;
        }
        break;
      case 'stuck':
        // The meter's register stopped moving: reports arrive, one element is flagged abnormal.
        if (i >= stuckFrom) {
          values = r * Math.max(0, elements - 1);
        }
        break;
      case 'clock_skew':
        // The RTU clock ran hours ahead: reports arrive but cannot be placed in a slot.
        if (i >= skewStart && i < skewStart + skewLength) {
          raw = e;
          r = 0;
          values = 0;
        }
        break;
      case 'late':
        // Uploads batched after the allowed delay: received, not counted.
        {
          const late = binomialLoss(random, r, lateShare);
          r -= late;
          values = r * elements;
        }
        break;
    }
    if (e === 0) {
      r = 0;
      raw = 0;
      values = 0;
    }
    expected.push(e);
    receivedSlots.push(r);
    validValues.push(values);
    reports.push(raw);
    if (r > 0) {
      lastDayWithData = i;
    }
  }
  const lastReportAt =
    lastDayWithData < 0
      ? null
      : dayStart(addDays(firstDay, lastDayWithData)) +
        random.int(20, 23) * 3_600_000 +
        random.int(0, 59) * 60_000;
  return {
    id: site.id,
    siteId: site.id,
    divisionCode: site.divisionCode,
    firstDay,
    expected,
    receivedSlots,
    validValues,
    reports,
    elementsConfigured: elements,
    lastReportAt,
    lastValues: lastReportAt === null ? [] : lastValues(site, lastReportAt, random),
    updatedAt,
  };
}

function lastValues(site: Site, at: number, random: Random): LastValue[] {
  const make = (element: string): LastValue | null => {
    switch (element) {
      case 'volume':
        return { element, value: random.int(10_000, 9_000_000), unit: 'm³', at };
      case 'flow':
        return { element, value: Math.round(random.between(5, 900) * 10) / 10, unit: 'm³/h', at };
      case 'level':
        return { element, value: Math.round(random.between(800, 2200) * 100) / 100, unit: 'm', at };
      case 'ph':
        return { element, value: Math.round(random.between(6.6, 8.4) * 100) / 100, unit: 'pH', at };
      case 'do':
        return { element, value: Math.round(random.between(5, 9) * 100) / 100, unit: 'mg/L', at };
      case 'codmn':
        return { element, value: Math.round(random.between(1, 4) * 100) / 100, unit: 'mg/L', at };
      case 'nh3n':
        return { element, value: Math.round(random.between(0.05, 0.5) * 1000) / 1000, unit: 'mg/L', at };
      case 'tp':
        return { element, value: Math.round(random.between(0.01, 0.1) * 1000) / 1000, unit: 'mg/L', at };
      default:
        return null;
    }
  };
  return site.elements.map(make).filter((v): v is LastValue => v !== null);
}
