import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';

/** A refusal message starting with its named reason. */
const named = (reason: string): string => expect.stringMatching(new RegExp(`^${reason}`)) as string;
import { reportHeadings } from '#shared/reports/monthly-html';
import { monthlyReportSchema, type MonthlyReport } from '#shared/reports/monthly-schema';
import { chromiumPathFromEnv, createChromiumPdfRenderer } from './chromium-pdf';
import { xlsxSheets } from './report-xlsx';
import { createReportsHandlers } from './reports-service';

const at = Date.UTC(2026, 10, 12, 2);
const report: MonthlyReport = monthlyReportSchema.parse({
  month: '2026-11',
  region: '530381',
  regionName: '示例县',
  generatedAt: Date.UTC(2026, 10, 30, 8),
  period: { from: '2026-11-01', to: '2026-11-29', days: 29, partial: true, policyVersion: 1 },
  totals: {
    sites: 1,
    sitesPatrolled: 1,
    patrols: 1,
    faultsOpened: 1,
    faultsClosed: 0,
    faultsOpenAtEnd: 1,
    sitesBelowTarget: 1,
    correctionsPending: 1,
    monitoringRate: 1,
  },
  sites: [
    {
      siteId: 's1',
      code: '5303810001',
      name: '示例水厂取水口',
      kind: 'intake',
      divisionCode: '530381',
      patrols: 1,
      lastPatrolAt: at,
      faultsOpened: 1,
      faultsClosed: 0,
      faultsOpenAtEnd: 1,
      reportingRate: 0.8,
      stability: 0.7,
      targetReportingRate: 0.95,
      targetStability: 0.9,
      belowTarget: true,
      status: 'fault',
    },
  ],
  patrols: [
    {
      patrolId: 'p1',
      siteCode: '5303810001',
      siteName: '示例水厂取水口',
      checkInAt: at,
      checkOutAt: at + 45 * 60_000,
      durationMinutes: 45,
      distanceM: 14.3,
      outsideRadius: false,
      outsideRadiusReason: null,
      failedItems: 1,
      operatorId: 'tech-1',
    },
  ],
  faults: [
    {
      faultId: 'f1',
      siteCode: '5303810001',
      siteName: '示例水厂取水口',
      category: 'communication',
      severity: 'high',
      description: 'RTU 无应答',
      openedAt: at,
      closedAt: null,
      statusAtMonthEnd: 'in_progress',
      durationHours: 430,
      openedInMonth: true,
      closedInMonth: false,
      backfill: 'required',
    },
  ],
  belowTarget: [
    {
      siteId: 's1',
      siteCode: '5303810001',
      siteName: '示例水厂取水口',
      reportingRate: 0.8,
      stability: 0.7,
      targetReportingRate: 0.95,
      targetStability: 0.9,
      patrolDays: ['2026-11-12'],
      faults: [{ faultId: 'f1', category: 'communication', status: 'in_progress' }],
      rectification: 'in_progress',
    },
  ],
  corrections: [
    {
      siteCode: '5303810001',
      targetCollection: 'equipment',
      field: 'serialNumber',
      currentValueJson: '"SN0001"',
      proposedValueJson: '"SN0002"',
      reason: '铭牌序列号不符',
      status: 'pending',
      recordedAt: at,
    },
  ],
  readings: [
    {
      readingId: 'r1',
      siteCode: '5303810001',
      element: 'volume',
      value: 123456.7,
      unit: 'm³',
      source: 'manual',
      takenAt: at,
      supersedesId: null,
      operatorId: 'tech-1',
    },
  ],
});

const pdf = createChromiumPdfRenderer(chromiumPathFromEnv(process.env));
afterAll(() => pdf.close());
const dir = mkdtempSync(join(tmpdir(), 'wrm-reports-'));
const handlers = createReportsHandlers({ renderPdf: (html) => pdf.render(html), reportsDir: dir });
const ctx = { transport: 'websocket' as const };

describe('monthly report export', () => {
  it('writes an XLSX whose sheets read back with the report’s rows in Chinese', async () => {
    const out = await handlers['reports.exportXlsx']({ report }, ctx);
    expect(out.fileName).toBe('月报-示例县-530381-2026-11.xlsx');
    const bytes = Buffer.from(out.dataBase64, 'base64');
    expect(readFileSync(join(dir, out.fileName)).equals(bytes)).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    // This report was made without 运维考核 (as reports before the KPIs were): that sheet is left out.
    expect(book.worksheets.map((w) => w.name)).toEqual(
      Object.values(xlsxSheets).filter((name) => name !== xlsxSheets.kpis),
    );
    const summary = book.getWorksheet(xlsxSheets.summary)!;
    expect(summary.getCell('A1').value).toBe('示例县2026年11月总体试运行月报');
    const values = (name: string, row: number) =>
      (book.getWorksheet(name)!.getRow(row).values as unknown[])
        .slice(1)
        .map((v) => (v === undefined ? '' : v));
    expect(values(xlsxSheets.patrols, 3)).toEqual([
      '5303810001',
      '示例水厂取水口',
      '2026-11-12 10:00',
      '2026-11-12 10:45',
      45,
      14,
      '',
      1,
      'tech-1',
    ]);
    expect(values(xlsxSheets.faults, 2)[3]).toBe('类别');
    expect(values(xlsxSheets.faults, 3)).toEqual(
      expect.arrayContaining(['通信故障', '严重', '处理中', 430, '待补报']),
    );
    expect(values(xlsxSheets.belowTarget, 3)).toEqual(
      expect.arrayContaining(['80.0%', '95.0%', '2026-11-12', '整改中']),
    );
    // The month's field readings, and the period the report covers (a running month says so).
    expect(values(xlsxSheets.readings, 3)).toEqual(
      expect.arrayContaining(['5303810001', 'volume', 123456.7]),
    );
    expect(values(xlsxSheets.summary, 5)).toEqual(
      expect.arrayContaining(['统计期间', '2026-11-01 至 2026-11-29，共 29 天（本月截至目前，未满月）']),
    );
    expect(values(xlsxSheets.corrections, 3)).toEqual(expect.arrayContaining(['"SN0002"', '待审核']));
  });

  it('prints a PDF through Chromium whose extracted text has the Chinese headings', async () => {
    const out = await handlers['reports.exportPdf']({ report }, ctx);
    const bytes = Buffer.from(out.dataBase64, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = join(dir, 'check.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const heading of Object.values(reportHeadings)) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('示例水厂取水口');
    expect(text).toContain('通信故障');
    // Every glyph comes from an embedded font (Chromium embeds the Noto CJK outlines as Type 3 fonts).
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((line) => / yes /.test(line))).toBe(true);
  });

  it('names a missing PDF printer instead of failing silently', async () => {
    const broken = createReportsHandlers({
      renderPdf: () => Promise.reject(new Error('no chromium')),
      reportsDir: dir,
    });
    await expect(broken['reports.exportPdf']({ report }, ctx)).rejects.toMatchObject({
      code: 'unavailable',
      message: named('pdf-renderer-unavailable'),
    });
  });
});
