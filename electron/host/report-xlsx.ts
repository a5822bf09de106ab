import ExcelJS from 'exceljs';
import {
  backfillZh,
  faultCategoryZh,
  faultSeverityZh,
  faultStatusZh,
  monthTitleZh,
  percentZh,
  rectificationZh,
  siteKindZh,
} from '../../shared/reports/labels-zh';
import { reportHeadings } from '../../shared/reports/monthly-html';
import type { MonthlyReport } from '../../shared/reports/monthly-schema';
import { correctionsTable, patrolsTable } from '../../shared/reports/monthly-tables';
import { dateTimeOf } from '../../shared/reports/time';

/** Sheet names of the 月报 workbook (Excel allows 31 characters, no `[]:*?/\`). */
export const xlsxSheets = {
  summary: '概况',
  patrols: '巡查',
  sites: '站点',
  faults: '故障',
  belowTarget: '未达标整改',
  corrections: '基础数据核查',
} as const;

type Cell = string | number | null;
const dt = (ms: number | null) => (ms === null ? '' : dateTimeOf(ms));

function sheet(
  book: ExcelJS.Workbook,
  name: string,
  title: string,
  head: readonly string[],
  rows: readonly (readonly Cell[])[],
  widths: readonly number[],
): void {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, head.length);
  const titleCell = ws.getCell(1, 1);
  titleCell.font = { name: '宋体', size: 14, bold: true };
  titleCell.alignment = { horizontal: 'center' };
  const header = ws.addRow([...head]);
  header.font = { name: '宋体', bold: true };
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF3FB' } };
    c.border = { bottom: { style: 'thin' } };
  });
  for (const r of rows) {
    ws.addRow(r.map((c) => (c === null ? '' : c)));
  }
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
}

/** The 月报 as an XLSX workbook: one sheet per section of the report, in Chinese. */
export async function renderMonthlyReportXlsx(report: MonthlyReport): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'wrm-field';
  book.created = new Date(report.generatedAt);
  const title = `${report.regionName}${monthTitleZh(report.month)}${reportHeadings.title}`;
  const t = report.totals;
  sheet(
    book,
    xlsxSheets.summary,
    title,
    ['项目', '数值'],
    [
      ['区划代码', report.region],
      ['统计月份', report.month],
      ['站点数', t.sites],
      ['已巡查站点', t.sitesPatrolled],
      ['巡查次数', t.patrols],
      ['新开故障', t.faultsOpened],
      ['本月关闭故障', t.faultsClosed],
      ['月末未关闭故障', t.faultsOpenAtEnd],
      ['未达标站点', t.sitesBelowTarget],
      ['待审核基础数据更正', t.correctionsPending],
      ['监测率', percentZh(t.monitoringRate)],
      ['生成时间（北京时间）', dt(report.generatedAt)],
    ],
    [24, 24],
  );
  const patrols = patrolsTable(report);
  sheet(
    book,
    xlsxSheets.patrols,
    reportHeadings.patrols,
    patrols.columns,
    patrols.rows,
    [14, 24, 18, 18, 14, 12, 24, 10, 12],
  );
  sheet(
    book,
    xlsxSheets.sites,
    reportHeadings.sites,
    [
      '站点编码',
      '站点名称',
      '类型',
      '区划',
      '巡查次数',
      '新开故障',
      '关闭故障',
      '月末未关闭',
      '上报率',
      '稳定性',
      '是否达标',
    ],
    report.sites.map((s) => [
      s.code,
      s.name,
      siteKindZh[s.kind],
      s.divisionCode,
      s.patrols,
      s.faultsOpened,
      s.faultsClosed,
      s.faultsOpenAtEnd,
      percentZh(s.reportingRate),
      percentZh(s.stability),
      s.reportingRate === null ? '无数据' : s.belowTarget ? '未达标' : '达标',
    ]),
    [14, 24, 16, 10, 10, 10, 10, 12, 10, 10, 10],
  );
  sheet(
    book,
    xlsxSheets.faults,
    reportHeadings.faults,
    [
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
    report.faults.map((f) => [
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
    [38, 14, 24, 14, 8, 36, 18, 18, 14, 12, 10],
  );
  sheet(
    book,
    xlsxSheets.belowTarget,
    reportHeadings.belowTarget,
    [
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
    report.belowTarget.map((b) => [
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
    [14, 24, 10, 10, 10, 10, 24, 40, 10],
  );
  const corrections = correctionsTable(report);
  sheet(
    book,
    xlsxSheets.corrections,
    reportHeadings.corrections,
    corrections.columns,
    corrections.rows,
    [14, 12, 16, 20, 20, 30, 10, 12],
  );
  const buffer = await book.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
