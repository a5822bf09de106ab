import type { Site, SiteHealth } from '#shared/domain/index';
import { demoPolicy, judgeSites, statusPeriod } from '#shared/verdicts/index';

/**
 * How many of `sites` are below target at `now` by the verdict core (the demo province's policy, the
 * screens' status period): the bench measures the app's own rule, not a second one.
 */
export function countBelowTarget(sites: readonly Site[], health: readonly SiteHealth[], now: number): number {
  const judged = judgeSites({
    sites,
    health,
    faultEvents: [],
    period: statusPeriod(demoPolicy, now),
    policy: demoPolicy,
    now,
  });
  return [...judged.bySite.values()].filter((v) => v.status === 'below').length;
}
