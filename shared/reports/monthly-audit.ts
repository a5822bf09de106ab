import { z } from 'zod';
import { elementCodes, type ElementCode } from '../monitoring/values';
import {
  auditCauses,
  auditFindingKey,
  auditFindingStatuses,
  auditRules,
  foldAuditFinding,
  type AuditCause,
  type AuditFinding,
  type AuditFindingEvent,
  type AuditFindingStatus,
  type AuditRule,
} from '../verdicts/audit/index';
import { dateTimeOf } from './time';

/**
 * The 月报's "abnormal data and handling" (异常数据及处理) table: every data-audit finding of the month
 * with its cause, its corrections (who, why, each original beside its revised value) and its state at
 * the month's end — the state is the finding-life fold of the verdict core, never judged here.
 */
const ms = z.number().int().min(0).max(9_999_999_999_999);
const short = (n: number) => z.string().max(n);

/** Revised values listed per correction; the rest is counted (`valueCount`). */
export const reportRevisedValueLimit = 20;

export const reportAuditRowSchema = z
  .object({
    findingKey: short(200),
    siteCode: short(40),
    siteName: short(200),
    element: z.enum(elementCodes),
    rule: z.enum(auditRules),
    from: z.number().int(),
    to: z.number().int(),
    /** The window reached the end of what was audited and may still grow. */
    ongoing: z.boolean(),
    /** Values (or slots, for `missing`) that fired the rule. */
    evidenceCount: z.number().int().min(0),
    status: z.enum(auditFindingStatuses),
    cause: z.enum(auditCauses).nullable(),
    causeNote: short(2000).nullable(),
    causeBy: short(100).nullable(),
    corrections: z
      .array(
        z
          .object({
            by: short(100),
            reason: short(2000),
            at: ms,
            kind: z.enum(['revised_values', 'backfill']),
            /** The first revised values, each with the original it stands beside. */
            values: z
              .array(
                z.object({ time: z.number().int(), original: z.number().nullable(), revised: z.number() }),
              )
              .max(reportRevisedValueLimit),
            valueCount: z.number().int().min(0),
            batchId: short(64).nullable(),
          })
          .strict(),
      )
      .max(100),
    /** Why it was dismissed as a genuine event. */
    dismissal: short(2000).nullable(),
    closedAt: ms.nullable(),
    closedBy: short(100).nullable(),
  })
  .strict();
export type ReportAuditRow = z.infer<typeof reportAuditRowSchema>;

export type MonthlyAuditInput = {
  /** [start, end) of the month, ms. */
  readonly start: number;
  readonly end: number;
  /** The region's sites by code (findings of other sites are left out). */
  readonly siteNames: ReadonlyMap<string, string>;
  readonly findings: readonly AuditFinding[];
  readonly events: readonly AuditFindingEvent[];
};

/** When an event happened (device time, never later than receipt) — what the month's cut uses. */
const happenedAt = (e: AuditFindingEvent) =>
  e.receivedAt === null ? e.recordedAt : Math.min(e.recordedAt, e.receivedAt);

/**
 * The month's rows: a finding whose window touches the month, or that was handled in it (an event
 * in the month), at one of the region's sites — each folded from the events that happened before the
 * month's end, so a later month's handling does not show in this one. Sorted by site, window, key.
 */
export function auditRowsOfMonth(input: MonthlyAuditInput): ReportAuditRow[] {
  const { start, end } = input;
  const eventsByKey = new Map<string, AuditFindingEvent[]>();
  for (const e of input.events) {
    if (happenedAt(e) < end) {
      const list = eventsByKey.get(e.findingKey) ?? [];
      list.push(e);
      eventsByKey.set(e.findingKey, list);
    }
  }
  const rows: ReportAuditRow[] = [];
  const seen = new Set<string>();
  for (const f of input.findings) {
    const key = auditFindingKey(f);
    const siteName = input.siteNames.get(f.siteCode);
    if (siteName === undefined || seen.has(key)) {
      continue;
    }
    const events = eventsByKey.get(key) ?? [];
    const windowInMonth = f.from < end && f.to >= start;
    if (!windowInMonth && !events.some((e) => happenedAt(e) >= start)) {
      continue;
    }
    seen.add(key);
    const state = foldAuditFinding(key, events);
    rows.push({
      findingKey: key,
      siteCode: f.siteCode,
      siteName,
      element: f.element,
      rule: f.rule,
      from: f.from,
      to: f.to,
      ongoing: f.ongoing,
      evidenceCount: f.evidence.count,
      status: state.status,
      cause: state.cause,
      causeNote: state.causeNote,
      causeBy: state.causeBy,
      corrections: state.corrections.map((c) => ({
        by: c.by,
        reason: c.reason,
        at: c.at,
        kind: c.correction.kind,
        values:
          c.correction.kind === 'revised_values' ? c.correction.values.slice(0, reportRevisedValueLimit) : [],
        valueCount: c.correction.kind === 'revised_values' ? c.correction.values.length : c.correction.count,
        batchId: c.correction.kind === 'backfill' ? c.correction.batchId : null,
      })),
      dismissal: state.dismissal,
      closedAt: state.closedAt,
      closedBy: state.closedBy,
    });
  }
  return rows.sort(
    (a, b) =>
      a.siteCode.localeCompare(b.siteCode) ||
      a.from - b.from ||
      (a.findingKey < b.findingKey ? -1 : a.findingKey > b.findingKey ? 1 : 0),
  );
}

/** The Chinese names the 月报 uses (the app's zh-CN catalog says the same). */
export const auditElementZh: Readonly<Record<ElementCode, string>> = {
  flow: '瞬时流量',
  volume: '累计水量',
  level: '水位',
  velocity: '流速',
  ph: 'pH',
  do: '溶解氧',
  turbidity: '浊度',
  codmn: '高锰酸盐指数',
  cod: '化学需氧量',
  nh3n: '氨氮',
  tp: '总磷',
  tn: '总氮',
  conductivity: '电导率',
  temperature: '水温',
};

export const auditRuleZh: Readonly<Record<AuditRule, string>> = {
  missing: '漏报',
  duplicate: '重复上报',
  future_time: '时标错误',
  out_of_range: '超出合理范围',
  constant: '恒值',
  negative: '负值',
  cumulative_decrease: '累计值倒退',
  cumulative_flow_mismatch: '累计水量与瞬时流量不符',
  spike: '突变',
};

export const auditCauseZh: Readonly<Record<AuditCause, string>> = {
  meter_fault: '计量设施故障',
  rtu_clock: '遥测终端时钟错误',
  communication: '通信故障',
  data_entry: '数据录入错误',
  genuine_event: '真实事件',
};

export const auditStatusZh: Readonly<Record<AuditFindingStatus, string>> = {
  open: '待处理',
  cause_recorded: '已查明原因',
  corrected: '已更正',
  closed: '已关闭',
  dismissed: '属实排除',
};

/** A value on paper: at most three decimals (a stored value keeps every digit it came with). */
const auditValueZh = (v: number | null) => (v === null ? '缺测' : String(Math.round(v * 1000) / 1000));

/** The 处理 cell: each correction with who, why and every listed original → revised; or the dismissal. */
export function auditHandlingZh(row: ReportAuditRow): string | null {
  const parts = row.corrections.map((c) => {
    const what =
      c.kind === 'backfill'
        ? `补报批次 ${c.batchId ?? ''}（${c.valueCount} 条）`
        : [
            ...c.values.map(
              (v) => `${dateTimeOf(v.time)} ${auditValueZh(v.original)}→${auditValueZh(v.revised)}`,
            ),
            ...(c.valueCount > c.values.length ? [`等 ${c.valueCount} 个值`] : []),
          ].join('，');
    return `${c.by} ${dateTimeOf(c.at)} 更正：${what}；原因：${c.reason}`;
  });
  if (row.dismissal !== null) {
    parts.push(`${row.closedBy ?? ''} 确认属实：${row.dismissal}`);
  }
  return parts.length === 0 ? null : parts.join('；');
}

/** The 原因 cell: the recorded cause, its note and who recorded it. */
export function auditCauseCellZh(row: ReportAuditRow): string | null {
  if (row.cause === null) {
    return null;
  }
  const note = row.causeNote === null ? '' : `（${row.causeNote}）`;
  const by = row.causeBy === null ? '' : ` · ${row.causeBy}`;
  return `${auditCauseZh[row.cause]}${note}${by}`;
}

/** The 时段 cell: the finding's window, marked while it may still grow. */
export function auditWindowZh(row: Pick<ReportAuditRow, 'from' | 'to' | 'ongoing'>): string {
  const window =
    row.from === row.to ? dateTimeOf(row.from) : `${dateTimeOf(row.from)} – ${dateTimeOf(row.to)}`;
  return row.ongoing ? `${window}（持续）` : window;
}
