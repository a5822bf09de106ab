import { combineLatest, map, of, type Observable } from 'rxjs';
import {
  auditFindingOfRecord,
  toAuditFindingEvent,
  type AuditFindingEventRecord,
  type AuditFindingRecord,
  type Site,
} from '#shared/domain/index';
import type { MonitoredValue } from '#shared/monitoring/values';
import {
  auditFindingKey,
  foldAuditFinding,
  type AuditFinding,
  type AuditFindingEvent,
  type AuditFindingState,
  type ProvincePolicy,
} from '#shared/verdicts/index';
import { useLaunchMode } from '../../app/launch-choice';
import type { AppDatabase } from '../../db/database';
import { auditEventRecords$, auditFindingRecords$ } from '../../db/audit-event-store';
import { records$, useLive } from '../../db/index';
import type { QueryState } from '../../db/queries';
import { usePolicy } from '../../policy/index';
import { auditLocally, localAuditWindow, resolvedLocally, type AuditWindow } from './audit-local';
import { demoBackwardsVolumeSiteCode } from '#shared/demo/demo-series';
import { dayStart } from '#shared/health/index';
import { demoSiteValues, isDemoAudited } from './audit-demo-series';
import { useMinuteClock } from './site-status';

/** The clock the audit judges by: the last whole hour (the local audit runs once an hour). */
function useHourClock(): number {
  const now = useMinuteClock();
  return Math.floor(now / 3_600_000) * 3_600_000;
}

/**
 * The data-audit findings this laptop shows — on the site page, under the map's filter, in the monthly
 * report — from one source: the platform's findings of the region (`audit_findings`), or on a laptop
 * of the demo province (no service) the findings the audit core computes from the demo series. Each
 * finding's state is the fold of its `audit_finding_events` (`foldAuditFinding`), never judged here.
 */
export type AuditFindingView = {
  readonly key: string;
  readonly finding: AuditFinding;
  readonly divisionCode: string;
  readonly state: AuditFindingState;
  /** Where the finding comes from: the provincial platform's audit, or this laptop's (demo province). */
  readonly author: 'platform' | 'local';
};

/** A finding with where it sits, before its events are folded in. */
export type PlacedFinding = { readonly finding: AuditFinding; readonly divisionCode: string };

/** The finding a platform record stands for, where it sits. */
function findingOfRecord(r: AuditFindingRecord): PlacedFinding {
  return { divisionCode: r.divisionCode, finding: auditFindingOfRecord(r) };
}

/**
 * Each finding with its state: the events grouped by finding key and folded, the one fold. A key
 * found twice counts once (the later of the two wins: a grown window). Sorted by site, then by the
 * start of the window, latest first.
 */
export function auditFindingViews(
  findings: readonly PlacedFinding[],
  events: readonly AuditFindingEvent[],
  author: AuditFindingView['author'],
): AuditFindingView[] {
  const byKey = new Map<string, AuditFindingEvent[]>();
  for (const e of events) {
    const list = byKey.get(e.findingKey) ?? [];
    list.push(e);
    byKey.set(e.findingKey, list);
  }
  const placed = new Map(findings.map((p) => [auditFindingKey(p.finding), p]));
  return [...placed.entries()]
    .map(([key, p]) => ({
      key,
      finding: p.finding,
      divisionCode: p.divisionCode,
      state: foldAuditFinding(key, byKey.get(key) ?? []),
      author,
    }))
    .sort(
      (a, b) =>
        a.finding.siteCode.localeCompare(b.finding.siteCode) ||
        b.finding.from - a.finding.from ||
        (a.key < b.key ? -1 : 1),
    );
}

/** Still open: neither closed nor dismissed as genuine (a corrected one waits for its re-audit). */
export function isOpenAuditFinding(view: Pick<AuditFindingView, 'state'>): boolean {
  return view.state.status !== 'closed' && view.state.status !== 'dismissed';
}

/** The events of the findings, as the fold reads them (a stored record is valid by its schema). */
export function auditEvents$(db: AppDatabase, siteCode: string | null): Observable<AuditFindingEvent[]> {
  return auditEventRecords$(db, siteCode).pipe(
    map((records: AuditFindingEventRecord[]) => records.map(toAuditFindingEvent)),
  );
}

/** The platform's findings (of one site, or all this laptop holds) with their states. */
export function platformFindings$(db: AppDatabase, siteCode: string | null): Observable<AuditFindingView[]> {
  const findings = auditFindingRecords$(db, siteCode) ?? of<AuditFindingRecord[]>([]);
  return combineLatest([findings, auditEvents$(db, siteCode)]).pipe(
    map(([records, events]) => auditFindingViews(records.map(findingOfRecord), events, 'platform')),
  );
}

/** A site's findings as the site page shows them, and how a correction is re-audited before closing. */
export type SiteAudit = {
  readonly views: readonly AuditFindingView[];
  readonly author: AuditFindingView['author'];
  /** This laptop's own re-audit of a corrected finding (demo province); null: the platform closes it. */
  readonly reaudit: ((view: AuditFindingView) => boolean) | null;
  /** The site's series this laptop audited (demo province); null: the platform's, fetched for the chart. */
  readonly values: readonly MonitoredValue[] | null;
  /**
   * Whether this laptop holds findings at all: false where its device database has no collection of the
   * platform's findings (the screen says so rather than "nothing found").
   */
  readonly held: boolean;
};

/** The demo laptop's own findings of one site over the window, with the re-audit of a correction. */
export function localSiteAudit(
  site: Site,
  values: readonly MonitoredValue[],
  events: readonly AuditFindingEvent[],
  judge: { readonly policy: ProvincePolicy; readonly window: AuditWindow; readonly now: number },
): SiteAudit {
  const { policy, window, now } = judge;
  const findings = auditLocally(site, values, policy, window, now);
  return {
    views: auditFindingViews(
      findings.map((finding) => ({ finding, divisionCode: site.divisionCode })),
      events,
      'local',
    ),
    author: 'local',
    reaudit: (view) => resolvedLocally(site, values, view.finding, view.state, policy, window, now),
    values,
    held: true,
  };
}

/** The demo sites the demo laptop audits for its map and report (see audit-demo-series.ts). */
function demoAudited$(db: AppDatabase): Observable<Site[]> {
  const first = Array.from({ length: 40 }, (_, i) => `site-${String(i + 1).padStart(6, '0')}`);
  return records$(db, 'sites', {
    selector: { $or: [{ id: { $in: first } }, { code: demoBackwardsVolumeSiteCode }] },
  }).pipe(map((sites) => sites.filter(isDemoAudited)));
}

/** The window of a site's own audit: none of it before the site was registered (it reported nothing). */
function siteWindow(site: Site, window: AuditWindow): AuditWindow {
  const registered = dayStart(site.registeredOn);
  return registered > window.from ? { from: Math.min(registered, window.to), to: window.to } : window;
}

/** Whether this laptop is in the demo province (not enrolled): it audits the demo series itself. */
function useLocalAuthor(): boolean {
  return useLaunchMode() === 'demo';
}

/** The data-audit findings of one site, live: the platform's, or in the demo province this laptop's. */
export function useSiteAuditFindings(site: Site): QueryState<SiteAudit> {
  const local = useLocalAuthor();
  const policy = usePolicy();
  const now = useHourClock();
  const window = localAuditWindow(now);
  return useLive(`site-audit:${site.id}:${local}:${policy.version}:${now}`, (db) =>
    local
      ? auditEvents$(db, site.code).pipe(
          map((events) => {
            const own = siteWindow(site, window);
            return localSiteAudit(site, demoSiteValues(site, own, now), events, { policy, window: own, now });
          }),
        )
      : platformFindings$(db, site.code).pipe(
          map((views) => ({
            views,
            author: 'platform' as const,
            reaudit: null,
            values: null,
            held: auditFindingRecords$(db, site.code) !== null,
          })),
        ),
  );
}

/** The findings of every site this laptop audits or holds, with their states. */
function allFindings$(
  db: AppDatabase,
  local: boolean,
  judge: { readonly policy: ProvincePolicy; readonly window: AuditWindow; readonly now: number },
): Observable<AuditFindingView[]> {
  if (!local) {
    return platformFindings$(db, null);
  }
  return combineLatest([demoAudited$(db), auditEvents$(db, null)]).pipe(
    map(([sites, events]) =>
      sites.flatMap((site) => {
        const own = siteWindow(site, judge.window);
        return localSiteAudit(site, demoSiteValues(site, own, judge.now), events, { ...judge, window: own })
          .views;
      }),
    ),
  );
}

/** Codes of the sites with an open data-audit finding (for the map's filter); read only when `enabled`. */
export function useOpenAuditSiteCodes(enabled: boolean): ReadonlySet<string> {
  const local = useLocalAuthor();
  const policy = usePolicy();
  const now = useHourClock();
  const state = useLive(`audit-open-sites:${enabled}:${local}:${policy.version}:${now}`, (db) =>
    enabled
      ? allFindings$(db, local, { policy, window: localAuditWindow(now), now }).pipe(
          map((views) => new Set(views.filter(isOpenAuditFinding).map((v) => v.finding.siteCode))),
        )
      : of(new Set<string>()),
  );
  return state.status === 'ready' ? state.value : emptySet;
}
const emptySet: ReadonlySet<string> = new Set();

/** The findings and their events of the region's sites, as the monthly report reads them. */
export function useRegionAuditFindings(
  region: string | null,
): QueryState<{ readonly findings: AuditFinding[]; readonly events: AuditFindingEvent[] }> {
  const local = useLocalAuthor();
  const policy = usePolicy();
  const now = useHourClock();
  return useLive(`audit-region:${region}:${local}:${policy.version}:${now}`, (db) =>
    combineLatest([
      allFindings$(db, local, { policy, window: localAuditWindow(now), now }),
      auditEvents$(db, null),
    ]).pipe(
      map(([views, events]) => ({
        findings: views
          .filter((v) => region !== null && v.divisionCode.startsWith(region))
          .map((v) => v.finding),
        events,
      })),
    ),
  );
}
