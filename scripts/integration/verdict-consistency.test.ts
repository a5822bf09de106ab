// One truth across every surface (design §9; issue 13's consistency property). Generated provinces —
// random reporting histories, fault events in any order with laptop clocks skewed both ways, the clock
// at any hour (period boundaries included), a random province policy set on the service — and, for
// every site, the verdict each consumer reaches through its own code path must be the same:
//   the map's model, the Sites table's model, the site detail page's model (status window);
//   the service's automatic tasks (which sites it raises a task for, and why);
//   the laptop's monthly report row, the service's monthly report row, and the map and Sites models
//   over the same month.
// What runs for real: the sync service's automation and monthly report over the engine under test,
// the renderer's pure models. Nothing stands in. It lives in scripts/ because it combines renderer/ and
// server/ code, which only this layer may import together.
import fc from 'fast-check';
import { expect } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import type { FaultEvent, Site, SiteHealth, Task } from '#shared/domain/index';
import { addDays, dayOf, dayStart } from '#shared/health/days';
import { buildMonthlyReport } from '#shared/reports/monthly';
import {
  demoPolicy,
  monthPeriod,
  statusPeriod,
  taskNeedForStatus,
  withPolicy,
  type JudgedPeriod,
  type ProvincePolicy,
} from '#shared/verdicts/index';
import { mapSitesOf } from '../../renderer/src/features/common/map-sites';
import { buildOverview } from '../../renderer/src/features/sites/overview';
import { assembleSiteDetail } from '../../renderer/src/features/sites/use-site-detail';
import type { Database } from '../../server/db/database';
import { migrate } from '../../server/db/migrate';
import { scoped } from '../../server/db/scoped';
import { runAutomation } from '../../server/platform/automation';
import { monthlyReport } from '../../server/platform/monthly-report';
import { getPolicy, setPolicy } from '../../server/platform/policy';
import { readRecords, upsertRecords } from '../../server/sync/platform-writes';
import { describeOnEngines } from '../../server/testing/engines';

const hour = 3_600_000;
const counties = ['530381', '530302'] as const;

type Province = {
  readonly now: number;
  readonly month: string;
  readonly policy: ProvincePolicy;
  readonly sites: Site[];
  readonly health: SiteHealth[];
  readonly faultEvents: FaultEvent[];
};

const baseSite = sampleRecords.sites as unknown as Site;
const baseHealth = sampleRecords.site_health as unknown as SiteHealth;
const baseEvent = sampleRecords.fault_events as unknown as FaultEvent;

const siteArb = fc.record({
  kind: fc.constantFrom<Site['kind']>('intake', 'source_quality', 'boundary_section'),
  county: fc.constantFrom(...counties),
  active: fc.constantFrom(true, true, true, true, false),
  registeredDaysAgo: fc.constantFrom(400, 400, 400, 20, 3, 0),
  /** Per day of the 70-day history: slots received of 24 (some days expect nothing). */
  days: fc.array(fc.constantFrom(24, 24, 24, 23, 22, 20, 12, 0, -1), { minLength: 70, maxLength: 70 }),
  lastReportHoursAgo: fc.option(fc.constantFrom(0.5, 2, 23, 25, 49, 200), { nil: null }),
  fault: fc.option(
    fc.record({
      openedHoursAgo: fc.integer({ min: 2, max: 24 * 50 }),
      steps: fc.constantFrom(0, 1, 2, 3, 4),
      /** Laptop clock error in hours: behind (negative) or ahead. */
      skew: fc.constantFrom(-72, -5, 0, 0, 3, 48),
      order: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
    }),
    { nil: null },
  ),
});

const provinceArb = fc.record({
  day: fc.integer({ min: 0, max: 75 }),
  minute: fc.constantFrom(1, 30, 9 * 60, 16 * 60 + 5, 23 * 60 + 59),
  monthBack: fc.constantFrom(0, 1),
  reporting: fc.constantFrom(0.8, 0.9, 0.95, 0.99),
  stability: fc.constantFrom(0.5, 0.9),
  silentHours: fc.constantFrom(12, 24, 48),
  sites: fc.array(siteArb, { minLength: 3, maxLength: 7 }),
});

type Generated = typeof provinceArb extends fc.Arbitrary<infer G> ? G : never;

function province(p: Generated): Province {
  const now = dayStart(addDays('2026-11-20', p.day)) + p.minute * 60_000;
  const today = dayOf(now);
  const policy = withPolicy(demoPolicy, {
    silentHours: p.silentHours,
    targets: {
      intake: { reportingRate: p.reporting, stability: p.stability },
      source_quality: { reportingRate: p.reporting },
    },
  });
  const month = p.monthBack === 0 ? today.slice(0, 7) : addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const sites: Site[] = [];
  const health: SiteHealth[] = [];
  const faultEvents: FaultEvent[] = [];
  p.sites.forEach((g, i) => {
    const id = `site-${i}`;
    const code = `${g.county}${String(i).padStart(4, '0')}`;
    sites.push({
      ...baseSite,
      id,
      code,
      kind: g.kind,
      divisionCode: g.county as Site['divisionCode'],
      status: g.active ? 'active' : 'suspended',
      registeredOn: addDays(today, -g.registeredDaysAgo),
      reportIntervalMinutes: 60,
    });
    health.push({
      ...baseHealth,
      id,
      siteId: id,
      divisionCode: g.county as Site['divisionCode'],
      firstDay: addDays(today, -69),
      expected: g.days.map((d) => (d < 0 ? 0 : 24)),
      receivedSlots: g.days.map((d) => Math.max(0, d)),
      validValues: g.days.map((d) => Math.max(0, d) * 2),
      reports: g.days.map((d) => Math.max(0, d)),
      lastReportAt: g.lastReportHoursAgo === null ? null : now - g.lastReportHoursAgo * hour,
    });
    if (g.fault !== null) {
      const f = g.fault;
      const types: FaultEvent['type'][] = ['opened', 'in_progress', 'repaired', 'reopened', 'repaired'];
      const received = (k: number) => now - f.openedHoursAgo * hour + k * 3 * hour;
      for (let k = 0; k <= f.steps; k += 1) {
        const type = types[k]!;
        const platform = type === 'reopened';
        faultEvents.push({
          ...baseEvent,
          id: `fe-${i}-${k}`,
          faultId: `fault-${i}`,
          siteId: id,
          divisionCode: g.county as Site['divisionCode'],
          type,
          category: type === 'opened' ? 'communication' : null,
          actions: type === 'repaired' ? '更换模块' : null,
          deviceId: platform ? 'platform' : 'laptop',
          operatorId: platform ? 'platform' : 'tech',
          recordedAt: Math.max(0, received(k) + (platform ? 0 : f.skew * hour)),
          receivedAt: Math.min(received(k), now - 60_000),
        });
      }
      // Arrival order is not receipt order: shuffle what the laptop and the service hold.
      const mine = faultEvents.splice(faultEvents.length - f.steps - 1);
      mine.sort((a, b) => (f.order[Number(a.id.slice(-1))] ?? 0) - (f.order[Number(b.id.slice(-1))] ?? 0));
      faultEvents.push(...mine);
    }
  });
  return { now, month, policy, sites, health, faultEvents };
}

/** Each laptop surface's status for every site over one period, through its own model. */
function laptopStatuses(pv: Province, period: JudgedPeriod) {
  const judge = { now: pv.now, period, policy: pv.policy };
  const map = new Map(
    mapSitesOf(pv.sites, pv.health, pv.faultEvents, [], judge).map((s) => [s.id, s.status]),
  );
  const overview = buildOverview({
    sites: pv.sites,
    health: pv.health,
    faultEvents: pv.faultEvents,
    waterUsers: [],
    permits: [],
    equipment: [],
    sessions: [],
    ...judge,
  });
  const sitesTable = new Map(overview.rows.map((r) => [r.site.id, r.verdict.status]));
  const detail = new Map(
    pv.sites.map((site) => {
      const d = assembleSiteDetail(
        site,
        {
          history: pv.health.find((h) => h.siteId === site.id) ?? null,
          sameCode: [site],
          users: [],
          heldPermits: [],
          linkedPermit: [],
          equipment: [],
          sessions: [],
          faultEvents: pv.faultEvents.filter((e) => e.siteId === site.id),
        },
        judge,
      );
      return [site.id, d.verdict.status];
    }),
  );
  return { map, sitesTable, detail, overview };
}

async function loadService(db: Database, pv: Province): Promise<void> {
  await db.query('delete from records');
  await setPolicy(db, { ...pv.policy, version: undefined }, { actor: 'test', scope: 'all' }, pv.now);
  await scoped(db, 'all', async (tx) => {
    await upsertRecords(tx, 'sites', pv.sites, pv.now);
    await upsertRecords(tx, 'site_health', pv.health, pv.now);
    await upsertRecords(tx, 'fault_events', pv.faultEvents, pv.now);
  });
}

describeOnEngines('one verdict on every surface', ({ db, test }) => {
  test('map, Sites, detail, the service’s tasks and both monthly reports agree for generated provinces', async () => {
    await migrate(db());
    await fc.assert(
      fc.asyncProperty(provinceArb, async (p) => {
        const pv = province(p);
        await loadService(db(), pv);
        // The laptop judges with the policy the service holds (as synced).
        const policy = await getPolicy(db());
        const synced: Province = { ...pv, policy };

        // The status window.
        const window = statusPeriod(policy, pv.now);
        const w = laptopStatuses(synced, window);
        for (const site of pv.sites) {
          const m = w.map.get(site.id);
          expect(w.sitesTable.get(site.id), `Sites vs map, ${site.id}`).toBe(m);
          expect(w.detail.get(site.id), `detail vs map, ${site.id}`).toBe(m);
        }
        // The service raises exactly the tasks the laptop's verdicts call for.
        await runAutomation(db(), pv.now, 'all');
        const tasks = await scoped(db(), 'all', (tx) => readRecords<Task>(tx, 'tasks'));
        const raised = tasks
          .filter((t) => t.reason === 'silent' || t.reason === 'below_target')
          .map((t) => `${t.siteId}:${t.reason}:${t.dedupKey}`)
          .sort();
        const expected = w.overview.rows
          .map((r) => taskNeedForStatus(r.verdict, policy, pv.now))
          .filter((n) => n !== null)
          .map((n) => `${n.siteId}:${n.reason}:${n.dedupKey}`)
          .sort();
        expect(raised).toEqual(expected);

        // A month: both reports and the screens over the same month. The laptop has synced again, so
        // it holds the verdicts the automation just added (a running month shows them).
        const pulled = await scoped(db(), 'all', (tx) => readRecords<FaultEvent>(tx, 'fault_events'));
        const afterSync: Province = { ...synced, faultEvents: pulled };
        const month = monthPeriod(pv.month, pv.now);
        const mo = laptopStatuses(afterSync, month);
        const laptopReport = buildMonthlyReport({
          month: pv.month,
          region: '53',
          regionName: '测试',
          generatedAt: pv.now,
          sites: pv.sites,
          patrols: [],
          patrolEvents: [],
          faultEvents: pulled,
          health: pv.health,
          corrections: [],
          policy,
        });
        const serviceReport = await monthlyReport(db(), '53', pv.month, pv.now);
        const laptopRows = new Map(laptopReport.sites.map((s) => [s.siteId, s]));
        const serviceRows = new Map(serviceReport.sites.map((s) => [s.siteId, s]));
        expect(serviceReport.period).toEqual(laptopReport.period);
        for (const [siteId, row] of laptopRows) {
          const other = serviceRows.get(siteId);
          expect(other?.status, `service report vs laptop report, ${siteId}`).toBe(row.status);
          expect(other?.reportingRate).toBe(row.reportingRate);
          expect(mo.map.get(siteId), `map over the month vs report, ${siteId}`).toBe(row.status);
          expect(mo.sitesTable.get(siteId), `Sites over the month vs report, ${siteId}`).toBe(row.status);
        }
        expect(serviceReport.totals).toEqual(laptopReport.totals);
        expect(serviceReport.faults).toEqual(laptopReport.faults);
      }),
      { numRuns: 25, seed: Number(process.env['VERDICT_SEED'] ?? 20261207) },
    );
  }, 240_000);
});
