import { percentZh } from './labels-zh';
import type { MonthlyReport } from './monthly-schema';
import type { ReportTable } from './monthly-tables';

type Kpis = NonNullable<MonthlyReport['kpis']>['current'];
type Figures = Kpis['region'];

const beside = (now: string, before: string) => `${now}（上月 ${before}）`;
const hours = (h: number | null) => (h === null ? '—' : String(h));
const visits = (f: Figures) =>
  f.patrolsDue === null || f.patrolsDoneOnTime === null ? '—' : `${f.patrolsDoneOnTime}/${f.patrolsDue}`;
const instruments = (f: Figures) =>
  f.instrumentsOverdueCalibration === null || f.instrumentsOverdueCalibration === undefined
    ? '—'
    : `${f.instrumentsOverdueCalibration}（无记录 ${f.instrumentsCalibrationUnrecorded ?? 0}）`;
const parts = (f: Figures) =>
  f.partsUsed.length === 0 ? '—' : f.partsUsed.map((p) => `${p.part}×${p.count}`).join('、');

function row(scope: string, now: Figures, before: Figures | undefined) {
  const empty: Figures = {
    faultsOpened: 0,
    slaMet: 0,
    slaBreached: 0,
    slaRunning: 0,
    repairs: 0,
    meanTimeToRepairHours: null,
    verified: 0,
    firstTimeFixRate: null,
    partsUsed: [],
    patrols: 0,
    patrolsDue: null,
    patrolsDoneOnTime: null,
  };
  const b = before ?? empty;
  return [
    scope,
    beside(String(now.patrols), String(b.patrols)),
    beside(String(now.faultsOpened), String(b.faultsOpened)),
    beside(String(now.slaMet), String(b.slaMet)),
    beside(String(now.slaBreached), String(b.slaBreached)),
    String(now.slaRunning),
    beside(String(now.repairs), String(b.repairs)),
    beside(hours(now.meanTimeToRepairHours), hours(b.meanTimeToRepairHours)),
    beside(percentZh(now.firstTimeFixRate), percentZh(b.firstTimeFixRate)),
    parts(now),
    beside(visits(now), visits(b)),
    beside(instruments(now), instruments(b)),
  ];
}

/**
 * 运维考核 as the printed 月报 and its workbook both lay it out: the region, each county and each crew,
 * this month with the previous month beside it. A figure that cannot be judged is a dash, never 0.
 */
export function kpiTable(report: MonthlyReport): ReportTable {
  const kpis = report.kpis;
  if (kpis === undefined) {
    return { columns: [], rows: [] };
  }
  const prev = kpis.previous;
  return {
    columns: [
      '范围',
      '巡查次数',
      '新开故障',
      '时限内完成',
      '超时',
      '月末未到期',
      '修复次数',
      '平均修复时长(小时)',
      '一次修复率',
      '备件用量',
      '计划巡检(按时/应巡)',
      '仪器超期未检定/校准',
    ],
    rows: [
      row(`全区 ${report.region}`, kpis.current.region, prev.region),
      ...kpis.current.byCounty.map((c) =>
        row(
          `区县 ${c.divisionCode}`,
          c,
          prev.byCounty.find((p) => p.divisionCode === c.divisionCode),
        ),
      ),
      ...kpis.current.byCrew.map((c) =>
        row(
          `班组 ${c.crew}`,
          c,
          prev.byCrew.find((p) => p.crew === c.crew),
        ),
      ),
    ],
  };
}
