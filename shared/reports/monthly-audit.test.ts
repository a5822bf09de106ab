import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import type { Site } from '../domain/index';
import { auditHours, hourly, hourMs, t0, testSite } from '../verdicts/audit/audit-testing';
import {
  auditFindingEventSchema,
  auditFindingKey,
  type AuditFinding,
  type AuditFindingEvent,
} from '../verdicts/audit/index';
import { buildMonthlyReport } from './monthly';
import { auditHandlingZh, auditRowsOfMonth } from './monthly-audit';
import { auditTable } from './monthly-audit-table';
import { renderMonthlyReportHtml, reportHeadings } from './monthly-html';
import { monthlyReportSchema } from './monthly-schema';
import { monthlyWorkbook, xlsxSheets } from './monthly-workbook';
import { monthRange } from './time';

const code = '5303810001';
const november = monthRange('2026-11');
const volume = (h: number) => 1000 + 10 * h;
/** A counter going backwards at hour 8 of 2026-11-01 (t0 is 08:00 in Shanghai). */
const values = hourly('volume', 24, (h) => (h === 8 ? volume(7) - 50 : volume(h))).map((v) => ({
  ...v,
  siteCode: code,
}));
const [finding] = auditHours(testSite(['volume'], { code }), values, 24) as [AuditFinding];
const key = auditFindingKey(finding);

let n = 0;
function ev(type: AuditFindingEvent['type'], at: number, extra: Record<string, unknown> = {}) {
  n += 1;
  return auditFindingEventSchema.parse({
    id: `e${n}`,
    findingKey: key,
    by: 'county-a',
    recordedAt: at,
    receivedAt: at + 1000,
    type,
    ...(type === 'cause_recorded' ? { cause: 'meter_fault', note: '表头松动' } : {}),
    ...(type === 'corrected'
      ? {
          reason: '按现场表底更正',
          correction: {
            kind: 'revised_values',
            values: [{ time: t0 + 8 * hourMs, original: volume(7) - 50, revised: volume(8) }],
          },
        }
      : {}),
    ...(type === 'closed' ? { note: null } : {}),
    ...(type === 'dismissed' ? { reason: '水表更换，表底清零' } : {}),
    ...extra,
  });
}
const day = (d: number) => t0 + d * 24 * hourMs;
const cause = ev('cause_recorded', day(2));
const fix = ev('corrected', day(3));
const close = ev('closed', day(4), { by: 'city-b' });
const names = new Map([[code, '示例取水口']]);
const rows = (events: readonly AuditFindingEvent[], month = november, findings = [finding]) =>
  auditRowsOfMonth({ ...month, siteNames: names, findings, events });

describe('异常数据及处理 (the monthly report’s audit table)', () => {
  it('lists the month’s finding with its cause, its correction (original beside revised) and its state from the fold', () => {
    const [row] = rows([close, fix, cause]);
    expect(row).toMatchObject({
      findingKey: key,
      siteCode: code,
      element: 'volume',
      rule: 'cumulative_decrease',
      status: 'closed',
      cause: 'meter_fault',
      causeBy: 'county-a',
      closedBy: 'city-b',
    });
    expect(row?.corrections).toEqual([
      {
        by: 'county-a',
        reason: '按现场表底更正',
        at: day(3),
        kind: 'revised_values',
        values: [{ time: t0 + 8 * hourMs, original: 1020, revised: 1080 }],
        valueCount: 1,
        batchId: null,
      },
    ]);
    const [cells] = auditTable(rows([cause, fix, close])).rows;
    expect(cells).toEqual([
      code,
      '示例取水口',
      '累计水量',
      '累计值倒退',
      expect.stringMatching(/^2026-11-01 15:00/),
      '计量设施故障（表头松动） · county-a',
      'county-a 2026-11-04 08:00 更正：2026-11-01 16:00 1020→1080；原因：按现场表底更正',
      '已关闭',
    ]);
  });

  it('shows the state at the month’s end: handling in December stays out of November', () => {
    const lateFix = ev('corrected', november.end + hourMs);
    const [row] = rows([cause, lateFix]);
    expect(row).toMatchObject({ status: 'cause_recorded', corrections: [] });
  });

  it('keeps a refused event out of the state (closing before a correction is not a close)', () => {
    const early = ev('closed', day(2) + hourMs);
    expect(rows([cause, early])[0]).toMatchObject({ status: 'cause_recorded', closedAt: null });
  });

  it('lists an earlier finding handled in the month, not one merely left from before', () => {
    const december = monthRange('2026-12');
    expect(rows([cause, fix], december)).toEqual([]);
    const decClose = ev('closed', december.start + hourMs);
    expect(rows([cause, fix, decClose], december)[0]).toMatchObject({ status: 'closed' });
  });

  it('leaves out findings of sites outside the region, and counts a finding once', () => {
    const other = { ...finding, siteCode: '5303820009' };
    expect(rows([], november, [finding, other, finding]).map((r) => r.siteCode)).toEqual([code]);
  });

  it('says why a finding was dismissed as a genuine event, and lists a 补报 batch by id', () => {
    const dismissed = rows([ev('dismissed', day(2))])[0]!;
    expect(dismissed).toMatchObject({ status: 'dismissed', cause: 'genuine_event' });
    expect(auditHandlingZh(dismissed)).toBe('county-a 确认属实：水表更换，表底清零');
    const batch = ev('corrected', day(3), {
      correction: { kind: 'backfill', batchId: 'bf-17', from: t0, to: t0 + 23 * hourMs, count: 24 },
    });
    const backfilled = rows([cause, batch])[0]!;
    expect(auditHandlingZh(backfilled)).toContain('补报批次 bf-17（24 条）');
  });

  it('prints a value with at most three decimals, and a missing original as 缺测', () => {
    const precise = ev('corrected', day(3), {
      correction: {
        kind: 'revised_values',
        values: [
          { time: t0 + 8 * hourMs, original: 696715.0450340202, revised: 697285.001400453 },
          { time: t0 + 9 * hourMs, original: null, revised: 1090 },
        ],
      },
    });
    expect(auditHandlingZh(rows([cause, precise])[0]!)).toContain(
      '2026-11-01 16:00 696715.045→697285.001，2026-11-01 17:00 缺测→1090',
    );
  });

  it('travels in the report: schema, printed page and workbook sheet', () => {
    const site: Site = {
      ...(sampleRecords.sites as unknown as Site),
      id: 's1',
      code,
      name: '示例取水口',
      divisionCode: '530381' as Site['divisionCode'],
    };
    const base = {
      month: '2026-11',
      region: '530381',
      regionName: '示例县',
      generatedAt: november.end + 3 * hourMs,
      sites: [site],
      patrols: [],
      patrolEvents: [],
      faultEvents: [],
      health: [],
      corrections: [],
    };
    const report = buildMonthlyReport({
      ...base,
      auditFindings: [finding],
      auditFindingEvents: [cause, fix, close],
    });
    expect(monthlyReportSchema.parse(report).auditFindings).toHaveLength(1);
    const html = renderMonthlyReportHtml(report);
    expect(html).toContain(reportHeadings.audit);
    expect(html).toContain('1020→1080');
    const sheet = monthlyWorkbook(report).find((s) => s.name === xlsxSheets.audit);
    expect(sheet?.rows).toHaveLength(1);
    expect(sheet?.rows[0]?.[7]).toBe('已关闭');
    expect(renderMonthlyReportHtml(buildMonthlyReport(base))).toContain('本月无数据审核发现');
  });
});
