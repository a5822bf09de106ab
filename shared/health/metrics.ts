import type { Site, SiteHealth, SiteKind } from '../domain/index';
import type { HealthConfig, KindTargets } from './config';
import { slotsStartingOn } from './counting';
import { addDays, daysBetween, type IsoDay } from './days';

export const metricNames = ['monitoringRate', 'reportingRate', 'completeness', 'stability'] as const;
export type MetricName = (typeof metricNames)[number];

/** A period of whole days, inclusive at both ends. */
export type Period = { readonly from: IsoDay; readonly to: IsoDay };

/** One metric against its target: `passed` is null when there is nothing to judge. */
export type RuleResult = {
  readonly metric: MetricName;
  readonly value: number | null;
  readonly target: number | null;
  readonly passed: boolean | null;
};

export type SiteForHealth = Pick<
  Site,
  | 'id'
  | 'kind'
  | 'divisionCode'
  | 'targets'
  | 'registeredOn'
  | 'status'
  | 'reportIntervalMinutes'
  | 'elements'
>;
export type HealthHistory = Pick<
  SiteHealth,
  'firstDay' | 'expected' | 'receivedSlots' | 'validValues' | 'elementsConfigured'
>;

export type SiteHealthResult = {
  readonly siteId: string;
  readonly kind: SiteKind;
  readonly divisionCode: string;
  readonly period: Period;
  /** Active and registered by the period's end: counts in its area's monitoring rate. */
  readonly registered: boolean;
  /** Registered and expected at least one report in the period: its rates are judged. */
  readonly evaluated: boolean;
  readonly expected: number;
  readonly receivedSlots: number;
  readonly validValues: number;
  readonly valuesExpected: number;
  /** At least one valid report in the period. */
  readonly monitored: boolean;
  readonly reportingRate: number | null;
  readonly completeness: number | null;
  readonly stability: number | null;
  readonly stableDays: number;
  readonly daysWithExpected: number;
  readonly targets: KindTargets;
  readonly rules: readonly RuleResult[];
  /** The rules that failed, in `metricNames` order — what a task or the UI names. */
  readonly failed: readonly MetricName[];
  /** True when every judged rule passed; null when the site is not evaluated. */
  readonly meetsTargets: boolean | null;
};

export function targetsFor(site: Pick<Site, 'kind' | 'targets'>, config: HealthConfig): KindTargets {
  return site.targets ?? config.targets[site.kind];
}

function rule(metric: MetricName, value: number | null, target: number | null): RuleResult {
  const passed = value === null || target === null ? null : value >= target - 1e-9;
  return { metric, value, target, passed };
}

export function failedRules(rules: readonly RuleResult[]): MetricName[] {
  return metricNames.filter((m) => rules.some((r) => r.metric === m && r.passed === false));
}

/**
 * A site's health over a period from its stored day counts (design §5). Days of the period outside
 * the stored window count as expecting nothing. Without a history document the site expected
 * reports every interval since registration and received none.
 */
export function siteHealth(
  site: SiteForHealth,
  history: HealthHistory | null,
  period: Period,
  config: HealthConfig,
): SiteHealthResult {
  const targets = targetsFor(site, config);
  const registered = site.status === 'active' && site.registeredOn <= period.to;
  let expected = 0;
  let receivedSlots = 0;
  let validValues = 0;
  let stableDays = 0;
  let daysWithExpected = 0;
  const elements = history?.elementsConfigured ?? site.elements.length;
  if (registered) {
    const days = daysBetween(period.from, period.to) + 1;
    for (let i = 0; i < days; i += 1) {
      let e: number;
      let r: number;
      let v: number;
      if (history === null) {
        const day = addDays(period.from, i);
        e = day >= site.registeredOn ? slotsStartingOn(day, site.reportIntervalMinutes) : 0;
        r = 0;
        v = 0;
      } else {
        const index = daysBetween(history.firstDay, period.from) + i;
        e = history.expected[index] ?? 0;
        r = Math.min(history.receivedSlots[index] ?? 0, e);
        v = history.validValues[index] ?? 0;
      }
      if (e > 0) {
        expected += e;
        receivedSlots += r;
        validValues += v;
        daysWithExpected += 1;
        if (r / e >= config.dailyStabilityThreshold - 1e-9) {
          stableDays += 1;
        }
      }
    }
  }
  const evaluated = registered && expected > 0;
  const valuesExpected = expected * elements;
  const reportingRate = evaluated ? receivedSlots / expected : null;
  const completeness = evaluated && valuesExpected > 0 ? Math.min(1, validValues / valuesExpected) : null;
  const stability = evaluated ? stableDays / daysWithExpected : null;
  const monitored = receivedSlots > 0;
  const rules = evaluated
    ? [
        rule('monitoringRate', monitored ? 1 : 0, targets.monitoringRate),
        rule('reportingRate', reportingRate, targets.reportingRate),
        rule('completeness', completeness, config.completenessTarget),
        rule('stability', stability, targets.stability),
      ]
    : metricNames.map((m) => rule(m, null, null));
  const failed = failedRules(rules);
  return {
    siteId: site.id,
    kind: site.kind,
    divisionCode: site.divisionCode,
    period,
    registered,
    evaluated,
    expected,
    receivedSlots,
    validValues,
    valuesExpected,
    monitored,
    reportingRate,
    completeness,
    stability,
    stableDays,
    daysWithExpected,
    targets,
    rules,
    failed,
    meetsTargets: evaluated ? failed.length === 0 : null,
  };
}

/** The last `days` whole days up to and including `to`. */
export function lastDays(to: IsoDay, days: number): Period {
  return { from: addDays(to, -(days - 1)), to };
}
