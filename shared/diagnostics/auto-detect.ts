import type { SerialSettings } from '../domain/schemas/equipment';
import type { LineCauseKind } from '../protocols/common/line-cause';
import type { Result } from '../result';

/**
 * 自动识别: which line settings and unit id a silent meter answers on. Each attempt costs a timeout
 * when nothing answers, so the plan is ordered most likely first — the equipment record's own
 * settings, then the factory default of most Chinese meters (9600 8N1, unit 1), then other common
 * rates and parities, and only then other unit ids.
 */
export type DetectCandidate = {
  readonly baudRate: number;
  readonly parity: SerialSettings['parity'];
  readonly dataBits: 8;
  readonly stopBits: 1 | 2;
  readonly unitId: number;
};

export type DetectPlanInput = {
  readonly baudRates?: readonly number[];
  readonly parities?: readonly SerialSettings['parity'][];
  readonly unitIds?: readonly number[];
  /** Settings known for this equipment (registry or profile defaults): tried first. */
  readonly preferred?: readonly Partial<DetectCandidate>[];
  /** Stop after this many attempts (a whole scan of 1–247 units is never what a crew wants). */
  readonly limit?: number;
};

const baudLikelihood = [9600, 19200, 4800, 2400, 38400, 115200, 57600, 1200];
const parityLikelihood: readonly SerialSettings['parity'][] = ['none', 'even', 'odd'];
export const defaultDetectBaudRates = [9600, 19200, 4800, 2400, 38400, 115200] as const;
export const defaultDetectUnitIds = [1, 2, 3, 4, 5, 10, 247] as const;

function rank(list: readonly unknown[], value: unknown): number {
  const i = list.indexOf(value);
  return i < 0 ? list.length : i;
}

export function candidateKey(c: DetectCandidate): string {
  return `${c.baudRate}-${c.dataBits}${c.parity[0]?.toUpperCase() ?? 'N'}${c.stopBits}-u${c.unitId}`;
}

export function detectPlan(input: DetectPlanInput = {}): DetectCandidate[] {
  const bauds = input.baudRates ?? defaultDetectBaudRates;
  const parities = input.parities ?? ['none', 'even'];
  const units = input.unitIds ?? defaultDetectUnitIds;
  const all: { c: DetectCandidate; score: number }[] = [];
  for (const unitId of units) {
    for (const baudRate of bauds) {
      for (const parity of parities) {
        // A unit id beyond the first costs more than any line setting: scan settings at unit 1 first.
        const score =
          rank(units, unitId) * 100 + rank(parityLikelihood, parity) * 10 + rank(baudLikelihood, baudRate);
        all.push({ c: { baudRate, parity, dataBits: 8, stopBits: 1, unitId }, score });
      }
    }
  }
  all.sort((a, b) => a.score - b.score);
  const out: DetectCandidate[] = [];
  const seen = new Set<string>();
  const push = (c: DetectCandidate) => {
    const key = candidateKey(c);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  };
  for (const p of input.preferred ?? []) {
    push({
      baudRate: p.baudRate ?? 9600,
      parity: p.parity ?? 'none',
      dataBits: 8,
      stopBits: p.stopBits ?? 1,
      unitId: p.unitId ?? 1,
    });
  }
  all.forEach((a) => push(a.c));
  return out.slice(0, input.limit ?? 200);
}

/** What one attempt saw. An exception reply still proves a device with that unit id is there. */
export type DetectOutcome = 'reply' | 'exception' | 'timeout' | 'bad-crc' | 'garbage' | 'wrong-unit';

/**
 * How one probe ended, read from the coded cause of its failure (never from message text): a reply,
 * an exception reply (a device is there), silence, a bad checksum, another unit's reply, or bytes that
 * are no frame (an incomplete or malformed reply — wrong settings, usually).
 */
export function probeOutcome(result: Result<unknown>): DetectOutcome {
  if (result.ok) {
    return 'reply';
  }
  const kind = result.error.cause?.kind;
  return kind === undefined ? 'garbage' : (probeOutcomes[kind] ?? 'garbage');
}

const probeOutcomes: Partial<Record<LineCauseKind, DetectOutcome>> = {
  'device-exception': 'exception',
  timeout: 'timeout',
  'crc-mismatch': 'bad-crc',
  'wrong-unit': 'wrong-unit',
};

/** The unit that answered instead of the one asked (a device is there), or null. */
export function answeringUnit(result: Result<unknown>): number | null {
  if (result.ok || result.error.cause?.kind !== 'wrong-unit') {
    return null;
  }
  const unit = result.error.cause.unitId;
  return unit !== undefined && unit >= 1 && unit <= 247 ? unit : null;
}

export type DetectAttempt = {
  readonly candidate: DetectCandidate;
  readonly outcome: DetectOutcome;
  /** Bytes received during the attempt (any kind). */
  readonly bytesReceived: number;
};

export type DetectSummary = {
  readonly found: readonly DetectCandidate[];
  readonly attempts: number;
  /** Codes the page turns into advice. */
  readonly hints: readonly (
    'noise-at-some-rates' | 'silent' | 'cancelled' | 'several-devices' | 'out-of-time'
  )[];
  /** Line settings where bytes came back but never a valid frame (likely near the right setting). */
  readonly noisySettings: readonly string[];
};

export function summarizeDetect(
  attempts: readonly DetectAttempt[],
  cancelled = false,
  outOfTime = false,
): DetectSummary {
  const found = attempts
    .filter((a) => a.outcome === 'reply' || a.outcome === 'exception')
    .map((a) => a.candidate);
  const noisy = new Set<string>();
  for (const a of attempts) {
    if ((a.outcome === 'bad-crc' || a.outcome === 'garbage') && a.bytesReceived > 0) {
      noisy.add(
        `${a.candidate.baudRate} ${a.candidate.dataBits}${a.candidate.parity[0]?.toUpperCase()}${a.candidate.stopBits}`,
      );
    }
  }
  const hints: DetectSummary['hints'][number][] = [];
  if (cancelled) {
    hints.push('cancelled');
  }
  if (outOfTime) {
    hints.push('out-of-time');
  }
  if (found.length === 0 && noisy.size > 0) {
    hints.push('noise-at-some-rates');
  }
  if (found.length === 0 && noisy.size === 0 && !cancelled && !outOfTime) {
    hints.push('silent');
  }
  if (new Set(found.map((f) => f.unitId)).size > 1) {
    hints.push('several-devices');
  }
  return { found, attempts: attempts.length, hints, noisySettings: [...noisy] };
}
