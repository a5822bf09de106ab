import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostHandlers } from '#shared/host/dispatch';
import { renderMonthlyReportHtml } from '#shared/reports/monthly-html';
import type { MonthlyReport } from '#shared/reports/monthly-schema';
import { CodedError } from '#shared/result';
import { renderMonthlyReportXlsx } from './report-xlsx';
import { siteLabelsHtml } from './site-labels';

export type ReportsServiceDeps = {
  /** Prints self-contained HTML to PDF (Electron: printToPDF; web shell: headless Chromium). */
  readonly renderPdf: (html: string) => Promise<Uint8Array>;
  /** Where a copy of every export is kept (the crew can find it again offline). */
  readonly reportsDir: string;
};

export function reportFileName(report: MonthlyReport, ext: 'xlsx' | 'pdf'): string {
  const safeRegion = report.regionName.replace(/[\\/:*?"<>|\s]+/g, '') || report.region;
  return `月报-${safeRegion}-${report.region}-${report.month}.${ext}`;
}

async function keep(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), bytes);
}

export function createReportsHandlers(
  deps: ReportsServiceDeps,
): Pick<HostHandlers, 'reports.exportXlsx' | 'reports.exportPdf' | 'reports.exportSiteLabels'> {
  const printed = async (html: string) => {
    try {
      return await deps.renderPdf(html);
    } catch (error) {
      throw new CodedError(
        'unavailable',
        `pdf-renderer-unavailable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  return {
    'reports.exportSiteLabels': async ({ sheet }) => {
      const bytes = await printed(await siteLabelsHtml(sheet));
      const safe = sheet.title.replace(/[\\/:*?"<>|\s]+/g, '') || 'sites';
      const fileName = `站点标签-${safe}.pdf`;
      await keep(deps.reportsDir, fileName, bytes);
      return {
        fileName,
        mime: 'application/pdf',
        dataBase64: Buffer.from(bytes).toString('base64'),
        bytes: bytes.byteLength,
      };
    },
    'reports.exportXlsx': async ({ report }) => {
      const bytes = await renderMonthlyReportXlsx(report);
      const fileName = reportFileName(report, 'xlsx');
      await keep(deps.reportsDir, fileName, bytes);
      return {
        fileName,
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        dataBase64: Buffer.from(bytes).toString('base64'),
        bytes: bytes.byteLength,
      };
    },
    'reports.exportPdf': async ({ report }) => {
      let bytes: Uint8Array;
      try {
        bytes = await deps.renderPdf(renderMonthlyReportHtml(report));
      } catch (error) {
        throw new CodedError(
          'unavailable',
          `pdf-renderer-unavailable: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const fileName = reportFileName(report, 'pdf');
      await keep(deps.reportsDir, fileName, bytes);
      return {
        fileName,
        mime: 'application/pdf',
        dataBase64: Buffer.from(bytes).toString('base64'),
        bytes: bytes.byteLength,
      };
    },
  };
}
