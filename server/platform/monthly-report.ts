import ExcelJS from 'exceljs';
import type { Correction, FaultEvent, Patrol, Site, SiteHealth } from '../../shared/domain/index';
import type { MonthlyCounts, MonthlyReport, RectificationItem } from '../../shared/sync/index';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import { readRecords } from '../sync/platform-writes';
import { defaultAutomationConfig, monthReportingRate, shanghaiDay } from './automation';

/**
 * Monthly report data per region, computed on the service from the records it holds (the server-side
 * aggregation; the app's own report module may compute the same from a device's data). Device times
 * are clamped to receipt time, so a laptop with a wrong clock cannot move a patrol into another month.
 */
export async function monthlyReport(
  db: Database,
  region: string,
  month: string,
  now: number,
): Promise<MonthlyReport> {
  return scoped(db, region, async (tx) => {
    const sites = (await readRecords<Site>(tx, 'sites')).filter((s) => s.divisionCode.startsWith(region));
    const health = new Map((await readRecords<SiteHealth>(tx, 'site_health')).map((h) => [h.siteId, h]));
    const patrols = await readRecords<Patrol>(tx, 'patrols');
    const faultEvents = await readRecords<FaultEvent>(tx, 'fault_events');
    const corrections = await readRecords<Correction>(tx, 'corrections');
    const when = (e: { recordedAt: number; receivedAt?: number | null | undefined }) =>
      Math.min(e.recordedAt, e.receivedAt ?? e.recordedAt);
    const inMonth = (ms: number) => shanghaiDay(ms).startsWith(month);
    const monthEnd = lastDayOf(month);
    const afterMonth = (ms: number) => shanghaiDay(ms) > monthEnd;

    const siteById = new Map(sites.map((s) => [s.id, s]));
    const counties = [...new Set(sites.map((s) => s.divisionCode))].sort();
    const blank = (): MonthlyCounts => ({
      sites: 0,
      patrolsDone: 0,
      sitesPatrolled: 0,
      faultsOpened: 0,
      faultsClosed: 0,
      faultsOpenAtMonthEnd: 0,
      sitesBelowTarget: 0,
    });
    const byCounty = new Map<string, { -readonly [K in keyof MonthlyCounts]: number }>(
      counties.map((c) => [c, { ...blank() }]),
    );
    const patrolledSites = new Map<Site['divisionCode'], Set<string>>();
    const rectification: RectificationItem[] = [];

    for (const site of sites) {
      const c = byCounty.get(site.divisionCode)!;
      c.sites += 1;
      const h = health.get(site.id);
      const rate = h === undefined ? null : monthReportingRate(h, month, monthEnd);
      const target = site.targets?.reportingRate ?? defaultAutomationConfig.reportingTargets[site.kind];
      if (rate !== null && rate < target) {
        c.sitesBelowTarget += 1;
        rectification.push({
          kind: 'below_target',
          ref: `${site.id}:${month}`,
          siteCode: site.code,
          siteName: site.name,
          divisionCode: site.divisionCode,
          issue: `上报率 ${(rate * 100).toFixed(1)}% < ${(target * 100).toFixed(0)}%`,
          openedAt: null,
          status: 'open',
          closedAt: null,
        });
      }
    }
    for (const p of patrols) {
      const c = byCounty.get(p.divisionCode);
      if (c !== undefined && siteById.has(p.siteId) && inMonth(when(p))) {
        c.patrolsDone += 1;
        patrolledSites.set(p.divisionCode, (patrolledSites.get(p.divisionCode) ?? new Set()).add(p.siteId));
      }
    }
    for (const [county, set] of patrolledSites) {
      byCounty.get(county)!.sitesPatrolled = set.size;
    }
    const faults = new Map<string, FaultEvent[]>();
    for (const e of faultEvents) {
      if (siteById.has(e.siteId)) {
        faults.set(e.faultId, [...(faults.get(e.faultId) ?? []), e]);
      }
    }
    for (const [faultId, events] of faults) {
      const ordered = [...events].sort(
        (a, b) => (a.receivedAt ?? 0) - (b.receivedAt ?? 0) || when(a) - when(b),
      );
      const opened = ordered.find((e) => e.type === 'opened');
      if (opened === undefined || afterMonth(when(opened))) {
        continue;
      }
      const site = siteById.get(opened.siteId)!;
      const c = byCounty.get(site.divisionCode)!;
      if (inMonth(when(opened))) {
        c.faultsOpened += 1;
      }
      const upToMonthEnd = ordered.filter((e) => !afterMonth(when(e)));
      const lifecycle = upToMonthEnd.filter((e) =>
        ['opened', 'in_progress', 'repaired', 'verified', 'reopened'].includes(e.type),
      );
      const lastState = lifecycle[lifecycle.length - 1]?.type ?? 'opened';
      const verified = upToMonthEnd.filter((e) => e.type === 'verified').pop();
      if (verified !== undefined && inMonth(when(verified))) {
        c.faultsClosed += 1;
      }
      if (lastState !== 'verified') {
        c.faultsOpenAtMonthEnd += 1;
      }
      if (inMonth(when(opened)) || lastState !== 'verified') {
        rectification.push({
          kind: 'fault',
          ref: faultId,
          siteCode: site.code,
          siteName: site.name,
          divisionCode: site.divisionCode,
          issue: `${opened.category ?? 'other'}${opened.description ? `：${opened.description}` : ''}`,
          openedAt: when(opened),
          status: lastState === 'opened' ? 'open' : (lastState as RectificationItem['status']),
          closedAt: lastState === 'verified' && verified ? when(verified) : null,
        });
      }
    }
    const countyList = counties.map((divisionCode) => ({ divisionCode, ...byCounty.get(divisionCode)! }));
    const sum = (k: keyof MonthlyCounts) => countyList.reduce((a, c) => a + c[k], 0);
    const regionCorrections = corrections.filter((c) => siteById.has(c.siteId));
    return {
      region,
      month,
      generatedAt: now,
      totals: {
        sites: sum('sites'),
        patrolsDone: sum('patrolsDone'),
        sitesPatrolled: sum('sitesPatrolled'),
        faultsOpened: sum('faultsOpened'),
        faultsClosed: sum('faultsClosed'),
        faultsOpenAtMonthEnd: sum('faultsOpenAtMonthEnd'),
        sitesBelowTarget: sum('sitesBelowTarget'),
        correctionsPending: regionCorrections.filter((c) => c.status === 'pending').length,
        correctionsDecided: regionCorrections.filter((c) => c.status !== 'pending').length,
      },
      byCounty: countyList,
      rectification,
    };
  });
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

const countHeaders: [keyof MonthlyCounts, string][] = [
  ['sites', '站点数'],
  ['patrolsDone', '巡查次数'],
  ['sitesPatrolled', '已巡查站点'],
  ['faultsOpened', '新开故障'],
  ['faultsClosed', '已核实关闭'],
  ['faultsOpenAtMonthEnd', '月末未关闭'],
  ['sitesBelowTarget', '上报率未达标站点'],
];
const statusNames: Record<RectificationItem['status'], string> = {
  open: '未整改',
  in_progress: '整改中',
  repaired: '已修复待核实',
  verified: '已核实',
  reopened: '复发',
};

/** The 月报 or the 整改反馈 as an XLSX workbook. */
export async function monthlyReportXlsx(
  report: MonthlyReport,
  kind: 'monthly' | 'rectification',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'wrm-field sync service';
  workbook.created = new Date(report.generatedAt);
  if (kind === 'monthly') {
    const sheet = workbook.addWorksheet('月报');
    sheet.addRow([`${report.month} 运行维护月报（区域 ${report.region}）`]);
    sheet.addRow([]);
    sheet.addRow(['行政区划代码', ...countHeaders.map(([, h]) => h)]).font = { bold: true };
    for (const c of report.byCounty) {
      sheet.addRow([c.divisionCode, ...countHeaders.map(([k]) => c[k])]);
    }
    sheet.addRow(['合计', ...countHeaders.map(([k]) => report.totals[k])]).font = { bold: true };
    sheet.addRow([]);
    sheet.addRow(['基础数据更正待审', report.totals.correctionsPending]);
    sheet.addRow(['基础数据更正已决', report.totals.correctionsDecided]);
    sheet.columns.forEach((col) => (col.width = 16));
  } else {
    const sheet = workbook.addWorksheet('整改反馈');
    sheet.addRow([
      '类型',
      '编号',
      '站点编码',
      '站点名称',
      '行政区划代码',
      '问题',
      '发现时间',
      '整改状态',
      '关闭时间',
    ]).font = { bold: true };
    const time = (ms: number | null) =>
      ms === null ? '' : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    for (const item of report.rectification) {
      sheet.addRow([
        item.kind === 'fault' ? '故障' : '上报率未达标',
        item.ref,
        item.siteCode,
        item.siteName,
        item.divisionCode,
        item.issue,
        time(item.openedAt),
        statusNames[item.status],
        time(item.closedAt),
      ]);
    }
    sheet.columns.forEach((col) => (col.width = 18));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
