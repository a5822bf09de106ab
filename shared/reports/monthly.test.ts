import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import type { Correction, FaultEvent, Patrol, PatrolEvent, Site, SiteHealth } from '../domain/index';
import { buildMonthlyReport } from './monthly';
import { renderMonthlyReportHtml, reportHeadings } from './monthly-html';
import { monthlyReportSchema } from './monthly-schema';
import { sitesTable } from './monthly-tables';
import { monthlyWorkbook } from './monthly-workbook';
import { dayStart, monthRange, parseWallClock, dayOf } from './time';

const at = (day: string, hour = 10) => dayStart(day) + hour * 3_600_000;
const site = (id: string, code: string, division: string, kind: Site['kind'] = 'intake'): Site => ({
  ...(sampleRecords.sites as unknown as Site),
  id,
  code,
  name: `站点${code.slice(-2)}`,
  divisionCode: division as Site['divisionCode'],
  kind,
});
const sites = [
  site('s1', '5303810001', '530381'),
  site('s2', '5303810002', '530381', 'boundary_section'),
  site('s3', '5303820003', '530382'),
];

/** 30 days of history from 2026-11-01: s1 healthy, s2 silent from the 10th until the 20th. */
function health(siteId: string, received: (day: number) => number): SiteHealth {
  const days = Array.from({ length: 40 }, (_, i) => i);
  return {
    ...(sampleRecords.site_health as unknown as SiteHealth),
    id: siteId,
    siteId,
    firstDay: '2026-11-01',
    expected: days.map(() => 24),
    receivedSlots: days.map(received),
    validValues: days.map((d) => received(d) * 2),
    reports: days.map(received),
  };
}
const healthRows = [health('s1', () => 24), health('s2', (d) => (d >= 9 && d < 19 ? 0 : 24))];

const patrol = (id: string, siteId: string, day: string): Patrol => ({
  ...(sampleRecords.patrols as unknown as Patrol),
  id,
  siteId,
  checkIn: { ...(sampleRecords.patrols as unknown as Patrol).checkIn, at: at(day) },
});
const checkout = (patrolId: string, day: string): PatrolEvent => ({
  ...(sampleRecords.patrol_events as unknown as PatrolEvent),
  id: `${patrolId}-out`,
  patrolId,
  type: 'check_out',
  itemId: null,
  outcome: null,
  checkOut: { at: at(day) + 45 * 60_000, position: null, accuracyM: null, distanceM: null, source: 'none' },
});
const fe = (
  faultId: string,
  siteId: string,
  type: FaultEvent['type'],
  time: number,
  extra: Partial<FaultEvent> = {},
): FaultEvent => ({
  ...(sampleRecords.fault_events as unknown as FaultEvent),
  id: `${faultId}-${type}-${time}`,
  faultId,
  siteId,
  type,
  recordedAt: time,
  ...extra,
});

const input = {
  month: '2026-11',
  region: '530381',
  regionName: '示例县',
  generatedAt: at('2026-12-01'),
  sites,
  patrols: [
    patrol('p1', 's2', '2026-11-12'),
    patrol('p2', 's2', '2026-11-19'),
    patrol('p3', 's1', '2026-10-30'),
    patrol('p4', 's3', '2026-11-05'),
  ],
  patrolEvents: [checkout('p1', '2026-11-12')],
  faultEvents: [
    // f1: s2 silent, opened 11-12, repaired 11-19, verified 11-21 → closed in the month.
    fe('f1', 's2', 'opened', at('2026-11-12')),
    fe('f1', 's2', 'repaired', at('2026-11-19'), { actions: '更换电池' }),
    fe('f1', 's2', 'verified', at('2026-11-21')),
    fe('f1', 's2', 'backfill_required', at('2026-11-19', 12), {
      backfillFrom: at('2026-11-10', 0),
      backfillTo: at('2026-11-19', 0),
    }),
    // f2: s1, opened in October, still open at the end of November; verified in December (after).
    fe('f2', 's1', 'opened', at('2026-10-20'), { category: 'power' }),
    fe('f2', 's1', 'repaired', at('2026-11-28'), { actions: '更换太阳能控制器' }),
    fe('f2', 's1', 'verified', at('2026-12-02')),
    // f3: closed in October — not in November's report.
    fe('f3', 's1', 'opened', at('2026-10-01')),
    fe('f3', 's1', 'repaired', at('2026-10-02'), { actions: 'x' }),
    fe('f3', 's1', 'verified', at('2026-10-03')),
  ],
  health: healthRows,
  corrections: [
    { ...(sampleRecords.corrections as unknown as Correction), siteId: 's2', recordedAt: at('2026-11-12') },
  ],
};

describe('monthly report (月报 / 整改反馈)', () => {
  it('aggregates patrols, faults, targets and rectification for a county and month', () => {
    const r = buildMonthlyReport(input);
    expect(monthlyReportSchema.safeParse(r).success).toBe(true);
    expect(r.totals).toEqual({
      sites: 2,
      sitesPatrolled: 1,
      patrols: 2,
      faultsOpened: 1,
      faultsClosed: 1,
      faultsOpenAtEnd: 1,
      sitesBelowTarget: 1,
      correctionsPending: 1,
      monitoringRate: 1,
    });
    expect(r.patrols.map((p) => [p.patrolId, p.durationMinutes])).toEqual([
      ['p1', 45],
      ['p2', null],
    ]);
    expect(
      r.faults.map((f) => [f.faultId, f.statusAtMonthEnd, f.openedInMonth, f.closedInMonth, f.backfill]),
    ).toEqual([
      ['f2', 'repaired', false, false, 'not_required'],
      ['f1', 'verified', true, true, 'required'],
    ]);
    const f1 = r.faults.find((f) => f.faultId === 'f1')!;
    expect(f1.durationHours).toBe(9 * 24);
    const f2 = r.faults.find((f) => f.faultId === 'f2')!;
    expect(f2.durationHours).toBe((monthRange('2026-11').end - at('2026-10-20')) / 3_600_000);
    const s2 = r.sites.find((s) => s.siteId === 's2')!;
    expect(s2.reportingRate).toBeCloseTo(20 / 30, 6);
    expect(s2.stability).toBeCloseTo(20 / 30, 6);
    expect(s2).toMatchObject({
      belowTarget: true,
      targetReportingRate: 1,
      patrols: 2,
      faultsOpened: 1,
      faultsClosed: 1,
    });
    expect(r.sites.find((s) => s.siteId === 's1')).toMatchObject({
      reportingRate: 1,
      belowTarget: false,
      faultsOpenAtEnd: 1,
    });
    expect(r.belowTarget).toEqual([
      expect.objectContaining({
        siteId: 's2',
        patrolDays: ['2026-11-12', '2026-11-19'],
        faults: [{ faultId: 'f1', category: 'communication', status: 'verified' }],
        rectification: 'rectified',
      }),
    ]);
    // Generated mid-month, an open ticket has lasted until then, not until the month's end.
    const midMonth = buildMonthlyReport({ ...input, generatedAt: at('2026-11-25') });
    expect(midMonth.faults.find((f) => f.faultId === 'f2')!.durationHours).toBe(36 * 24);
    // A whole province includes the other county's site and patrol.
    expect(buildMonthlyReport({ ...input, region: '53' }).totals).toMatchObject({ sites: 3, patrols: 3 });
  });

  it('judges a site with no reporting history as silent (shared/health), and a suspended one not at all', () => {
    const r = buildMonthlyReport({ ...input, health: [] });
    expect(r.totals).toMatchObject({ sitesBelowTarget: 2, monitoringRate: 0 });
    expect(r.sites.map((s) => s.reportingRate)).toEqual([0, 0]);
    const suspended = buildMonthlyReport({
      ...input,
      sites: [{ ...sites[0]!, status: 'suspended' }, sites[1]!],
    });
    expect(suspended.sites[0]).toMatchObject({ reportingRate: null, belowTarget: false });
    expect(suspended.totals.monitoringRate).toBe(1);
  });

  it('renders Chinese HTML with every heading, escaping what crews typed', () => {
    const r = buildMonthlyReport({
      ...input,
      faultEvents: [
        ...input.faultEvents,
        fe('f9', 's1', 'opened', at('2026-11-03'), { description: '<script>alert(1)</script>' }),
      ],
    });
    const html = renderMonthlyReportHtml(r);
    for (const h of Object.values(reportHeadings)) {
      expect(html).toContain(h);
    }
    expect(html).toContain('示例县2026年11月总体试运行月报');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('已整改');
    expect(html).toContain('待补报');
  });
});

describe('Asia/Shanghai time', () => {
  it('cuts months and days at Beijing midnight and reads EXIF wall-clock time', () => {
    expect(monthRange('2026-11')).toEqual({
      start: Date.UTC(2026, 9, 31, 16),
      end: Date.UTC(2026, 10, 30, 16),
      days: 30,
    });
    expect(dayOf(Date.UTC(2026, 10, 30, 15, 59))).toBe('2026-11-30');
    expect(dayOf(Date.UTC(2026, 10, 30, 16, 0))).toBe('2026-12-01');
    expect(parseWallClock('2026:11:25 17:04:05')).toBe(Date.UTC(2026, 10, 25, 9, 4, 5));
    expect(parseWallClock('2026:11:25 17:04:05', '+00:00')).toBe(Date.UTC(2026, 10, 25, 17, 4, 5));
    expect(parseWallClock('0000:00:00 00:00:00')).toBeNull();
    expect(() => monthRange('2026-13')).toThrow();
  });
});

describe('site table of the 月报', () => {
  it('the workbook and the printed page lay out the same site columns (the page without 区划)', () => {
    const r = buildMonthlyReport(input);
    const sheet = monthlyWorkbook(r).find((s) => s.title === reportHeadings.sites)!;
    const wide = sitesTable(r, { division: true });
    const narrow = sitesTable(r, { division: false });
    expect(sheet.columns).toEqual(wide.columns);
    expect(sheet.rows).toEqual(wide.rows);
    expect(narrow.columns).toEqual(wide.columns.filter((c) => c !== '区划'));
    expect(narrow.rows.map((row) => row.length)).toEqual(wide.rows.map((row) => row.length - 1));
    const html = renderMonthlyReportHtml(r);
    const section = html.slice(html.indexOf(reportHeadings.sites));
    for (const column of narrow.columns) {
      expect(section).toContain(`<th>${column}</th>`);
    }
    expect(section.slice(0, section.indexOf('</table>'))).not.toContain('<th>区划</th>');
  });
});

describe('monthly report: 运维考核 (contractor KPIs)', () => {
  it('counts the month with the previous month beside it, in the JSON, the printed page and the workbook', () => {
    const r = buildMonthlyReport(input);
    expect(monthlyReportSchema.safeParse(r).success).toBe(true);
    // f1 opened and repaired (168 h) and verified first time in November, its respond stage late;
    // f2 (opened in October) repaired on the 28th after 936 h; p1 and p2 at the county's sites.
    expect(r.kpis?.current.region).toMatchObject({
      faultsOpened: 1,
      slaBreached: 1,
      slaMet: 0,
      repairs: 2,
      meanTimeToRepairHours: 552,
      verified: 1,
      firstTimeFixRate: 1,
      patrols: 2,
    });
    // October: f2 opened, f3 opened, repaired and verified; nothing repaired twice.
    expect(r.kpis?.previous).toMatchObject({
      month: '2026-10',
      region: { faultsOpened: 2, repairs: 1, verified: 1, meanTimeToRepairHours: 24, patrols: 1 },
    });
    expect(renderMonthlyReportHtml(r)).toContain(`<h2>${reportHeadings.kpis}</h2>`);
    const sheet = monthlyWorkbook(r).find((s) => s.name === '运维考核');
    expect(sheet?.rows[0]?.slice(0, 3)).toEqual(['全区 530381', '2（上月 1）', '1（上月 2）']);
  });
});
