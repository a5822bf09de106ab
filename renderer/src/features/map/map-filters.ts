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
};

export const noFilters: MapFilters = {
  kinds: [],
  counties: [],
  belowTarget: false,
  openFault: false,
  hasTask: false,
  auditFindings: false,
};

/**
 * Every active filter must hold (they narrow; they never widen). `auditSites`: codes of the sites with
 * an open data-audit finding, from the one findings source (features/common/audit-findings).
 */
export function applyFilters(
  sites: readonly MapSite[],
  f: MapFilters,
  auditSites: ReadonlySet<string> = new Set(),
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
      (!f.auditFindings || auditSites.has(s.code)),
  );
}

export function isFiltered(f: MapFilters): boolean {
  return (
    f.kinds.length > 0 ||
    f.counties.length > 0 ||
    f.belowTarget ||
    f.openFault ||
    f.hasTask ||
    f.auditFindings
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
