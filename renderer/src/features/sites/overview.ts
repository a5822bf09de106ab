import { demoDivisionContains } from '#shared/demo/index';
import type {
  DiagnosticSession,
  Equipment,
  FaultEvent,
  Permit,
  Site,
  SiteHealth,
  SiteKind,
  WaterUser,
} from '#shared/domain/index';
import { dayOf, type HealthConfig, type SiteHealthResult } from '#shared/health/index';
import {
  healthConfigOf,
  judgeSites,
  siteStatuses,
  type JudgedPeriod,
  type ProvincePolicy,
  type SiteStatus,
  type SiteStatusVerdict,
} from '#shared/verdicts/index';
import { checkRelations, serialObservationsFromSessions, type SiteFindings } from '#shared/relations/index';
import { divisionName } from './divisions';
import type { SpatialChecks } from '../common/spatial-layers';

export type SiteRow = {
  readonly site: Site;
  readonly countyName: string;
  /** The site's status for the judged period, from the verdict core. */
  readonly verdict: SiteStatusVerdict;
  readonly health: SiteHealthResult;
  readonly findings: SiteFindings;
};

export type SiteOverview = {
  readonly rows: readonly SiteRow[];
  readonly period: JudgedPeriod;
  readonly config: HealthConfig;
};

export type OverviewInput = {
  readonly sites: readonly Site[];
  readonly health: readonly SiteHealth[];
  readonly faultEvents: readonly FaultEvent[];
  readonly waterUsers: readonly WaterUser[];
  readonly permits: readonly Permit[];
  readonly equipment: readonly Equipment[];
  readonly sessions: readonly DiagnosticSession[];
  /** Now, for silence and permit expiry. */
  readonly now: number;
  readonly period: JudgedPeriod;
  readonly policy: ProvincePolicy;
  /**
   * The spatial checks over the layers this laptop holds (features/map/use-spatial-layers.ts); absent:
   * the demo province's county boxes, and no zone or reach checks.
   */
  readonly spatial?: Pick<SpatialChecks, 'divisionContains' | 'findingsOf'>;
};

/** Every site with its status over the period and its 户站点证 findings, sorted by code. */
export function buildOverview(input: OverviewInput): SiteOverview {
  const judged = judgeSites({
    sites: input.sites,
    health: input.health,
    faultEvents: input.faultEvents,
    period: input.period,
    policy: input.policy,
    now: input.now,
  });
  const findings = checkRelations({
    sites: input.sites,
    waterUsers: input.waterUsers,
    permits: input.permits,
    equipment: input.equipment,
    observations: serialObservationsFromSessions(input.sessions),
    divisionContains: input.spatial?.divisionContains ?? demoDivisionContains,
    ...(input.spatial === undefined ? {} : { spatialFindings: input.spatial.findingsOf }),
    today: dayOf(input.now),
  });
  const rows = input.sites.map((site, i) => {
    const verdict = judged.bySite.get(site.id)!;
    return {
      site,
      countyName: divisionName(site.divisionCode),
      verdict,
      health: verdict.health,
      findings: findings[i] ?? { siteId: site.id, findings: [], worst: null },
    };
  });
  rows.sort((a, b) => a.site.code.localeCompare(b.site.code) || a.site.id.localeCompare(b.site.id));
  return { rows, period: input.period, config: healthConfigOf(input.policy) };
}

/** The status filter: every status of the one vocabulary (the map filters by the same). */
export const healthFilters = ['all', ...siteStatuses] as const;
export type HealthFilter = 'all' | SiteStatus;
export const findingFilters = ['all', 'any', 'error', 'none'] as const;
export type FindingFilter = (typeof findingFilters)[number];

export type SiteFilters = {
  readonly q: string;
  readonly kinds: readonly SiteKind[];
  readonly county: string | null;
  readonly health: HealthFilter;
  readonly findings: FindingFilter;
};

export const noFilters: SiteFilters = { q: '', kinds: [], county: null, health: 'all', findings: 'all' };

const isOneOf = <T extends string>(list: readonly T[], v: string | null): v is T =>
  v !== null && (list as readonly string[]).includes(v);

/** Filters from the page's query string (`#/sites?county=530381&health=below`), tolerant of junk. */
export function parseFilters(query: URLSearchParams): SiteFilters {
  const kinds = (query.get('kind') ?? '')
    .split(',')
    .filter((k): k is SiteKind => isOneOf(['intake', 'source_quality', 'boundary_section'], k));
  const county = query.get('county');
  const health = query.get('health');
  const findings = query.get('findings');
  return {
    q: (query.get('q') ?? '').slice(0, 100),
    kinds,
    county: county !== null && /^\d{6}$/.test(county) ? county : null,
    health: isOneOf(healthFilters, health) ? health : 'all',
    findings: isOneOf(findingFilters, findings) ? findings : 'all',
  };
}

export function filtersToQuery(filters: SiteFilters): string {
  const q = new URLSearchParams();
  if (filters.q) {
    q.set('q', filters.q);
  }
  if (filters.kinds.length > 0) {
    q.set('kind', filters.kinds.join(','));
  }
  if (filters.county !== null) {
    q.set('county', filters.county);
  }
  if (filters.health !== 'all') {
    q.set('health', filters.health);
  }
  if (filters.findings !== 'all') {
    q.set('findings', filters.findings);
  }
  return q.toString();
}

export function applyFilters(rows: readonly SiteRow[], filters: SiteFilters): SiteRow[] {
  const needle = filters.q.trim().toLowerCase();
  return rows.filter((r) => {
    if (
      needle &&
      !r.site.code.toLowerCase().includes(needle) &&
      !r.site.name.toLowerCase().includes(needle)
    ) {
      return false;
    }
    if (filters.kinds.length > 0 && !filters.kinds.includes(r.site.kind)) {
      return false;
    }
    if (filters.county !== null && r.site.divisionCode !== filters.county) {
      return false;
    }
    if (filters.health !== 'all' && r.verdict.status !== filters.health) {
      return false;
    }
    switch (filters.findings) {
      case 'any':
        return r.findings.worst !== null;
      case 'error':
        return r.findings.worst === 'error';
      case 'none':
        return r.findings.worst === null;
      case 'all':
        return true;
    }
  });
}
