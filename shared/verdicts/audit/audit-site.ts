import type { Site, SiteKind } from '../../domain/index';
import { isElementCode, type ElementCode, type MonitoredValue } from '../../monitoring/values';
import { fail, ok, type Result } from '../../result';
import type { CounterSwap } from '../counter-swap';
import type { ProvincePolicy } from '../policy';
import {
  clockIsWrong,
  newElementCursor,
  openFindings,
  pushTimestamp,
  type ElementContext,
  type ElementCursor,
} from './element-audit';
import { extendRun, findingOfRun, type AuditFinding, type EvidencePoint, type Run } from './finding';
import { judgeMismatch, newMismatchState, openMismatch, type MismatchState } from './flow-mismatch';
import { judgeSlots, missingFinding, type SlotContext } from './slots';

/**
 * The data audit (数据审核) of one site: every rule over every element's series, as one pure function
 * of the values, the audited window, the province policy and the time of judging. It runs on a whole
 * window at once (`auditSeries`) or chunk by chunk as data arrives (`auditChunk`, carrying a cursor:
 * the tail of the series the next chunk needs). Both give the same findings once a later chunk's
 * findings are stored over the earlier ones by key (`mergeFindings`): a window still growing at a
 * chunk's end is reported `ongoing` and reported again, same key, when it grows or closes.
 */
export type AuditSite = {
  readonly code: string;
  readonly kind: SiteKind;
  /** The site's report interval; null: the policy's slot for its kind. */
  readonly reportIntervalMinutes: number | null;
  /** How late a report may come; null: the policy's for its kind. */
  readonly allowedDelayMinutes: number | null;
  /** Elements the site is registered to report: each is expected in every slot. */
  readonly elements: readonly ElementCode[];
  /**
   * The measuring range (量程) of the instrument of each element where the registry lists one (the
   * site record's `instrumentRanges`): `out_of_range` judges that element by it instead of the
   * policy's plausible range.
   */
  readonly instrumentRanges?: readonly {
    readonly element: string;
    readonly min: number;
    readonly max: number;
  }[];
  /**
   * The site's meter and RTU swaps (counter-swap.ts): counters are judged on the continuous scale, so
   * a swap is no `cumulative_decrease` and its interval no `cumulative_flow_mismatch`.
   */
  readonly swaps?: readonly CounterSwap[];
};

/**
 * What the audit reads of a registry site: the service and the laptops build it here, so both judge a
 * site by the same elements, intervals and instrument ranges.
 */
export function auditSiteOf(site: Site, swaps: readonly CounterSwap[] = []): AuditSite {
  return {
    code: site.code,
    kind: site.kind,
    reportIntervalMinutes: site.reportIntervalMinutes,
    allowedDelayMinutes: site.allowedDelayMinutes,
    elements: site.elements.filter(isElementCode),
    instrumentRanges: site.instrumentRanges,
    swaps,
  };
}

export type AuditCursor = {
  readonly siteCode: string;
  /** Start of the audited stream (the first slot judged is the first whole one from here). */
  readonly from: number;
  /** Everything before this has been audited; the next chunk starts here. */
  readonly horizon: number;
  readonly elements: Partial<Record<ElementCode, ElementCursor>>;
  readonly mismatch: MismatchState;
};

export const auditRefusals = ['wrong-site', 'chunk-before-horizon', 'value-outside-chunk'] as const;
export type AuditRefusal = (typeof auditRefusals)[number];

export type AuditInput = {
  readonly site: AuditSite;
  readonly values: readonly MonitoredValue[];
  readonly policy: ProvincePolicy;
  /** The time of judging: a slot whose allowed delay has not passed by now is not yet missing. */
  readonly now: number;
};

export function startAudit(site: AuditSite, from: number): AuditCursor {
  return { siteCode: site.code, from, horizon: from, elements: {}, mismatch: newMismatchState() };
}

/**
 * Whether a value's device time is from a wrong clock (rule `future_time`): a reader fetching a window by
 * device time adds the values received in it that are stamped elsewhere and pass this.
 */
export function isWrongClock(v: MonitoredValue, policy: ProvincePolicy): boolean {
  return clockIsWrong(
    v,
    policy.clockSkewToleranceMinutes * 60_000,
    policy.audit.pastToleranceDays * 86_400_000,
  );
}

/** Audits the values with device time in [from, to) (and wrong-clock values stamped anywhere). */
export function auditSeries(
  input: AuditInput & { readonly from: number; readonly to: number },
): Result<AuditFinding[], AuditRefusal> {
  const r = auditChunk({ ...input, cursor: startAudit(input.site, input.from), to: input.to });
  return r.ok ? ok(r.value.findings) : r;
}

function intervalMsOf(site: AuditSite, policy: ProvincePolicy): number {
  return (site.reportIntervalMinutes ?? policy.audit.slotMinutes[site.kind]) * 60_000;
}

function contextOf(site: AuditSite, element: ElementCode, policy: ProvincePolicy): ElementContext {
  const a = policy.audit;
  const instrument = site.instrumentRanges?.find((r) => r.element === element);
  const spikeFloor = a.spike.absoluteFloor[element] ?? 0;
  const zeroIsRest = a.zeroIsRest.includes(element);
  return {
    head: { siteCode: site.code, element },
    audit: a,
    futureMs: policy.clockSkewToleranceMinutes * 60_000,
    pastMs: a.pastToleranceDays * 86_400_000,
    range:
      instrument === undefined
        ? { min: a.ranges[element].min, max: a.ranges[element].max, source: 'plausible' }
        : { min: instrument.min, max: instrument.max, source: 'instrument' },
    nonNegative: a.nonNegative.includes(element),
    cumulative: a.cumulative.includes(element),
    zeroIsRest,
    constantMs:
      a.constantWindowHours[element] === undefined ? null : a.constantWindowHours[element] * 3_600_000,
    spikeFloor,
    intervalMs: intervalMsOf(site, policy),
    clockSkewToleranceMinutes: policy.clockSkewToleranceMinutes,
    swaps: site.swaps ?? [],
    valueSeries: { absoluteFloor: spikeFloor, zeroIsRest, upwardOnly: false },
    rateSeries: { absoluteFloor: spikeFloor, zeroIsRest: true, upwardOnly: true },
  };
}

/** Deep copy of plain data (the cursor), so a chunk never changes the cursor it was given. */
function copyPlain<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(copyPlain) as T;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyPlain(v)])) as T;
  }
  return value;
}

/**
 * Audits the next chunk of a site's series: the values with device time in [cursor.horizon, to).
 * Values stamped outside it are accepted only with a wrong clock (device time against receipt): they
 * are judged by `future_time` alone, one finding per chunk. Returns the findings that closed or are
 * still open in this chunk, and the cursor for the next one.
 */
export function auditChunk(
  input: AuditInput & { readonly cursor: AuditCursor; readonly to: number },
): Result<{ findings: AuditFinding[]; cursor: AuditCursor }, AuditRefusal> {
  const { site, policy, now, to } = input;
  if (input.cursor.siteCode !== site.code) {
    return fail('wrong-site', `the cursor is of site ${input.cursor.siteCode}, not ${site.code}`);
  }
  if (to < input.cursor.horizon) {
    return fail('chunk-before-horizon', 'the chunk ends before what was already audited');
  }
  const cursor = copyPlain(input.cursor);
  const out: AuditFinding[] = [];
  const byElement = new Map<ElementCode, MonitoredValue[]>();
  const stray: MonitoredValue[] = [];
  for (const v of input.values) {
    if (v.siteCode !== site.code) {
      return fail('wrong-site', `a value of site ${v.siteCode} was given to the audit of ${site.code}`);
    }
    if (v.time >= cursor.horizon && v.time < to) {
      const list = byElement.get(v.element);
      if (list === undefined) {
        byElement.set(v.element, [v]);
      } else {
        list.push(v);
      }
    } else if (isWrongClock(v, policy)) {
      stray.push(v);
    } else {
      return fail('value-outside-chunk', `a value at ${v.time} lies outside [${cursor.horizon}, ${to})`);
    }
  }
  const elements = [...new Set([...site.elements, ...byElement.keys()])].sort();
  const accepted = new Map<ElementCode, EvidencePoint[]>();
  const intervalMs = intervalMsOf(site, policy);
  for (const element of elements) {
    const ctx = contextOf(site, element, policy);
    const c = (cursor.elements[element] ??= newElementCursor(cursor.from, intervalMs));
    const values = (byElement.get(element) ?? []).sort((a, b) => a.time - b.time);
    const kept: EvidencePoint[] = [];
    for (let i = 0; i < values.length;) {
      let j = i + 1;
      while (j < values.length && (values[j] as MonitoredValue).time === (values[i] as MonitoredValue).time) {
        j += 1;
      }
      const p = pushTimestamp(c, values, i, j, ctx, out);
      if (p !== null) {
        kept.push(p);
      }
      i = j;
    }
    accepted.set(element, kept);
    if (site.elements.includes(element)) {
      const slotCtx: SlotContext = {
        head: ctx.head,
        intervalMs,
        delayMs: (site.allowedDelayMinutes ?? policy.allowedDelayMinutes[site.kind]) * 60_000,
      };
      judgeSlots(c.slots, slotCtx, to, now, out);
      if (c.slots.run !== null) {
        out.push(missingFinding(c.slots.run, slotCtx, true));
      }
    }
    out.push(...openFindings(c, ctx));
  }
  const m = policy.audit.flowMismatch;
  if (elements.includes(m.volume) && elements.includes(m.flow)) {
    const mOut: AuditFinding[] = [];
    const volumes = accepted.get(m.volume) ?? [];
    const flows = accepted.get(m.flow) ?? [];
    judgeMismatch(
      cursor.mismatch,
      volumes,
      flows,
      m,
      policy.audit.decreaseTolerance,
      site.code,
      to,
      mOut,
      site.swaps,
    );
    out.push(...mOut, ...openMismatch(cursor.mismatch, m, site.code));
  }
  out.push(...strayFindings(stray, site.code, policy));
  return ok({ findings: out, cursor: { ...cursor, horizon: to } });
}

/** Wrong-clock values stamped outside the chunk: one `future_time` finding per element. */
function strayFindings(
  stray: readonly MonitoredValue[],
  siteCode: string,
  policy: ProvincePolicy,
): AuditFinding[] {
  const byElement = new Map<ElementCode, Run>();
  for (const v of [...stray].sort((a, b) => a.time - b.time)) {
    byElement.set(
      v.element,
      extendRun(byElement.get(v.element) ?? null, v.time, { time: v.time, value: v.value }),
    );
  }
  return [...byElement.entries()].map(([element, run]) =>
    findingOfRun(
      run,
      { siteCode, element, rule: 'future_time' },
      {
        clockSkewToleranceMinutes: policy.clockSkewToleranceMinutes,
        pastToleranceDays: policy.audit.pastToleranceDays,
      },
      false,
    ),
  );
}
