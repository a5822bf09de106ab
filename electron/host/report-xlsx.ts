import ExcelJS from 'exceljs';
import type { MonthlyReport } from '#shared/reports/monthly-schema';
import { fillWorkbook, monthlyWorkbook } from '#shared/reports/monthly-workbook';

export { xlsxSheets } from '#shared/reports/monthly-workbook';

/** The 月报 as an XLSX workbook: one sheet per section of the report, in Chinese. */
export async function renderMonthlyReportXlsx(report: MonthlyReport): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'wrm-field';
  book.created = new Date(report.generatedAt);
  fillWorkbook(book, monthlyWorkbook(report));
  return new Uint8Array(await book.xlsx.writeBuffer());
}
