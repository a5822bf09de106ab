import type { FaultCategory, SiteKind } from '../domain/index';
import type { FaultStatus } from '../faults/state-machine';
import type { SiteStatus } from '../verdicts/site-status';
import type { MonthlyReport, RectificationStatus } from './monthly-schema';
import { dateTimeOf } from './time';

/**
 * The Chinese names the operator's 月报 uses. Reports go to the ministry's project office in Chinese
 * whatever the UI language; the UI itself translates through its catalogs.
 */
export const siteKindZh: Readonly<Record<SiteKind, string>> = {
  intake: '取用水户监测点',
  source_quality: '水源地水质站',
  boundary_section: '省界断面',
};

/** The status names every surface uses (the app's catalogs say the same in zh-CN). */
export const siteStatusZh: Readonly<Record<SiteStatus, string>> = {
  fault: '故障未关闭',
  silent: '无数据',
  below: '未达标',
  meets: '达标',
  not_judged: '不参与考核',
};

export const faultCategoryZh: Readonly<Record<FaultCategory, string>> = {
  no_data: '无数据',
  abnormal_data: '数据异常',
  communication: '通信故障',
  power: '供电故障',
  meter_damage: '计量设施损坏',
  sensor_damage: '传感器损坏',
  rtu: '遥测终端故障',
  analyser: '分析仪故障',
  other: '其他',
};

export const faultSeverityZh: Readonly<Record<string, string>> = {
  low: '一般',
  medium: '较重',
  high: '严重',
  critical: '紧急',
};

export const faultStatusZh: Readonly<Record<FaultStatus, string>> = {
  open: '已开单',
  in_progress: '处理中',
  repaired: '已修复待核实',
  verified: '已核实关闭',
  reopened: '已重开',
};

export const rectificationZh: Readonly<Record<RectificationStatus, string>> = {
  rectified: '已整改',
  in_progress: '整改中',
  not_started: '未整改',
};

export const backfillZh: Readonly<Record<'not_required' | 'required' | 'done', string>> = {
  not_required: '无需补报',
  required: '待补报',
  done: '已补报',
};

export const correctionStatusZh: Readonly<Record<'pending' | 'approved' | 'rejected', string>> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '已驳回',
};

export function percentZh(ratio: number | null): string {
  return ratio === null ? '—' : `${(Math.round(ratio * 1000) / 10).toFixed(1)}%`;
}

export function monthTitleZh(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** The period line every copy of the report carries: a running month says it is partial. */
export function periodLineZh(report: Pick<MonthlyReport, 'period' | 'month' | 'generatedAt'>): string {
  const p = report.period;
  if (p.days === 0) {
    return `${report.month} 尚无完整的一天（截至 ${dateTimeOf(report.generatedAt)}）`;
  }
  return `${p.from} 至 ${p.to}，共 ${p.days} 天${p.partial ? '（本月截至目前，未满月）' : ''}`;
}
