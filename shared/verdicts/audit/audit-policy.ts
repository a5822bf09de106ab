import { z } from 'zod';
import { elementCodes, type ElementCode } from '../../monitoring/values';

/**
 * The data audit's thresholds — the `audit` section of the province policy. No published 国控 or
 * water-resources audit specification was found (protocols-history.md §2), so every number here is a
 * working default the province may change; the rules that use them are in `shared/verdicts/audit/`.
 */
const element = z.enum(elementCodes);
const range = z.object({ min: z.number(), max: z.number() }).strict();
const positive = z.number().positive();
const perKind = <T extends z.ZodType>(value: T) =>
  z.object({ intake: value, source_quality: value, boundary_section: value }).strict();

export const auditPolicySchema = z
  .object({
    /** The range each element can plausibly take, in its canonical unit (value outside: `out_of_range`). */
    ranges: z.record(element, range),
    /** Elements that can never be negative: a negative value is named `negative`, not `out_of_range`. */
    nonNegative: z.array(element),
    /** Counters that only grow (cumulative volume): judged for going backwards and against flow. */
    cumulative: z.array(element),
    /** Elements whose zero means "at rest" (no withdrawal): a run of zeros is not 恒值 and not a spike. */
    zeroIsRest: z.array(element),
    /** Expected slot interval when the site sets none, minutes. */
    slotMinutes: perKind(z.number().int().min(1).max(1440)),
    /**
     * A value the receiver delivered more than this long after its device time has a wrong clock (an
     * RTU reset to its epoch). Files and 补报 batches are late by nature and are not judged by it.
     */
    pastToleranceDays: z.number().int().min(1).max(3650),
    /** 恒值: identical values spanning at least this many hours; an element not listed is not judged. */
    constantWindowHours: z.partialRecord(
      element,
      z
        .number()
        .min(1)
        .max(24 * 90),
    ),
    /** A cumulative value below the one before by more than this (canonical unit) went backwards. */
    decreaseTolerance: z.number().min(0),
    /** Cumulative volume against the integral of instantaneous flow over each interval. */
    flowMismatch: z
      .object({
        /** The flow element integrated and the counter it must explain. */
        flow: element,
        volume: element,
        /** Relative tolerance of the difference (of the larger of the two increments). */
        relTolerance: z.number().min(0).max(10),
        /** Absolute tolerance, canonical unit of the counter (m³), for small increments. */
        absTolerance: z.number().min(0),
        /** Intervals longer than this are not judged (the flow between is unknown). */
        maxGapMinutes: z
          .number()
          .int()
          .min(1)
          .max(1440 * 7),
      })
      .strict(),
    /**
     * Spikes by robust statistics: a value further than k × scale from the median of the last `window`
     * accepted values, that returns within at most `maxLength` values (a step that stays is a change of
     * state, not a spike). scale = max(1.4826 × MAD, relativeFloor × |median|, absoluteFloor).
     */
    spike: z
      .object({
        window: z.number().int().min(4).max(500),
        minSamples: z.number().int().min(3).max(500),
        k: positive,
        maxLength: z.number().int().min(1).max(24),
        relativeFloor: z.number().min(0).max(10),
        absoluteFloor: z.partialRecord(element, z.number().min(0)),
      })
      .strict(),
  })
  .strict();

export type AuditPolicy = z.infer<typeof auditPolicySchema>;

const r = (min: number, max: number) => ({ min, max });

/**
 * Demo defaults. Ranges follow the patrol readings' physical bounds narrowed to what surface water and
 * intakes plausibly show (GB 3838 class V is far below the upper ends). Hourly slots for intakes and
 * sections, four-hourly for water-quality stations (the demo registry's intervals).
 */
export const demoAuditPolicy: AuditPolicy = {
  ranges: {
    flow: r(0, 100_000),
    volume: r(0, 1e12),
    level: r(-100, 6000),
    velocity: r(-10, 10),
    ph: r(4, 11),
    do: r(0, 20),
    turbidity: r(0, 5000),
    codmn: r(0, 100),
    cod: r(0, 1000),
    nh3n: r(0, 50),
    tp: r(0, 10),
    tn: r(0, 100),
    conductivity: r(0, 20_000),
    temperature: r(-5, 45),
  } satisfies Record<ElementCode, { min: number; max: number }>,
  nonNegative: ['flow', 'volume', 'do', 'turbidity', 'codmn', 'cod', 'nh3n', 'tp', 'tn', 'conductivity'],
  cumulative: ['volume'],
  zeroIsRest: ['flow', 'velocity'],
  slotMinutes: { intake: 60, source_quality: 240, boundary_section: 60 },
  pastToleranceDays: 31,
  constantWindowHours: {
    flow: 24,
    level: 72,
    velocity: 24,
    ph: 24,
    do: 24,
    turbidity: 24,
    codmn: 48,
    cod: 48,
    nh3n: 48,
    tp: 48,
    tn: 48,
    conductivity: 24,
    temperature: 48,
  },
  decreaseTolerance: 0,
  flowMismatch: {
    flow: 'flow',
    volume: 'volume',
    relTolerance: 0.2,
    absTolerance: 1,
    maxGapMinutes: 180,
  },
  spike: {
    window: 24,
    minSamples: 8,
    k: 6,
    maxLength: 2,
    relativeFloor: 0.02,
    absoluteFloor: {
      flow: 0.1,
      volume: 0.1,
      level: 0.05,
      velocity: 0.05,
      ph: 0.1,
      do: 0.2,
      turbidity: 1,
      codmn: 0.2,
      cod: 1,
      nh3n: 0.05,
      tp: 0.01,
      tn: 0.1,
      conductivity: 5,
      temperature: 0.5,
    },
  },
};
