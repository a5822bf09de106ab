import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import type { Reading, Site } from '../domain/index';
import { testAuthor } from '../patrol/test-author';
import { buildReading, correctReading, withdrawReading } from '../patrol/readings';
import { buildMonthlyReport } from './monthly';
import { monthlyWorkbook } from './monthly-workbook';
import { monthlyReportSchema } from './monthly-schema';
import { dayStart } from './time';

const site: Site = { ...(sampleRecords.sites as unknown as Site), id: 's1', code: '5303810001' };

function readingsOfAVisit(): Reading[] {
  const author = testAuthor(dayStart('2026-11-05') + 10 * 3_600_000);
  const made = (r: ReturnType<typeof buildReading>) => {
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    author.advance(60_000);
    return r.value;
  };
  const base = {
    siteId: 's1',
    divisionCode: site.divisionCode,
    patrolId: 'p1',
    equipmentId: null,
    unit: 'm³/h',
    source: 'manual' as const,
    diagnosticSessionId: null,
    note: null,
  };
  const flow = made(buildReading({ ...base, element: 'flow', value: 12.5 }, author));
  const corrected = made(
    correctReading(flow, [flow], { value: 125, unit: 'm³/h', reason: '小数点看错' }, author),
  );
  const level = made(buildReading({ ...base, element: 'level', unit: 'm', value: 3.2 }, author));
  const withdrawal = made(withdrawReading(level, [flow, corrected, level], '读错了水尺', author));
  return [flow, corrected, level, withdrawal];
}

describe('the monthly report’s readings', () => {
  const readings = readingsOfAVisit();
  const report = buildMonthlyReport({
    month: '2026-11',
    region: '530381',
    regionName: '会泽县',
    generatedAt: dayStart('2026-12-01'),
    sites: [site],
    patrols: [],
    patrolEvents: [],
    faultEvents: [],
    health: [],
    corrections: [],
    readings,
  });

  it('lists every record, the original beside its correction, each marked with how it stands', () => {
    expect(monthlyReportSchema.safeParse(report).success).toBe(true);
    expect(report.readings.map((r) => [r.element, r.value, r.standing, r.originalValue, r.reason])).toEqual([
      ['flow', 12.5, 'corrected', null, null],
      ['flow', 125, 'in-force', 12.5, '小数点看错'],
      ['level', 3.2, 'withdrawn', null, null],
      ['level', 3.2, 'withdrawal', 3.2, '读错了水尺'],
    ]);
  });

  it('says so in the workbook’s 更正 column', () => {
    const sheet = monthlyWorkbook(report).find((s) => s.title === '现场读数')!;
    expect(sheet.rows.map((row) => row[6])).toEqual([
      '已被更正（不计入）',
      '更正，原值 12.5 m³/h；原因：小数点看错',
      '已撤回（不计入）',
      '撤回，原值 3.2 m；原因：读错了水尺',
    ]);
  });
});
