import type { FaultEvent, Site, SiteHealth } from '../domain/index';
import { faultsAsOf, isOpen, type FaultState } from '../faults/state-machine';
import type { JudgedPeriod } from './period';
import type { ProvincePolicy } from './policy';
import { siteStatus, type SiteStatusVerdict } from './site-status';

/**
 * Every site's status for one period, from the records a laptop or the service holds. The map, the
 * Sites table, Tasks, the report and the service's automation all come through here, so the join of
 * sites, histories and fault tickets is made once too.
 */
export type JudgedSites = {
  readonly period: JudgedPeriod;
  readonly policy: ProvincePolicy;
  readonly bySite: ReadonlyMap<string, SiteStatusVerdict>;
  /** Every fault as it stands now (status window) or stood at the month's end (month period). */
  readonly faults: readonly FaultState[];
};

export function judgeSites(input: {
  readonly sites: readonly Site[];
  readonly health: readonly SiteHealth[];
  readonly faultEvents: readonly FaultEvent[];
  readonly period: JudgedPeriod;
  readonly policy: ProvincePolicy;
  readonly now: number;
}): JudgedSites {
  const { period, policy, now } = input;
  const healthBySite = new Map(input.health.map((h) => [h.siteId, h]));
  // The status window shows tickets as they are now; a month shows them as they stood at its end.
  const faults = faultsAsOf(input.faultEvents, period.kind === 'window' ? Infinity : period.endMs);
  const openBySite = new Map<string, string[]>();
  for (const f of faults) {
    if (isOpen(f)) {
      openBySite.set(f.siteId, [...(openBySite.get(f.siteId) ?? []), f.faultId]);
    }
  }
  const bySite = new Map<string, SiteStatusVerdict>();
  for (const site of input.sites) {
    bySite.set(
      site.id,
      siteStatus({
        site,
        history: healthBySite.get(site.id) ?? null,
        openFaultIds: openBySite.get(site.id) ?? [],
        period,
        policy,
        now,
      }),
    );
  }
  return { period, policy, bySite, faults };
}
