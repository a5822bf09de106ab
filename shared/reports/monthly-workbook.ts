import {
  backfillZh,
  faultCategoryZh,
  faultSeverityZh,
  faultStatusZh,
  monthTitleZh,
  percentZh,
  rectificationZh,
  periodLineZh,
} from './labels-zh';
import { auditTable } from './monthly-audit-table';
import { kpiTable } from './monthly-kpi-table';
import { reportHeadings } from './monthly-html';
import type { MonthlyReport } from './monthly-schema';
import { correctionsTable, patrolsTable, sitesTable, type ReportCell } from './monthly-tables';
import { dateTimeOf } from './time';

/**
 * The 月报 workbook as data: its sheets, titles, columns and rows — one definition the laptop's export
 * and the service's download both write (with `fillWorkbook`), so the two files cannot disagree.
 */
export type WorkbookSheet = {
  readonly name: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ReportCell[])[];
  readonly widths: readonly number[];
};

/** Sheet names (Excel allows 31 characters, no `[]:*?/\`). */
export const xlsxSheets = {
  summary: '概况',
  patrols: '巡查',
  sites: '站点',
  faults: '故障',
  belowTarget: '未达标整改',
  readings: '现场读数',
  corrections: '基础数据核查',
  audit: '异常数据及处理',
  kpis: '运维考核',
} as const;

const dt = (ms: number | null) => (ms === null ? null : dateTimeOf(ms));

export function monthlyWorkbook(report: MonthlyReport): WorkbookSheet[] {
  const t = report.totals;
  const patrols = patrolsTable(report);
  const sites = sitesTable(report, { division: true });
  const corrections = correctionsTable(report);
  const audit = auditTable(report.auditFindings ?? []);
  const kpis = kpiTable(report);
  return [
    {
      name: xlsxSheets.summary,
      title: `${report.regionName}${monthTitleZh(report.month)}${reportHeadings.title}`,
      columns: ['项目', '数值'],
      rows: [
        ['区划代码', report.region],
        ['统计月份', report.month],
        ['统计期间', periodLineZh(report)],
        ['站点数', t.sites],
        ['已巡查站点', t.sitesPatrolled],
        ['巡查次数', t.patrols],
        ['新开故障', t.faultsOpened],
        ['本月关闭故障', t.faultsClosed],
        ['月末未关闭故障', t.faultsOpenAtEnd],
        ['未达标站点', t.sitesBelowTarget],
        ['待审核基础数据更正', t.correctionsPending],
        ['监测率', percentZh(t.monitoringRate)],
        ['考核规则版本', report.period.policyVersion],
        ['生成时间（北京时间）', dt(report.generatedAt)],
      ],
      widths: [24, 40],
    },
    {
      name: xlsxSheets.patrols,
      title: reportHeadings.patrols,
      columns: patrols.columns,
      rows: patrols.rows,
      widths: [14, 24, 18, 18, 14, 12, 24, 10, 12],
    },
    {
      name: xlsxSheets.sites,
      title: reportHeadings.sites,
      columns: sites.columns,
      rows: sites.rows,
      widths: [14, 24, 16, 10, 10, 10, 10, 12, 10, 10, 12],
    },
    {
      name: xlsxSheets.faults,
      title: reportHeadings.faults,
      columns: [
        '故障单号',
        '站点编码',
        '站点名称',
        '类别',
        '级别',
        '描述',
        '开单时间',
        '关闭时间',
        '月末状态',
        '历时(小时)',
        '补报',
      ],
      rows: report.faults.map((f) => [
        f.faultId,
        f.siteCode,
        f.siteName,
        f.category === null ? null : faultCategoryZh[f.category],
        f.severity === null ? null : (faultSeverityZh[f.severity] ?? f.severity),
        f.description,
        dt(f.openedAt),
        dt(f.closedAt),
        faultStatusZh[f.statusAtMonthEnd],
        f.durationHours,
        backfillZh[f.backfill],
      ]),
      widths: [38, 14, 24, 14, 8, 36, 18, 18, 14, 12, 10],
    },
    {
      name: xlsxSheets.belowTarget,
      title: reportHeadings.belowTarget,
      columns: [
        '站点编码',
        '站点名称',
        '上报率',
        '目标上报率',
        '稳定性',
        '目标稳定性',
        '巡查日期',
        '故障单',
        '整改状态',
      ],
      rows: report.belowTarget.map((b) => [
        b.siteCode,
        b.siteName,
        percentZh(b.reportingRate),
        percentZh(b.targetReportingRate),
        percentZh(b.stability),
        percentZh(b.targetStability),
        b.patrolDays.join('、'),
        b.faults
          .map(
            (f) =>
              `${f.faultId.slice(0, 8)} ${f.category === null ? '' : faultCategoryZh[f.category]} ${faultStatusZh[f.status]}`,
          )
          .join('；'),
        rectificationZh[b.rectification],
      ]),
      widths: [14, 24, 10, 10, 10, 10, 24, 40, 10],
    },
    {
      name: xlsxSheets.readings,
      title: '现场读数',
      columns: ['站点编码', '要素', '读数', '单位', '来源', '读取时间', '更正', '读取人'],
      rows: report.readings.map((r) => [
        r.siteCode,
        r.element,
        r.value,
        r.unit,
        r.source === 'manual' ? '人工读表' : '诊断读取',
        dt(r.takenAt),
        readingStandingZh(r),
        r.operatorId,
      ]),
      widths: [14, 12, 14, 8, 10, 18, 36, 12],
    },
    {
      name: xlsxSheets.corrections,
      title: reportHeadings.corrections,
      columns: corrections.columns,
      rows: corrections.rows,
      widths: [14, 12, 16, 20, 20, 30, 10, 12],
    },
    {
      name: xlsxSheets.audit,
      title: reportHeadings.audit,
      columns: audit.columns,
      rows: audit.rows,
      widths: [14, 24, 12, 16, 34, 28, 60, 12],
    },
    ...(kpis.columns.length === 0
      ? []
      : [
          {
            name: xlsxSheets.kpis,
            title: reportHeadings.kpis,
            columns: kpis.columns,
            rows: kpis.rows,
            widths: [20, 16, 16, 16, 16, 12, 16, 20, 20, 40],
          },
        ]),
  ];
}

/** The little of an XLSX workbook library that writing the sheets needs (exceljs has this shape). */
export type WorkbookLike = {
  addWorksheet(
    name: string,
    options: { views: { state: 'frozen'; ySplit: number }[] },
  ): {
    addRow(values: readonly ReportCell[] | readonly string[]): {
      font: unknown;
      eachCell(fn: (cell: { fill: unknown; border: unknown }) => void): void;
    };
    mergeCells(top: number, left: number, bottom: number, right: number): void;
    getCell(row: number, col: number): { font: unknown; alignment: unknown };
    getColumn(col: number): { width?: number };
  };
};

/** Writes sheets into a workbook: a merged title row, a bold tinted header, frozen panes. */
export function fillWorkbook(book: WorkbookLike, sheets: readonly WorkbookSheet[]): void {
  for (const s of sheets) {
    const ws = book.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.addRow([s.title]);
    ws.mergeCells(1, 1, 1, s.columns.length);
    const titleCell = ws.getCell(1, 1);
    titleCell.font = { name: '宋体', size: 14, bold: true };
    titleCell.alignment = { horizontal: 'center' };
    const header = ws.addRow([...s.columns]);
    header.font = { name: '宋体', bold: true };
    header.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF3FB' } };
      c.border = { bottom: { style: 'thin' } };
    });
    for (const r of s.rows) {
      ws.addRow(r.map((c) => (c === null ? '' : c)));
    }
    s.widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
    });
  }
}

/** The 更正 column: how a reading stands, with the original beside its correction and the reason. */
function readingStandingZh(r: MonthlyReport['readings'][number]): string | null {
  const was =
    r.originalValue === null || r.originalValue === undefined ? '' : `，原值 ${r.originalValue} ${r.unit}`;
  const why = r.reason ? `；原因：${r.reason}` : '';
  switch (r.standing) {
    case 'corrected':
      return '已被更正（不计入）';
    case 'withdrawn':
      return '已撤回（不计入）';
    case 'withdrawal':
      return `撤回${was}${why}`;
    case 'in-force':
    case undefined:
      return r.supersedesId === null ? null : `更正${was}${why}`;
  }
}
