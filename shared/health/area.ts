import { divisionCity, divisionProvince, siteKinds, type SiteKind } from '../domain/index';
import type { HealthConfig } from './config';
import { failedRules, metricNames, type MetricName, type RuleResult, type SiteHealthResult } from './metrics';

export const areaLevels = ['county', 'city', 'province'] as const;
export type AreaLevel = (typeof areaLevels)[number];

/** The 6-digit code of the area a division code falls in, at a level. */
export function areaCodeOf(divisionCode: string, level: AreaLevel): string {
  switch (level) {
    case 'county':
      return divisionCode;
    case 'city':
      return divisionCity(divisionCode);
    case 'province':
      return divisionProvince(divisionCode);
  }
}

export type AreaHealth = {
  readonly areaCode: string;
  readonly level: AreaLevel;
  readonly kind: SiteKind;
  /** Active sites registered by the period's end (the monitoring rate's denominator). */
  readonly sites: number;
  /** Of those, sites whose rates are judged (they expected reports in the period). */
  readonly evaluated: number;
  /** Sites with at least one valid report. */
  readonly monitored: number;
  /** 监测率: monitored ÷ registered. */
  readonly monitoringRate: number | null;
  /** 上报率, pooled: slots received ÷ slots expected over all the area's sites. */
  readonly reportingRate: number | null;
  /** 完整性, pooled over values. */
  readonly completeness: number | null;
  /** 稳定性, pooled over site-days: stable days ÷ days expecting reports. */
  readonly stability: number | null;
  /** Share of evaluated sites meeting each target, and all of them. */
  readonly meeting: Readonly<Record<MetricName | 'all', number | null>>;
  readonly rules: readonly RuleResult[];
  readonly failed: readonly MetricName[];
  readonly meetsTargets: boolean | null;
};

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/**
 * Health of every area at a level, per object kind (targets differ by kind), from per-site results
 * over one period. Sites with their own targets are judged on those; the area on its kind's targets.
 */
export function areaHealth(
  results: readonly SiteHealthResult[],
  level: AreaLevel,
  config: HealthConfig,
): AreaHealth[] {
  const groups = new Map<string, SiteHealthResult[]>();
  for (const r of results) {
    if (!r.registered) {
      continue;
    }
    const key = `${areaCodeOf(r.divisionCode, level)}|${r.kind}`;
    const list = groups.get(key);
    if (list === undefined) {
      groups.set(key, [r]);
    } else {
      list.push(r);
    }
  }
  const out: AreaHealth[] = [];
  for (const [key, list] of groups) {
    const [areaCode = '', kindText] = key.split('|');
    const kind = kindText as SiteKind;
    const targets = config.targets[kind];
    const evaluated = list.filter((r) => r.evaluated);
    const sum = (f: (r: SiteHealthResult) => number) => evaluated.reduce((a, r) => a + f(r), 0);
    const monitored = list.filter((r) => r.monitored).length;
    const monitoringRate = ratio(monitored, list.length);
    const reportingRate = ratio(
      sum((r) => r.receivedSlots),
      sum((r) => r.expected),
    );
    const completeness = ratio(
      sum((r) => r.validValues),
      sum((r) => r.valuesExpected),
    );
    const stability = ratio(
      sum((r) => r.stableDays),
      sum((r) => r.daysWithExpected),
    );
    const share = (m: MetricName) =>
      ratio(
        evaluated.filter((r) => r.rules.some((x) => x.metric === m && x.passed !== false)).length,
        evaluated.length,
      );
    const meeting = {
      ...(Object.fromEntries(metricNames.map((m) => [m, share(m)])) as Record<MetricName, number | null>),
      all: ratio(evaluated.filter((r) => r.meetsTargets === true).length, evaluated.length),
    };
    const judge = (metric: MetricName, value: number | null, target: number | null): RuleResult => ({
      metric,
      value,
      target,
      passed: value === null || target === null ? null : value >= target - 1e-9,
    });
    const rules = [
      judge('monitoringRate', monitoringRate, targets.monitoringRate),
      judge('reportingRate', reportingRate, targets.reportingRate),
      judge('completeness', completeness, config.completenessTarget),
      judge('stability', stability, targets.stability),
    ];
    const failed = failedRules(rules);
    out.push({
      areaCode,
      level,
      kind,
      sites: list.length,
      evaluated: evaluated.length,
      monitored,
      monitoringRate,
      reportingRate,
      completeness,
      stability,
      meeting,
      rules,
      failed,
      meetsTargets: rules.every((r) => r.passed === null) ? null : failed.length === 0,
    });
  }
  return out.sort((a, b) =>
    a.areaCode === b.areaCode
      ? siteKinds.indexOf(a.kind) - siteKinds.indexOf(b.kind)
      : a.areaCode.localeCompare(b.areaCode),
  );
}
