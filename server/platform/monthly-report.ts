import ExcelJS from 'exceljs';
import type {
  Correction,
  Equipment,
  FaultEvent,
  Patrol,
  PatrolEvent,
  Reading,
  Site,
  SiteHealth,
  TaskEvent,
} from '#shared/domain/index';
import { buildMonthlyReport } from '#shared/reports/monthly';
import type { MonthlyReport } from '#shared/reports/monthly-schema';
import { fillWorkbook, monthlyWorkbook, xlsxSheets } from '#shared/reports/monthly-workbook';
import type { ProvincePolicy } from '#shared/verdicts/index';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import { readRecords } from '../sync/platform-writes';
import { getPolicy } from './policy';

/**
 * The 月报 of a region on the service: the records it holds, handed to the one report builder the
 * laptops use too (shared/reports), judged with the province policy.
 */
export async function monthlyReport(
  db: Database,
  region: string,
  month: string,
  now: number,
  /** The province policy to judge with; the one the service holds when not given. */
  given?: ProvincePolicy,
): Promise<MonthlyReport> {
  const policy = given ?? (await getPolicy(db));
  return scoped(db, region, async (tx) => {
    const inRegion = <T extends { divisionCode: string }>(rows: T[]) =>
      rows.filter((r) => r.divisionCode.startsWith(region));
    return buildMonthlyReport({
      month,
      region,
      regionName: region,
      generatedAt: now,
      sites: inRegion(await readRecords<Site>(tx, 'sites')),
      health: inRegion(await readRecords<SiteHealth>(tx, 'site_health')),
      patrols: inRegion(await readRecords<Patrol>(tx, 'patrols')),
      patrolEvents: inRegion(await readRecords<PatrolEvent>(tx, 'patrol_events')),
      faultEvents: inRegion(await readRecords<FaultEvent>(tx, 'fault_events')),
      corrections: inRegion(await readRecords<Correction>(tx, 'corrections')),
      readings: inRegion(await readRecords<Reading>(tx, 'readings')),
      taskEvents: inRegion(await readRecords<TaskEvent>(tx, 'task_events')),
      equipment: inRegion(await readRecords<Equipment>(tx, 'equipment')),
      policy,
    });
  });
}

/** The 月报 (every sheet) or the 整改反馈 (below-target sites and faults) as an XLSX workbook. */
export async function monthlyReportXlsx(
  report: MonthlyReport,
  kind: 'monthly' | 'rectification',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'wrm-field sync service';
  workbook.created = new Date(report.generatedAt);
  const sheets = monthlyWorkbook(report).filter(
    (s) =>
      kind === 'monthly' ||
      s.name === xlsxSheets.summary ||
      s.name === xlsxSheets.belowTarget ||
      s.name === xlsxSheets.faults,
  );
  fillWorkbook(workbook, sheets);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
