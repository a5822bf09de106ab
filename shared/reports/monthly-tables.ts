import { correctionStatusZh, percentZh, siteKindZh, siteStatusZh } from './labels-zh';
import type { MonthlyReport } from './monthly-schema';
import { dateTimeOf, dayOf } from './time';

/** A cell of a report table; null is "nothing to show" (a dash on paper, an empty cell in XLSX). */
export type ReportCell = string | number | null;
export type ReportTable = {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ReportCell[])[];
};

const dt = (ms: number | null) => (ms === null ? null : dateTimeOf(ms));

/**
 * The tables the printed 月报 and its workbook lay out the same way, defined once so the two can never
 * disagree on a column. (Sections laid out differently for the narrow page are built by each format.)
 */
export function patrolsTable(report: MonthlyReport): ReportTable {
  return {
    columns: [
      '站点编码',
      '站点名称',
      '签到时间',
      '签退时间',
      '在站时长(分钟)',
      '签到距离(米)',
      '范围外原因',
      '不合格项',
      '巡查人',
    ],
    rows: report.patrols.map((p) => [
      p.siteCode,
      p.siteName,
      dt(p.checkInAt),
      dt(p.checkOutAt),
      p.durationMinutes,
      p.distanceM === null ? null : Math.round(p.distanceM),
      p.outsideRadiusReason,
      p.failedItems,
      p.operatorId,
    ]),
  };
}

/**
 * Each site's month: patrols, faults, rates and status. The workbook names the county (区划) of each
 * site; the printed page, too narrow for it, leaves that column out.
 */
export function sitesTable(report: MonthlyReport, options: { readonly division: boolean }): ReportTable {
  const division = options.division;
  return {
    columns: [
      '站点编码',
      '站点名称',
      '类型',
      ...(division ? ['区划'] : []),
      '巡查次数',
      '新开故障',
      '关闭故障',
      '月末未关闭',
      '上报率',
      '稳定性',
      '状态',
    ],
    rows: report.sites.map((s) => [
      s.code,
      s.name,
      siteKindZh[s.kind],
      ...(division ? [s.divisionCode] : []),
      s.patrols,
      s.faultsOpened,
      s.faultsClosed,
      s.faultsOpenAtEnd,
      percentZh(s.reportingRate),
      percentZh(s.stability),
      siteStatusZh[s.status],
    ]),
  };
}

export function correctionsTable(report: MonthlyReport): ReportTable {
  return {
    columns: ['站点编码', '对象', '字段', '原值', '更正为', '原因', '状态', '提出日期'],
    rows: report.corrections.map((c) => [
      c.siteCode,
      c.targetCollection,
      c.field,
      c.currentValueJson,
      c.proposedValueJson,
      c.reason,
      correctionStatusZh[c.status],
      dayOf(c.recordedAt),
    ]),
  };
}
