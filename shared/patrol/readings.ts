import type { LastValue, Reading } from '../domain/index';
import { fail, ok, type Result } from '../result';
import { swapShift, type CounterSwap } from '../verdicts/counter-swap';
import { provenanceOf, type Author } from './author';

/**
 * What the crew reads at a site and in which units. Each element has one canonical unit (the one the
 * platform stores); other accepted units convert to it. A unit not listed is refused: a reading in
 * the wrong unit is a classic source of 错报.
 */
export type ElementSpec = {
  readonly unit: string;
  /** Accepted units and their factor to the canonical unit. */
  readonly units: Readonly<Record<string, number>>;
  /** A counter that only grows (cumulative volume). */
  readonly cumulative: boolean;
  /** Relative tolerance beyond which the difference from the platform is flagged. */
  readonly relTolerance: number;
  /** Absolute tolerance (for values near zero, pH, voltages). */
  readonly absTolerance: number;
  /**
   * The range a value can physically take, in the canonical unit; a value outside is refused (not
   * saved with a flag). Instantaneous flow and cumulative volume of an intake are never negative: a
   * meter showing a negative flow is miswired or reversed, which is a fault to open, not a reading.
   */
  readonly min: number;
  readonly max: number;
};

export const elementSpecs: Readonly<Record<string, ElementSpec>> = {
  volume: {
    unit: 'm³',
    units: { 'm³': 1, m3: 1, L: 0.001, '万m³': 10_000 },
    cumulative: true,
    relTolerance: 0.01,
    absTolerance: 1,
    min: 0,
    max: 1e12,
  },
  flow: {
    unit: 'm³/h',
    units: { 'm³/h': 1, 'm3/h': 1, 'm³/s': 3600, 'L/s': 3.6 },
    cumulative: false,
    relTolerance: 0.05,
    absTolerance: 0.01,
    min: 0,
    max: 10_000_000,
  },
  level: {
    unit: 'm',
    units: { m: 1, cm: 0.01, mm: 0.001 },
    cumulative: false,
    relTolerance: 0.02,
    absTolerance: 0.02,
    min: -1000,
    max: 10_000,
  },
  velocity: {
    unit: 'm/s',
    units: { 'm/s': 1 },
    cumulative: false,
    relTolerance: 0.05,
    absTolerance: 0.01,
    min: -20,
    max: 20,
  },
  cod: {
    unit: 'mg/L',
    units: { 'mg/L': 1 },
    cumulative: false,
    relTolerance: 0.1,
    absTolerance: 0.5,
    min: 0,
    max: 100_000,
  },
  codmn: {
    unit: 'mg/L',
    units: { 'mg/L': 1 },
    cumulative: false,
    relTolerance: 0.1,
    absTolerance: 0.2,
    min: 0,
    max: 10_000,
  },
  nh3n: {
    unit: 'mg/L',
    units: { 'mg/L': 1 },
    cumulative: false,
    relTolerance: 0.1,
    absTolerance: 0.05,
    min: 0,
    max: 10_000,
  },
  do: {
    unit: 'mg/L',
    units: { 'mg/L': 1 },
    cumulative: false,
    relTolerance: 0.1,
    absTolerance: 0.2,
    min: 0,
    max: 50,
  },
  ph: {
    unit: 'pH',
    units: { pH: 1 },
    cumulative: false,
    relTolerance: 0,
    absTolerance: 0.2,
    min: 0,
    max: 14,
  },
  turbidity: {
    unit: 'NTU',
    units: { NTU: 1 },
    cumulative: false,
    relTolerance: 0.1,
    absTolerance: 1,
    min: 0,
    max: 100_000,
  },
  conductivity: {
    unit: 'μS/cm',
    units: { 'μS/cm': 1, 'mS/cm': 1000 },
    cumulative: false,
    relTolerance: 0.05,
    absTolerance: 5,
    min: 0,
    max: 1_000_000,
  },
  temperature: {
    unit: '℃',
    units: { '℃': 1, '°C': 1 },
    cumulative: false,
    relTolerance: 0,
    absTolerance: 0.5,
    min: -50,
    max: 100,
  },
  battery: {
    unit: 'V',
    units: { V: 1, mV: 0.001 },
    cumulative: false,
    relTolerance: 0,
    absTolerance: 0.3,
    min: 0,
    max: 100,
  },
  signal: {
    unit: 'dBm',
    units: { dBm: 1 },
    cumulative: false,
    relTolerance: 0,
    absTolerance: 10,
    min: -150,
    max: 0,
  },
};

export const readingRefusals = [
  'unknown-element',
  'wrong-unit',
  'not-a-number',
  'too-large',
  'below-minimum',
  'above-maximum',
  'missing-session',
  'unknown-reading',
  'correction-reason-required',
  'already-superseded',
  'note-too-long',
  'already-withdrawn',
] as const;
export type ReadingRefusal = (typeof readingRefusals)[number];

/** Converts a value to the element's canonical unit, or refuses a unit the element is not read in. */
export function toCanonical(
  element: string,
  value: number,
  unit: string,
): Result<{ readonly value: number; readonly unit: string }, ReadingRefusal> {
  const spec = elementSpecs[element];
  if (spec === undefined) {
    return fail('unknown-element', `no element ${element}`);
  }
  if (!Number.isFinite(value)) {
    return fail('not-a-number', `${element}: the value is not a number`);
  }
  const factor = spec.units[unit];
  if (factor === undefined) {
    return fail('wrong-unit', `${element} is read in ${Object.keys(spec.units).join(' / ')}, not ${unit}`);
  }
  const canonical = value * factor;
  if (canonical < spec.min) {
    return fail(
      'below-minimum',
      spec.min === 0
        ? `${element} cannot be negative (${value} ${unit})`
        : `${element}: ${value} ${unit} is below ${spec.min} ${spec.unit}`,
    );
  }
  if (canonical > spec.max) {
    return fail('above-maximum', `${element}: ${value} ${unit} is above ${spec.max} ${spec.unit}`);
  }
  return ok({ value: canonical, unit: spec.unit });
}

/** The range of an element in a unit it is read in (for the form's hint and messages); null if unknown. */
export function elementBounds(
  element: string,
  unit: string,
): { readonly min: number; readonly max: number; readonly unit: string } | null {
  const spec = elementSpecs[element];
  const factor = spec?.units[unit];
  return spec === undefined || factor === undefined
    ? null
    : { min: spec.min / factor, max: spec.max / factor, unit };
}

const decimalPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a value as typed in the reading form (`"1234.5"`, `"-3"`, `"2e3"`; a comma or full-width
 * digits are not accepted, so nothing is guessed) and checks it against the element's range in the
 * unit typed. `"abc"` is not a number; `"1e309"` is too large to be a number at all.
 */
export function parseTypedValue(element: string, text: string, unit: string): Result<number, ReadingRefusal> {
  const trimmed = text.trim();
  if (!decimalPattern.test(trimmed)) {
    return fail('not-a-number', `${element}: "${trimmed}" is not a number`);
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    return fail('too-large', `${element}: "${trimmed}" is too large to be a number`);
  }
  const canonical = toCanonical(element, value, unit);
  return canonical.ok ? ok(value) : canonical;
}

export const differenceRules = [
  'unit-mismatch',
  'scale-mismatch',
  'cumulative-decrease',
  'difference-exceeds-tolerance',
] as const;
export type DifferenceRule = (typeof differenceRules)[number];

export type DifferenceFlag = {
  readonly rule: DifferenceRule;
  /** 错报 suspected: the platform's value is probably wrong (or the meter is). */
  readonly suspectedMisreport: true;
  readonly detail: string;
};

export type ReadingComparison = {
  readonly platform: LastValue | null;
  /** New value minus the platform's, in the canonical unit; null without a comparable platform value. */
  readonly difference: number | null;
  readonly relativeDifference: number | null;
  readonly flags: readonly DifferenceFlag[];
  /** The platform value is older than a day: the comparison is weak (values may have moved). */
  readonly platformStale: boolean;
};

const dayMs = 86_400_000;

/**
 * Compares a reading (canonical unit) with the platform's last value for the element, naming each rule
 * that flagged a suspected 错报: a unit the platform stores differently, a power-of-ten ratio
 * (decimal point or scale set wrong in the RTU), a counter going backwards, or a difference beyond
 * the element's tolerance. A cumulative counter may grow after the platform's value, so only growth
 * beyond the tolerance of the later value is flagged.
 */
export function compareWithPlatform(
  reading: { readonly element: string; readonly value: number; readonly takenAt: number },
  platform: LastValue | null,
  swaps: readonly CounterSwap[] = [],
): ReadingComparison {
  const spec = elementSpecs[reading.element];
  if (platform === null || spec === undefined) {
    return { platform, difference: null, relativeDifference: null, flags: [], platformStale: false };
  }
  const platformStale = reading.takenAt - platform.at > dayMs;
  const converted = spec.units[platform.unit];
  if (converted === undefined) {
    return {
      platform,
      difference: null,
      relativeDifference: null,
      platformStale,
      flags: [
        {
          rule: 'unit-mismatch',
          suspectedMisreport: true,
          detail: `platform stores ${reading.element} in ${platform.unit}, expected ${spec.unit}`,
        },
      ],
    };
  }
  const p = platform.value * converted;
  // A meter swapped after the platform's value: the reading is carried onto the old meter's scale (换表).
  const v = spec.cumulative
    ? reading.value + swapShift(swaps, reading.element, platform.at, reading.takenAt)
    : reading.value;
  const difference = v - p;
  const relativeDifference = p === 0 ? null : difference / Math.abs(p);
  const flags: DifferenceFlag[] = [];
  const ratio = p === 0 || v === 0 ? null : Math.abs(v / p);
  const exponent = ratio === null ? 0 : Math.round(Math.log10(ratio));
  if (ratio !== null && exponent !== 0 && Math.abs(ratio / 10 ** exponent - 1) < 0.1) {
    flags.push({
      rule: 'scale-mismatch',
      suspectedMisreport: true,
      detail: `the meter reads 10^${exponent} × the platform value`,
    });
  } else if (spec.cumulative && difference < -spec.absTolerance) {
    flags.push({
      rule: 'cumulative-decrease',
      suspectedMisreport: true,
      detail: `the counter reads ${-difference} ${spec.unit} below the platform's last value`,
    });
  } else {
    const tolerance = Math.max(spec.absTolerance, spec.relTolerance * Math.abs(p));
    if (Math.abs(difference) > tolerance) {
      flags.push({
        rule: 'difference-exceeds-tolerance',
        suspectedMisreport: true,
        detail: `|${round(difference)}| ${spec.unit} > tolerance ${round(tolerance)} ${spec.unit}`,
      });
    }
  }
  return { platform, difference, relativeDifference, flags, platformStale };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export type ReadingInput = {
  readonly siteId: string;
  readonly divisionCode: string;
  readonly patrolId: string | null;
  readonly equipmentId: string | null;
  readonly element: string;
  readonly value: number;
  readonly unit: string;
  readonly source: Reading['source'];
  readonly diagnosticSessionId: string | null;
  readonly note: string | null;
  /** A correction of an earlier reading names it; the earlier one stays. */
  readonly supersedes?: Reading | null;
};

/** Builds a reading record in the canonical unit (the typed value and unit go in the note if converted). */
export function buildReading(input: ReadingInput, author: Author): Result<Reading, ReadingRefusal> {
  const canonical = toCanonical(input.element, input.value, input.unit);
  if (!canonical.ok) {
    return canonical;
  }
  if (input.source === 'diagnostic' && input.diagnosticSessionId === null) {
    return fail('missing-session', 'a reading taken from a diagnostic session names the session');
  }
  if (input.supersedes && input.supersedes.siteId !== input.siteId) {
    return fail('unknown-reading', 'a correction must supersede a reading of the same site');
  }
  if (input.supersedes && (input.note ?? '').trim().length === 0) {
    return fail('correction-reason-required', 'a correction of a reading needs the reason');
  }
  const converted = canonical.value.unit !== input.unit;
  const at = author.now();
  const typed = converted ? `${input.value} ${input.unit}` : null;
  const note = [typed, input.note?.trim() || null].filter((s): s is string => s !== null).join(' · ');
  if (note.length > readingNoteMax) {
    return fail('note-too-long', `the note has ${note.length} characters, at most ${readingNoteMax}`);
  }
  return ok({
    id: author.newId(),
    siteId: input.siteId,
    divisionCode: input.divisionCode as Reading['divisionCode'],
    patrolId: input.patrolId,
    equipmentId: input.equipmentId,
    element: input.element,
    value: canonical.value.value,
    unit: canonical.value.unit,
    source: input.source,
    diagnosticSessionId: input.diagnosticSessionId,
    takenAt: at,
    supersedesId: input.supersedes?.id ?? null,
    withdrawn: false,
    note: note.length > 0 ? note : null,
    ...provenanceOf(author, at),
  });
}

const readingNoteMax = 1000;

/**
 * A correction of a saved reading: a new reading that names the old one and says why (the old one is
 * kept; screens show the newest). Refused without a reason, or when the old one was already corrected
 * (correct the newest instead, so the chain stays a line).
 */
export function correctReading(
  original: Reading,
  all: readonly Reading[],
  input: { readonly value: number; readonly unit: string; readonly reason: string },
  author: Author,
): Result<Reading, ReadingRefusal> {
  if (original.withdrawn === true) {
    return fail('already-withdrawn', `reading ${original.supersedesId ?? original.id} was withdrawn`);
  }
  if (all.some((r) => r.supersedesId === original.id)) {
    return fail('already-superseded', `reading ${original.id} was already corrected`);
  }
  return buildReading(
    {
      siteId: original.siteId,
      divisionCode: original.divisionCode,
      patrolId: original.patrolId,
      equipmentId: original.equipmentId,
      element: original.element,
      value: input.value,
      unit: input.unit,
      source: 'manual',
      diagnosticSessionId: null,
      note: input.reason,
      supersedes: original,
    },
    author,
  );
}

/**
 * 撤回 a saved reading (read by mistake, wrong meter): a new record that names it, says why, and repeats
 * its value so the record stays whole; it counts nowhere. Refused without a reason, or when the reading
 * was already corrected or withdrawn (act on the newest, so the chain stays a line).
 */
export function withdrawReading(
  original: Reading,
  all: readonly Reading[],
  reason: string,
  author: Author,
): Result<Reading, ReadingRefusal> {
  if (original.withdrawn === true) {
    return fail('already-withdrawn', `reading ${original.supersedesId ?? original.id} was already withdrawn`);
  }
  if (all.some((r) => r.supersedesId === original.id)) {
    return fail('already-superseded', `reading ${original.id} was already corrected or withdrawn`);
  }
  const why = reason.trim();
  if (why.length === 0) {
    return fail('correction-reason-required', 'withdrawing a reading needs the reason');
  }
  if (why.length > readingNoteMax) {
    return fail('note-too-long', `the reason has ${why.length} characters, at most ${readingNoteMax}`);
  }
  const at = author.now();
  return ok({
    ...original,
    id: author.newId(),
    source: 'manual',
    diagnosticSessionId: null,
    takenAt: at,
    supersedesId: original.id,
    withdrawn: true,
    note: why,
    ...provenanceOf(author, at),
  });
}

/** The chain of earlier values a reading replaced, newest first (all kept in the record). */
export function supersededChain(reading: Reading, all: readonly Reading[]): Reading[] {
  const byId = new Map(all.map((r) => [r.id, r]));
  const chain: Reading[] = [];
  let next = reading.supersedesId === null ? undefined : byId.get(reading.supersedesId);
  while (next !== undefined && !chain.includes(next)) {
    chain.push(next);
    next = next.supersedesId === null ? undefined : byId.get(next.supersedesId);
  }
  return chain;
}

/**
 * The readings in force: a superseded reading is hidden behind its correction, and a withdrawal hides
 * the reading it names and counts nowhere itself (all are kept in the record).
 */
export function currentReadings(readings: readonly Reading[]): Reading[] {
  const superseded = new Set(readings.map((r) => r.supersedesId).filter((id): id is string => id !== null));
  return readings
    .filter((r) => !superseded.has(r.id) && r.withdrawn !== true)
    .sort((a, b) => b.takenAt - a.takenAt);
}
