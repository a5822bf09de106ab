import { z } from 'zod';
import type { CalibrationRecord, Equipment, PatrolEvent } from '../domain/index';
import { addDays, dayOf, daysBetween, type IsoDay } from '../health/days';

/**
 * The calibration and verification register (检定/校准台账): for each instrument, whether its
 * certificate is still in force — the one rule the register screens, the check-in warning, the
 * service and the monthly report's KPI ask.
 *
 * The rule in words:
 *   - an instrument's certificates are the `calibration` patrol events naming it; a certificate that
 *     names an earlier one in `supersedesId` corrects it (the earlier one no longer counts);
 *   - the certificate in force is the one with the latest test day (then the platform's receipt or the
 *     device time, whichever is earlier; then id) — whatever order the events arrive in;
 *   - its interval is the one the certificate states, else the province policy's for the instrument's
 *     role (null there: that role needs none — `not_required` until a certificate states one);
 *   - it is due on the test day plus that many calendar months (the 31st falls back to the month's last
 *     day) and valid through the day before: `overdue` from the due day (Asia/Shanghai), `due_soon` in
 *     the last `dueSoonDays` days before it, else `ok`;
 *   - a failed certificate (检定结果通知书) is `failed` until a passing one with a later day follows;
 *   - without any certificate, an instrument with an installation day is taken as verified on that day
 *     (出厂检定) and judged from it; without either it is `unrecorded` — never shown as in order.
 * The demo's intervals are plausible defaults, not a rule from the operator's documents.
 */
const months = z.number().int().min(1).max(120);
export const calibrationPolicySchema = z
  .object({
    /** Interval per equipment role, months (null: that role needs no certificate). */
    intervalMonths: z
      .object({
        meter: months.nullable(),
        analyser: months.nullable(),
        rtu: months.nullable(),
        level_sensor: months.nullable(),
        gnss: months.nullable(),
      })
      .strict(),
    /** How many days before its due day an instrument is listed as due soon. */
    dueSoonDays: z.number().int().min(0).max(365),
  })
  .strict();
export type CalibrationPolicy = z.infer<typeof calibrationPolicySchema>;

/** Demo defaults: flowmeters every two years, analysers, RTUs and level sensors yearly, GNSS never. */
export const demoCalibrationPolicy: CalibrationPolicy = {
  intervalMonths: { meter: 24, analyser: 12, rtu: 12, level_sensor: 12, gnss: null },
  dueSoonDays: 30,
};

export const calibrationStatuses = [
  'overdue',
  'failed',
  'unrecorded',
  'due_soon',
  'ok',
  'not_required',
] as const;
export type CalibrationStatus = (typeof calibrationStatuses)[number];

/** One certificate as the register reads it: the record and who saw it, when, with which photos. */
export type CalibrationEntry = {
  readonly id: string;
  readonly patrolId: string;
  readonly siteId: string;
  readonly record: CalibrationRecord;
  readonly photoIds: readonly string[];
  readonly note: string | null;
  readonly operatorId: string;
  /** The platform's receipt or the device time, whichever is earlier. */
  readonly at: number;
};

export type InstrumentCalibration = {
  readonly equipmentId: string;
  readonly siteId: string;
  readonly role: Equipment['role'];
  readonly status: CalibrationStatus;
  /** The certificate in force (null: none recorded). */
  readonly last: CalibrationEntry | null;
  /** Where the due day comes from: a certificate, the installation day, or nothing. */
  readonly basis: 'certificate' | 'installed' | null;
  readonly intervalMonths: number | null;
  /** The first day the instrument is out of calibration (null: failed, unrecorded or not required). */
  readonly nextDue: IsoDay | null;
  /** Whole days from today to the due day (negative: overdue by); null without a due day. */
  readonly daysLeft: number | null;
};

type Instrument = Pick<Equipment, 'id' | 'siteId' | 'role' | 'installedOn'>;

/** Every certificate of the events given, corrected ones left out. */
export function calibrationEntriesOf(events: readonly PatrolEvent[]): CalibrationEntry[] {
  const certificates = events.filter(
    (e): e is PatrolEvent & { calibration: CalibrationRecord } =>
      e.type === 'calibration' && e.calibration !== null && e.calibration !== undefined,
  );
  const corrected = new Set(certificates.flatMap((e) => (e.supersedesId ? [e.supersedesId] : [])));
  return certificates
    .filter((e) => !corrected.has(e.id))
    .map((e) => ({
      id: e.id,
      patrolId: e.patrolId,
      siteId: e.siteId,
      record: e.calibration,
      photoIds: e.photoIds,
      note: e.note,
      operatorId: e.operatorId,
      at:
        e.receivedAt === null || e.receivedAt === undefined
          ? e.recordedAt
          : Math.min(e.recordedAt, e.receivedAt),
    }));
}

/** Adds calendar months to a day; a day past the target month's end falls back to its last day. */
export function addMonths(day: IsoDay, n: number): IsoDay {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (v: number, w = 2) => String(v).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, last))}`;
}

function inForce(a: CalibrationEntry, b: CalibrationEntry): number {
  return (
    b.record.calibratedOn.localeCompare(a.record.calibratedOn) || b.at - a.at || b.id.localeCompare(a.id)
  );
}

/**
 * One instrument's verdict at `now` from the certificates given (any instrument's or site's; only its
 * own, recorded at its site, count).
 */
export function judgeCalibration(
  instrument: Instrument,
  entries: readonly CalibrationEntry[],
  policy: CalibrationPolicy,
  now: number,
): InstrumentCalibration {
  // Only certificates recorded at the instrument's own site count: one filed under another site (a
  // refused push still on a laptop, a mistaken pick) must not make this instrument look calibrated.
  const own = entries
    .filter((e) => e.record.equipmentId === instrument.id && e.siteId === instrument.siteId)
    .sort(inForce);
  const last = own[0] ?? null;
  const interval = last?.record.intervalMonths ?? policy.intervalMonths[instrument.role];
  const base = { equipmentId: instrument.id, siteId: instrument.siteId, role: instrument.role, last };
  const none = { basis: null, nextDue: null, daysLeft: null };
  if (last !== null && last.record.result === 'fail') {
    return { ...base, status: 'failed', ...none, basis: 'certificate', intervalMonths: interval };
  }
  if (interval === null) {
    return { ...base, status: 'not_required', ...none, intervalMonths: null };
  }
  const from = last?.record.calibratedOn ?? instrument.installedOn;
  if (from === null) {
    return { ...base, status: 'unrecorded', ...none, intervalMonths: interval };
  }
  const nextDue = addMonths(from, interval);
  const daysLeft = daysBetween(dayOf(now), nextDue);
  const status: CalibrationStatus =
    daysLeft <= 0 ? 'overdue' : daysLeft <= policy.dueSoonDays ? 'due_soon' : 'ok';
  return {
    ...base,
    status,
    basis: last === null ? 'installed' : 'certificate',
    intervalMonths: interval,
    nextDue,
    daysLeft,
  };
}

/** Every instrument's verdict, most urgent first (overdue, failed, unrecorded, due soon; then due day). */
export function judgeCalibrations(
  instruments: readonly Instrument[],
  events: readonly PatrolEvent[],
  policy: CalibrationPolicy,
  now: number,
): InstrumentCalibration[] {
  // A province holds thousands of instruments: each is judged from its own certificates only.
  const byInstrument = new Map<string, CalibrationEntry[]>();
  for (const entry of calibrationEntriesOf(events)) {
    const list = byInstrument.get(entry.record.equipmentId);
    if (list === undefined) {
      byInstrument.set(entry.record.equipmentId, [entry]);
    } else {
      list.push(entry);
    }
  }
  const rank = (s: CalibrationStatus) => calibrationStatuses.indexOf(s);
  return instruments
    .map((i) => judgeCalibration(i, byInstrument.get(i.id) ?? [], policy, now))
    .sort(
      (a, b) =>
        rank(a.status) - rank(b.status) ||
        (a.nextDue ?? '').localeCompare(b.nextDue ?? '') ||
        a.equipmentId.localeCompare(b.equipmentId),
    );
}

/** Out of calibration now: overdue, or failed its last test. */
export function outOfCalibration(v: Pick<InstrumentCalibration, 'status'>): boolean {
  return v.status === 'overdue' || v.status === 'failed';
}

/** The last day a certificate is in force (the day before it is due), for "valid until" labels. */
export function validThrough(v: Pick<InstrumentCalibration, 'nextDue'>): IsoDay | null {
  return v.nextDue === null ? null : addDays(v.nextDue, -1);
}
