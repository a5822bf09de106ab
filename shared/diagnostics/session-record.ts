import {
  diagnosticSessionSchema,
  type DiagnosticSession,
  type PollingRunRecord,
} from '../domain/schemas/diagnostic-session';
import type { SerialSettings } from '../domain/schemas/equipment';
import type { ProtocolId } from '../domain/primitives';
import { provenanceOf, type Author } from '../patrol/author';
import type { LabelledText } from '../protocols/common/label';
import { fail, ok, type Result } from '../result';
import type { RtuSnapshot } from './rtu-snapshot';

/** A frame as the host recorded it (the diagnostics events carry exactly this). */
export type RecordedFrame = {
  readonly at: number;
  readonly direction: 'tx' | 'rx';
  readonly hex: string;
  /** Decoded summary (or error) in words, when a decoder recognised the frame. */
  readonly summary: string | null;
  /**
   * The same summary with its protocol names as labels, for the reader's language. Live only: a saved
   * session keeps `summary` as the frame's note.
   */
  readonly summaryParts?: LabelledText;
};

export type SessionInput = {
  readonly site: { readonly id: string; readonly divisionCode: string };
  readonly equipmentId: string | null;
  readonly patrolId: string | null;
  readonly faultId: string | null;
  readonly protocol: ProtocolId;
  readonly portPath: string;
  readonly serial: SerialSettings;
  readonly startedAt: number;
  readonly frames: readonly RecordedFrame[];
  readonly values: readonly {
    name: string;
    names?: { readonly zh: string; readonly en: string };
    value: number | string | boolean;
    unit: string | null;
  }[];
  readonly verdicts: readonly {
    rule: string;
    outcome: 'ok' | 'warning' | 'fault';
    message: string;
    code?: string;
    params?: Readonly<Record<string, string | number>>;
  }[];
  readonly snapshot: RtuSnapshot | null;
  readonly summary: string | null;
  /** Polling runs watched during the session, already bounded (the schema refuses more points). */
  readonly pollingRuns?: readonly PollingRunRecord[];
};

const limits = { frames: 5000, values: 500, verdicts: 100, hex: 8192, note: 200, snapshot: 20_000 };

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Builds the append-only DiagnosticSession record. A long session keeps its most recent frames (the
 * ones around the verdicts) and says how many were left out, rather than failing to save.
 */
export function buildDiagnosticSession(input: SessionInput, author: Author): Result<DiagnosticSession> {
  const at = author.now();
  const dropped = Math.max(0, input.frames.length - limits.frames);
  const frames = input.frames.slice(dropped).map((f) => ({
    at: Math.round(f.at),
    direction: f.direction,
    hex: clip(f.hex, limits.hex),
    note: f.summary === null ? null : clip(f.summary, limits.note),
  }));
  let snapshotJson = input.snapshot === null ? null : JSON.stringify(input.snapshot);
  if (snapshotJson !== null && snapshotJson.length > limits.snapshot) {
    snapshotJson = JSON.stringify({ ...input.snapshot, values: null });
  }
  const summaryParts = [input.summary, dropped > 0 ? `${dropped} earlier frames not kept` : null].filter(
    (s): s is string => s !== null && s !== '',
  );
  const record = {
    id: author.newId(),
    siteId: input.site.id,
    divisionCode: input.site.divisionCode,
    equipmentId: input.equipmentId,
    patrolId: input.patrolId,
    faultId: input.faultId,
    protocol: input.protocol,
    portPath: clip(input.portPath, 200),
    serial: input.serial,
    startedAt: Math.min(input.startedAt, at),
    endedAt: at,
    frames,
    values: input.values.slice(0, limits.values).map((v) => ({
      name: clip(v.name, 80),
      ...(v.names ? { names: { zh: clip(v.names.zh, 80), en: clip(v.names.en, 80) } } : {}),
      value: typeof v.value === 'string' ? clip(v.value, 200) : v.value,
      unit: v.unit === null ? null : clip(v.unit, 20),
    })),
    verdicts: input.verdicts.slice(0, limits.verdicts).map((v) => ({
      rule: clip(v.rule, 80),
      outcome: v.outcome,
      message: clip(v.message, 500),
      ...(v.code === undefined ? {} : { code: v.code }),
      ...(v.params === undefined
        ? {}
        : {
            params: Object.fromEntries(
              Object.entries(v.params).map(([k, p]) => [k, typeof p === 'string' ? clip(p, 200) : p]),
            ),
          }),
    })),
    snapshotJson,
    summary: summaryParts.length === 0 ? null : clip(summaryParts.join('; '), 1000),
    ...(input.pollingRuns === undefined || input.pollingRuns.length === 0
      ? {}
      : { pollingRuns: input.pollingRuns.slice(-5) }),
    ...provenanceOf(author, at),
  };
  const parsed = diagnosticSessionSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(
      'invalid-argument',
      `diagnostic session: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return ok(parsed.data);
}

/** Worst outcome of a session's verdicts (for lists and the site page). */
export function sessionOutcome(
  verdicts: readonly { outcome: 'ok' | 'warning' | 'fault' }[],
): 'ok' | 'warning' | 'fault' | 'none' {
  if (verdicts.length === 0) {
    return 'none';
  }
  if (verdicts.some((v) => v.outcome === 'fault')) {
    return 'fault';
  }
  return verdicts.some((v) => v.outcome === 'warning') ? 'warning' : 'ok';
}

/** The previous visit's session of the site: the latest one with a snapshot, before `before`. */
export function previousSnapshotSession<T extends { startedAt: number; snapshotJson: string | null }>(
  sessions: readonly T[],
  before: number,
): T | null {
  let best: T | null = null;
  for (const s of sessions) {
    if (s.snapshotJson !== null && s.startedAt < before && (best === null || s.startedAt > best.startedAt)) {
      best = s;
    }
  }
  return best;
}
