import { swapShift, type CounterSwap } from '../verdicts/counter-swap';

/**
 * 对账 reconciliation: the cumulative volume read at the meter beside the last value the platform
 * received for the site. The meter's total only grows, and the platform's copy lags by at most what
 * flowed since its last report; anything else means a lost report, a reset/replaced meter, a wrong
 * multiplier or a wrong meter-to-site match (户站点证 mismatch).
 */
export type ReconcileThresholds = {
  /** Differences up to this share of the meter's total are rounding/reporting lag: ok. */
  readonly okRelative: number;
  /** …and up to this absolute amount (m³) — small meters would otherwise flag every litre. */
  readonly okAbsolute: number;
  /** Beyond this share the numbers cannot be the same meter / same scaling: fault. */
  readonly faultRelative: number;
  /** A platform value older than this (hours) is itself a finding (reports not arriving). */
  readonly staleHours: number;
};

export const defaultReconcileThresholds: ReconcileThresholds = {
  okRelative: 0.002,
  okAbsolute: 1,
  faultRelative: 0.05,
  staleHours: 24,
};

export type ReconcileInput = {
  readonly meter: { readonly value: number; readonly unit: string; readonly at: number };
  readonly platform: { readonly value: number; readonly unit: string; readonly at: number } | null;
  /** Current flow rate at the meter (m³/h), to allow for what flowed since the platform's value. */
  readonly flowRatePerHour?: number | null;
  readonly thresholds?: Partial<ReconcileThresholds>;
  /**
   * The site's meter swaps (换表, verdicts/counter-swap.ts): a meter fitted after the platform's value
   * is compared on that value's scale (its reading plus the old meter's final minus its initial).
   */
  readonly swaps?: readonly CounterSwap[];
};

export type ReconcileReason =
  | 'no-platform-value'
  | 'unit-mismatch'
  | 'within-tolerance'
  | 'platform-behind'
  | 'meter-below-platform'
  | 'large-difference'
  | 'platform-stale';

export type ReconcileResult = {
  readonly outcome: 'ok' | 'warning' | 'fault';
  readonly reasons: readonly ReconcileReason[];
  /** Meter − platform in the meter's unit (null when they cannot be compared). */
  readonly difference: number | null;
  readonly relative: number | null;
  /** Volume that may have flowed since the platform's value (m³), already allowed for. */
  readonly allowance: number;
  readonly platformAgeHours: number | null;
};

/** Factors to m³ for the volume units meters and platforms use (t ≈ m³ for water). */
const toCubicMetres: Readonly<Record<string, number>> = {
  'm³': 1,
  m3: 1,
  t: 1,
  L: 0.001,
  l: 0.001,
  kL: 1,
  '10³m³': 1000,
  '万m³': 10000,
};

export function reconcile(input: ReconcileInput): ReconcileResult {
  const th = { ...defaultReconcileThresholds, ...input.thresholds };
  if (input.platform === null) {
    return {
      outcome: 'warning',
      reasons: ['no-platform-value'],
      difference: null,
      relative: null,
      allowance: 0,
      platformAgeHours: null,
    };
  }
  const fm = toCubicMetres[input.meter.unit.trim()];
  const fp = toCubicMetres[input.platform.unit.trim()];
  const ageHours = Math.max(0, (input.meter.at - input.platform.at) / 3_600_000);
  if (fm === undefined || fp === undefined) {
    return {
      outcome: 'warning',
      reasons: ['unit-mismatch'],
      difference: null,
      relative: null,
      allowance: 0,
      platformAgeHours: ageHours,
    };
  }
  const meter =
    input.meter.value * fm + swapShift(input.swaps ?? [], 'volume', input.platform.at, input.meter.at);
  const platform = input.platform.value * fp;
  const difference = meter - platform;
  const relative = meter === 0 ? (difference === 0 ? 0 : 1) : Math.abs(difference) / Math.abs(meter);
  const flowed = Math.max(0, input.flowRatePerHour ?? 0) * ageHours;
  const tolerance = Math.max(th.okAbsolute, th.okRelative * Math.abs(meter));
  const allowance = tolerance + flowed;
  const reasons: ReconcileReason[] = [];
  let outcome: ReconcileResult['outcome'] = 'ok';
  if (difference < -tolerance) {
    outcome = 'fault';
    reasons.push('meter-below-platform');
  } else if (difference <= allowance) {
    reasons.push('within-tolerance');
  } else if (relative >= th.faultRelative) {
    outcome = 'fault';
    reasons.push('large-difference');
  } else {
    outcome = 'warning';
    reasons.push('platform-behind');
  }
  if (ageHours > th.staleHours) {
    reasons.push('platform-stale');
    if (outcome === 'ok') {
      outcome = 'warning';
    }
  }
  return {
    outcome,
    reasons,
    difference: difference / fm,
    relative,
    allowance: allowance / fm,
    platformAgeHours: ageHours,
  };
}
