import { z } from 'zod';

/**
 * 配置快照: what an SZY206 / SL/T 427 terminal said about its configuration during a visit. Kept in
 * the DiagnosticSession (snapshotJson) so the next visit can show what changed, and compared with the
 * registry so a crew sees at once a wrong clock, a terminal left in debug mode or a report interval
 * that does not match what the platform expects (the reporting rate is counted against it).
 */
export const workModes = ['compatible', 'self-report', 'query-answer', 'debug'] as const;
export const rtuSnapshotSchema = z
  .object({
    readAt: z.number(),
    /** Terminal clock minus host clock, seconds (null: not read). */
    clockOffsetSeconds: z.number().nullable(),
    rtuClock: z.string().max(40).nullable(),
    workMode: z.enum(workModes).nullable(),
    /** Self-report interval per data kind, minutes. */
    intervals: z
      .array(z.object({ kind: z.string().max(40), minutes: z.number().int().min(0) }).strict())
      .max(32)
      .nullable(),
    alarms: z.array(z.string().max(60)).max(32).nullable(),
    status: z.array(z.string().max(60)).max(32).nullable(),
    values: z
      .array(z.object({ name: z.string().max(60), value: z.number(), unit: z.string().max(20) }).strict())
      .max(64)
      .nullable(),
  })
  .strict();
export type RtuSnapshot = z.infer<typeof rtuSnapshotSchema>;

export const emptySnapshot = (readAt: number): RtuSnapshot => ({
  readAt,
  clockOffsetSeconds: null,
  rtuClock: null,
  workMode: null,
  intervals: null,
  alarms: null,
  status: null,
  values: null,
});

export type DriftField = 'clock' | 'workMode' | 'interval' | 'alarms';
export type DriftReason =
  | 'clock-off'
  | 'clock-far-off'
  | 'debug-mode'
  | 'query-only-mode'
  | 'interval-vs-registry'
  | 'changed-since-last-visit'
  | 'alarm-active';

export type DriftItem = {
  readonly field: DriftField;
  readonly key: string;
  readonly severity: 'warning' | 'fault';
  readonly reason: DriftReason;
  /** Numbers or codes (work modes, alarms) — never words: readers render them in their language. */
  readonly current: string;
  readonly expected: string | null;
  readonly previous: string | null;
  /** The unit of `current`, `expected` and `previous` when they are quantities (seconds, minutes). */
  readonly unit: 's' | 'min' | null;
};

export type DriftThresholds = { readonly clockWarnSeconds: number; readonly clockFaultSeconds: number };
export const defaultDriftThresholds: DriftThresholds = { clockWarnSeconds: 60, clockFaultSeconds: 600 };

/** Parses a stored snapshot; a damaged or foreign one is treated as absent, never as a crash. */
export function parseSnapshot(json: string | null | undefined): RtuSnapshot | null {
  if (json === null || json === undefined || json === '') {
    return null;
  }
  try {
    const parsed = rtuSnapshotSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Drift of a snapshot against the registry (the site's report interval) and the previous visit's
 * snapshot. Only fields that were read this time are judged.
 */
export function snapshotDrift(
  current: RtuSnapshot,
  registry: { readonly reportIntervalMinutes: number | null },
  previous: RtuSnapshot | null,
  thresholds: DriftThresholds = defaultDriftThresholds,
): DriftItem[] {
  const out: DriftItem[] = [];
  if (current.clockOffsetSeconds !== null) {
    const off = Math.abs(current.clockOffsetSeconds);
    if (off > thresholds.clockWarnSeconds) {
      out.push({
        field: 'clock',
        key: 'clock',
        severity: off > thresholds.clockFaultSeconds ? 'fault' : 'warning',
        reason: off > thresholds.clockFaultSeconds ? 'clock-far-off' : 'clock-off',
        current: `${Math.round(current.clockOffsetSeconds)}`,
        expected: `±${thresholds.clockWarnSeconds}`,
        previous: previous?.clockOffsetSeconds == null ? null : `${Math.round(previous.clockOffsetSeconds)}`,
        unit: 's',
      });
    }
  }
  if (current.workMode !== null) {
    const prev = previous?.workMode ?? null;
    if (current.workMode === 'debug' || current.workMode === 'query-answer') {
      out.push({
        field: 'workMode',
        key: 'workMode',
        severity: 'warning',
        reason: current.workMode === 'debug' ? 'debug-mode' : 'query-only-mode',
        current: current.workMode,
        expected: 'self-report',
        previous: prev,
        unit: null,
      });
    } else if (prev !== null && prev !== current.workMode) {
      out.push({
        field: 'workMode',
        key: 'workMode',
        severity: 'warning',
        reason: 'changed-since-last-visit',
        current: current.workMode,
        expected: null,
        previous: prev,
        unit: null,
      });
    }
  }
  for (const i of current.intervals ?? []) {
    if (i.minutes === 0) {
      continue; // kind not reported by this terminal
    }
    const prev = previous?.intervals?.find((p) => p.kind === i.kind) ?? null;
    if (registry.reportIntervalMinutes !== null && i.minutes !== registry.reportIntervalMinutes) {
      out.push({
        field: 'interval',
        key: `interval.${i.kind}`,
        severity: 'warning',
        reason: 'interval-vs-registry',
        current: `${i.minutes}`,
        expected: `${registry.reportIntervalMinutes}`,
        previous: prev === null ? null : `${prev.minutes}`,
        unit: 'min',
      });
    } else if (prev !== null && prev.minutes !== i.minutes) {
      out.push({
        field: 'interval',
        key: `interval.${i.kind}`,
        severity: 'warning',
        reason: 'changed-since-last-visit',
        current: `${i.minutes}`,
        expected: null,
        previous: `${prev.minutes}`,
        unit: 'min',
      });
    }
  }
  for (const a of current.alarms ?? []) {
    out.push({
      field: 'alarms',
      key: `alarm.${a}`,
      severity: 'warning',
      reason: 'alarm-active',
      current: a,
      expected: null,
      previous: (previous?.alarms ?? []).includes(a) ? a : null,
      unit: null,
    });
  }
  return out;
}
