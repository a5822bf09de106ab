import {
  backfillZh,
  faultCategoryZh,
  faultSeverityZh,
  faultStatusZh,
  monthTitleZh,
  percentZh,
  periodLineZh,
  rectificationZh,
} from './labels-zh';
import { auditTable } from './monthly-audit-table';
import { kpiTable } from './monthly-kpi-table';
import type { MonthlyReport } from './monthly-schema';
import { correctionsTable, patrolsTable, sitesTable, type ReportTable } from './monthly-tables';
import { dateTimeOf } from './time';

/** The 月报 as one self-contained HTML page (no scripts, no remote resources) for printing to PDF. */
export const reportHeadings = {
  title: '总体试运行月报',
  summary: '一、本月概况',
  patrols: '二、巡查情况',
  sites: '三、各站点巡查与上报情况',
  faults: '四、故障处理情况',
  belowTarget: '五、未达标站点及整改反馈',
  corrections: '六、基础数据核查',
  audit: '七、异常数据及处理',
  kpis: '八、运维考核',
} as const;

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

function table(
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  empty: string,
): string {
  if (rows.length === 0) {
    return `<p class="empty">${escapeHtml(empty)}</p>`;
  }
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

const dt = (ms: number | null) => (ms === null ? '—' : dateTimeOf(ms));

/** A shared table on paper: nothing-to-show cells as a dash. */
function shownTable(t: ReportTable, empty: string): string {
  return table(
    t.columns,
    t.rows.map((r) => r.map((c) => c ?? '—')),
    empty,
  );
}

export function renderMonthlyReportHtml(report: MonthlyReport): string {
  const t = report.totals;
  const title = `${report.regionName}${monthTitleZh(report.month)}${reportHeadings.title}`;
  const summary = table(
    [
      '站点数',
      '已巡查站点',
      '巡查次数',
      '新开故障',
      '本月关闭',
      '月末未关闭',
      '未达标站点',
      '待审核更正',
      '监测率',
    ],
    [
      [
        t.sites,
        t.sitesPatrolled,
        t.patrols,
        t.faultsOpened,
        t.faultsClosed,
        t.faultsOpenAtEnd,
        t.sitesBelowTarget,
        t.correctionsPending,
        percentZh(t.monitoringRate),
      ],
    ],
    '无',
  );
  const patrols = shownTable(patrolsTable(report), '本月无巡查记录');
  const sites = shownTable(sitesTable(report, { division: false }), '无站点');
  const faults = table(
    ['故障单', '站点', '类别', '级别', '描述', '开单时间', '关闭时间', '月末状态', '历时(小时)', '补报'],
    report.faults.map((f) => [
      f.faultId.slice(0, 13),
      `${f.siteCode} ${f.siteName}`,
      f.category === null ? '—' : faultCategoryZh[f.category],
      f.severity === null ? '—' : (faultSeverityZh[f.severity] ?? f.severity),
      f.description ?? '—',
      dt(f.openedAt),
      dt(f.closedAt),
      faultStatusZh[f.statusAtMonthEnd],
      f.durationHours,
      backfillZh[f.backfill],
    ]),
    '本月无故障',
  );
  const below = table(
    ['站点', '上报率/目标', '稳定性/目标', '采取措施', '整改状态'],
    report.belowTarget.map((b) => [
      `${b.siteCode} ${b.siteName}`,
      `${percentZh(b.reportingRate)} / ${percentZh(b.targetReportingRate)}`,
      `${percentZh(b.stability)} / ${percentZh(b.targetStability)}`,
      [
        b.patrolDays.length > 0
          ? `巡查 ${b.patrolDays.length} 次（${b.patrolDays.map((d) => d.slice(5)).join('、')}）`
          : '',
        ...b.faults.map(
          (f) =>
            `故障单 ${f.faultId.slice(0, 8)}：${f.category === null ? '' : faultCategoryZh[f.category]}，${faultStatusZh[f.status]}`,
        ),
      ]
        .filter((s) => s.length > 0)
        .join('；') || '无',
      rectificationZh[b.rectification],
    ]),
    '本月无未达标站点',
  );
  const corrections = shownTable(correctionsTable(report), '本月无基础数据更正');
  const audit = shownTable(auditTable(report.auditFindings ?? []), '本月无数据审核发现');
  const kpis = shownTable(kpiTable(report), '本报告生成时尚无运维考核');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
@page { size: A4 landscape; margin: 14mm 12mm; }
body { font-family: 'Noto Sans CJK SC', 'Noto Serif CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 4pt; }
.meta { text-align: center; color: #444; margin-bottom: 10pt; }
h2 { font-size: 12.5pt; margin: 14pt 0 6pt; border-left: 4pt solid #1677ff; padding-left: 6pt; }
table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 0.6pt solid #888; padding: 3pt 4pt; text-align: left; vertical-align: top; }
th { background: #eef3fb; }
.empty { color: #666; }
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<div class="meta">区划 ${escapeHtml(report.region)} · 统计月份 ${escapeHtml(report.month)} · 统计期间 ${escapeHtml(periodLineZh(report))} · 生成时间 ${escapeHtml(dateTimeOf(report.generatedAt))}（北京时间）</div>
<h2>${reportHeadings.summary}</h2>${summary}
<h2>${reportHeadings.patrols}</h2>${patrols}
<h2>${reportHeadings.sites}</h2>${sites}
<h2>${reportHeadings.faults}</h2>${faults}
<h2>${reportHeadings.belowTarget}</h2>${below}
<h2>${reportHeadings.corrections}</h2>${corrections}
<h2>${reportHeadings.audit}</h2>${audit}
<h2>${reportHeadings.kpis}</h2>${kpis}
</body></html>`;
}
