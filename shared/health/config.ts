import type { SiteKind } from '../domain/index';

/** Ratios 0–1 a site (or an area's sites of one kind) must reach. */
export type KindTargets = {
  readonly monitoringRate: number;
  readonly reportingRate: number;
  readonly stability: number;
};

export type HealthConfig = {
  /** Targets per object kind; a site's own `targets` override its kind's. */
  readonly targets: Readonly<Record<SiteKind, KindTargets>>;
  /** A day is stable when its reporting rate is at least this (design §5: default 90 %). */
  readonly dailyStabilityThreshold: number;
  /** How late a report may arrive after its slot ends and still count, when the site sets none. */
  readonly allowedDelayMinutes: Readonly<Record<SiteKind, number>>;
  /**
   * A report stamped later than its own receipt by more than this is from a wrong clock: its time
   * cannot place it in a slot, so it counts as received but not valid.
   */
  readonly clockSkewToleranceMinutes: number;
  /** The trial operation set no completeness target; a province may (null: reported, not judged). */
  readonly completenessTarget: number | null;
};

/**
 * 国家水资源监控能力建设项目（2016—2018年）总体试运行目标: intake points and water-source stations —
 * monitoring 100 %, reporting ≥ 95 %, stability ≥ 90 %; provincial-boundary sections — monitoring
 * 100 %, reporting 100 %, stability ≥ 90 %.
 */
export const trialOperationTargets: Readonly<Record<SiteKind, KindTargets>> = {
  intake: { monitoringRate: 1, reportingRate: 0.95, stability: 0.9 },
  source_quality: { monitoringRate: 1, reportingRate: 0.95, stability: 0.9 },
  boundary_section: { monitoringRate: 1, reportingRate: 1, stability: 0.9 },
};

/** Our working defaults (design §5) — every number here is configurable per province. */
export const defaultHealthConfig: HealthConfig = {
  targets: trialOperationTargets,
  dailyStabilityThreshold: 0.9,
  allowedDelayMinutes: { intake: 10, source_quality: 30, boundary_section: 10 },
  clockSkewToleranceMinutes: 10,
  completenessTarget: null,
};

/** A config with some values replaced (targets merged per kind). */
export function healthConfig(overrides: {
  readonly targets?: Partial<Record<SiteKind, Partial<KindTargets>>>;
  readonly dailyStabilityThreshold?: number;
  readonly allowedDelayMinutes?: Partial<Record<SiteKind, number>>;
  readonly clockSkewToleranceMinutes?: number;
  readonly completenessTarget?: number | null;
}): HealthConfig {
  const base = defaultHealthConfig;
  const kinds = Object.keys(base.targets) as SiteKind[];
  return {
    targets: Object.fromEntries(
      kinds.map((k) => [k, { ...base.targets[k], ...overrides.targets?.[k] }]),
    ) as Record<SiteKind, KindTargets>,
    dailyStabilityThreshold: overrides.dailyStabilityThreshold ?? base.dailyStabilityThreshold,
    allowedDelayMinutes: { ...base.allowedDelayMinutes, ...overrides.allowedDelayMinutes },
    clockSkewToleranceMinutes: overrides.clockSkewToleranceMinutes ?? base.clockSkewToleranceMinutes,
    completenessTarget:
      overrides.completenessTarget === undefined ? base.completenessTarget : overrides.completenessTarget,
  };
}
