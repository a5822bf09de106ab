import type { Site } from '#shared/domain/index';
import type { FaultState } from '#shared/faults/state-machine';
import { judgeFaultSla, slaCheckIns, type FaultSla } from '#shared/verdicts/index';
import { useRecords } from '../../db/index';
import { usePolicy } from '../../policy/index';
import { useMinuteClock } from '../common/site-status';

/**
 * The SLA verdict of each ticket, by fault id — asked of the core with the province policy, the
 * site's kind and the check-ins at the site. A ticket whose site is not on this laptop has no verdict
 * (its kind, and so its allowance, is unknown): it is shown as such, never as met.
 */
export function useFaultSlas(
  faults: readonly FaultState[],
  sites: ReadonlyMap<string, Site>,
): ReadonlyMap<string, FaultSla> | null {
  const policy = usePolicy();
  const now = useMinuteClock();
  const patrols = useRecords('patrols');
  if (patrols.status !== 'ready') {
    return null;
  }
  const verdicts = new Map<string, FaultSla>();
  for (const f of faults) {
    const site = sites.get(f.siteId);
    if (site !== undefined) {
      verdicts.set(
        f.faultId,
        judgeFaultSla(f, site.kind, policy.faultSla, slaCheckIns(f, patrols.value), now),
      );
    }
  }
  return verdicts;
}
