import type { ElementCode } from '../../monitoring/values';

/**
 * A data-audit finding (审核发现): one rule that fired on one element of one site over a window of
 * device time. The rule set is closed; each rule is documented where it is judged.
 */
export const auditRules = [
  'missing',
  'duplicate',
  'future_time',
  'out_of_range',
  'constant',
  'negative',
  'cumulative_decrease',
  'cumulative_flow_mismatch',
  'spike',
] as const;
export type AuditRule = (typeof auditRules)[number];

/** A value the finding points at (device time, ms; value in the element's canonical unit). */
export type EvidencePoint = { readonly time: number; readonly value: number };

/** At most this many points travel with a finding (the first of its window); `count` says how many fired. */
export const evidenceLimit = 12;

export type AuditEvidence = {
  /** The first values of the window that fired the rule (none for `missing`: nothing arrived). */
  readonly values: readonly EvidencePoint[];
  /** Values (or slots, for `missing`) in the window that fired it. */
  readonly count: number;
  /** Figures the rule computed (median and MAD of a spike, expected and actual increase …). */
  readonly measures: Readonly<Record<string, number>>;
};

export type AuditFinding = {
  readonly siteCode: string;
  readonly element: ElementCode;
  readonly rule: AuditRule;
  /** Device time of the first value or slot of the window, ms. */
  readonly from: number;
  /** Device time of the last value or slot of the window, ms. */
  readonly to: number;
  readonly evidence: AuditEvidence;
  /** The policy values that made the rule fire, by name. */
  readonly parameters: Readonly<Record<string, number>>;
  /** The window reaches the end of what was audited and may still grow with the next data. */
  readonly ongoing: boolean;
};

/**
 * A finding's identity: site, element, rule and the start of its window. A window that grows as data
 * arrives keeps its key, so storing findings by key (latest wins) gives the same set whether the series
 * was audited at once or chunk by chunk. The data-audit task's dedup key is this key.
 */
export function auditFindingKey(f: Pick<AuditFinding, 'siteCode' | 'element' | 'rule' | 'from'>): string {
  return `audit:${f.siteCode}:${f.element}:${f.rule}:${f.from}`;
}

/** Findings of a later audit stored over earlier ones by key (latest wins), sorted by key. */
export function mergeFindings(
  earlier: readonly AuditFinding[],
  later: readonly AuditFinding[],
): AuditFinding[] {
  const byKey = new Map<string, AuditFinding>();
  for (const f of [...earlier, ...later]) {
    byKey.set(auditFindingKey(f), f);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, f]) => f);
}

/**
 * A window of values that fire one rule, growing while consecutive values keep firing it. Kept in the
 * audit cursor between chunks, so it is plain data.
 */
export type Run = {
  from: number;
  to: number;
  count: number;
  points: EvidencePoint[];
  measures: Record<string, number>;
};

/**
 * Starts or extends a run with a point at `time` (mutates and returns `run` when given); `point` null
 * counts the time without evidence (a missing slot).
 */
export function extendRun(run: Run | null, time: number, point: EvidencePoint | null): Run {
  const r = run ?? { from: time, to: time, count: 0, points: [], measures: {} };
  r.to = time;
  r.count += 1;
  if (point !== null && r.points.length < evidenceLimit) {
    r.points.push(point);
  }
  return r;
}

/** The finding a run amounts to. */
export function findingOfRun(
  run: Run,
  head: { siteCode: string; element: ElementCode; rule: AuditRule },
  parameters: Record<string, number>,
  ongoing: boolean,
): AuditFinding {
  return {
    ...head,
    from: run.from,
    to: run.to,
    evidence: { values: [...run.points], count: run.count, measures: { ...run.measures } },
    parameters,
    ongoing,
  };
}
