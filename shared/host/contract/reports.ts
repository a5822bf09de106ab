import { z } from 'zod';
import { labelSheetSchema } from '../../labels/site-label';
import { monthlyReportSchema } from '../../reports/monthly-schema';
import { method } from './define';

/**
 * The 月报 / 整改反馈 exported by the host: XLSX (exceljs) and PDF (the report's HTML printed by
 * Chromium — Electron's printToPDF, or headless Chromium under the web shell). The renderer computes
 * the report (shared/reports) from its database and sends it; the host validates it like any argument.
 */
export type ExportedReport = {
  readonly fileName: string;
  readonly mime: string;
  readonly dataBase64: string;
  readonly bytes: number;
};

export const reportsMethods = {
  'reports.exportXlsx': method<ExportedReport>()(z.object({ report: monthlyReportSchema }).strict()),
  'reports.exportPdf': method<ExportedReport>()(z.object({ report: monthlyReportSchema }).strict()),
  /** A sheet of site QR labels (one per site: code, name, QR) as PDF, printed like the 月报. */
  'reports.exportSiteLabels': method<ExportedReport>()(z.object({ sheet: labelSheetSchema }).strict()),
};

export const reportsEvents = {};
