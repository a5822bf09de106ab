import {
  auditCauseCellZh,
  auditElementZh,
  auditHandlingZh,
  auditRuleZh,
  auditStatusZh,
  auditWindowZh,
  type ReportAuditRow,
} from './monthly-audit';
import type { ReportTable } from './monthly-tables';

/** 异常数据及处理 as the printed 月报 and its workbook both lay it out. */
export function auditTable(rows: readonly ReportAuditRow[]): ReportTable {
  return {
    columns: [
      '站点编码',
      '站点名称',
      '要素',
      '审核规则',
      '时段',
      '原因',
      '处理（更正人、原因、原值→更正值）',
      '状态',
    ],
    rows: rows.map((r) => [
      r.siteCode,
      r.siteName,
      auditElementZh[r.element],
      auditRuleZh[r.rule],
      auditWindowZh(r),
      auditCauseCellZh(r),
      auditHandlingZh(r),
      auditStatusZh[r.status],
    ]),
  };
}
