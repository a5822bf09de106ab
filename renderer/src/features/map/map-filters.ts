import type { MapSite } from '../common/map-sites';
import type { MapSiteKind } from './site-style';

export type MapFilters = {
  /** Kinds shown; empty = all. */
  readonly kinds: readonly MapSiteKind[];
  /** County division codes shown; empty = all. */
  readonly counties: readonly string[];
  readonly belowTarget: boolean;
  readonly openFault: boolean;
  readonly hasTask: boolean;
  /** Only sites with an open data-audit finding (neither closed nor dismissed). */
  readonly auditFindings: boolean;
  /** Only sites whose patrol schedule owes a visit (due or overdue). */
  readonly scheduleOwed: boolean;
  /** Only sites with a spatial finding (outside their division, protection zone or off their reach). */
  readonly spatialFindings: boolean;
};

export const noFilters: MapFilters = {
  kinds: [],
  counties: [],
  belowTarget: false,
  openFault: false,
  hasTask: false,
  auditFindings: false,
  scheduleOwed: false,
  spatialFindings: false,
};

/**
 * Every active filter must hold (they narrow; they never widen). `auditSites`: codes of the sites with
 * an open data-audit finding, from the one findings source (features/common/audit-findings);
 * `owedSites`: ids of the sites whose patrol schedule owes a visit (the schedule verdict's);
 * `spatialSites`: ids of the sites with a spatial finding (shared/verdicts/spatial.ts).
 */
export function applyFilters(
  sites: readonly MapSite[],
  f: MapFilters,
  auditSites: ReadonlySet<string> = new Set(),
  owedSites: ReadonlySet<string> = new Set(),
  spatialSites: ReadonlySet<string> = new Set(),
): MapSite[] {
  const kinds = new Set(f.kinds);
  const counties = new Set(f.counties);
  return sites.filter(
    (s) =>
      (kinds.size === 0 || kinds.has(s.kind)) &&
      (counties.size === 0 || counties.has(s.divisionCode)) &&
      (!f.belowTarget || s.status === 'below') &&
      (!f.openFault || s.openFaults.length > 0) &&
      (!f.hasTask || s.openTasks.length > 0) &&
      (!f.auditFindings || auditSites.has(s.code)) &&
      (!f.scheduleOwed || owedSites.has(s.id)) &&
      (!f.spatialFindings || spatialSites.has(s.id)),
  );
}

export function isFiltered(f: MapFilters): boolean {
  return (
    f.kinds.length > 0 ||
    f.counties.length > 0 ||
    f.belowTarget ||
    f.openFault ||
    f.hasTask ||
    f.auditFindings ||
    f.scheduleOwed ||
    f.spatialFindings
  );
}

/** Sites whose code starts with, or whose name contains, the query; codes first. */
export function searchSites(sites: readonly MapSite[], query: string, limit = 12): MapSite[] {
  const q = query.trim().toLowerCase();
  if (q === '') {
    return [];
  }
  const byCode = sites.filter((s) => s.code.toLowerCase().startsWith(q));
  const byName = sites.filter((s) => !s.code.toLowerCase().startsWith(q) && s.name.toLowerCase().includes(q));
  return [...byCode, ...byName].slice(0, limit);
}
