import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import type { Equipment, PatrolEvent, Site } from '../domain/index';
import { dayStart } from '../health/days';
import { buildMonthlyReport } from '../reports/monthly';
import { kpiTable } from '../reports/monthly-kpi-table';
import { monthlyReportSchema } from '../reports/monthly-schema';
import { demoCalibrationPolicy } from './calibration';
import { demoFaultSlaPolicy } from './fault-sla';
import { maintenanceKpis } from './maintenance-kpis';

// "Instruments overdue for calibration" in the contractor's KPIs and the monthly report: the
// calibration verdict at the month's end, per county, never per crew.
const site = (id: string, divisionCode: string): Site =>
  ({
    ...sampleRecords.sites,
    id,
    code: `${divisionCode}${id}`,
    divisionCode,
    kind: 'intake',
  }) as unknown as Site;
const instrument = (id: string, siteId: string, role: Equipment['role'], installedOn: string | null) =>
  ({ ...sampleRecords.equipment, id, siteId, role, installedOn }) as unknown as Equipment;

function certificate(
  id: string,
  equipmentId: string,
  siteId: string,
  calibratedOn: string,
  recordedOn: string,
) {
  return {
    ...sampleRecords.patrol_events,
    id,
    siteId,
    type: 'calibration',
    itemId: null,
    outcome: null,
    supersedesId: null,
    signature: null,
    refersToId: null,
    calibration: {
      equipmentId,
      kind: 'verification',
      calibratedOn,
      certificateNo: `C-${id}`,
      institution: 'Metrology institute',
      intervalMonths: null,
      result: 'pass',
    },
    recordedAt: dayStart(recordedOn) + 3_600_000,
    receivedAt: null,
  } as unknown as PatrolEvent;
}

const sites = [site('a', '530102'), site('b', '530103'), site('c', '530103')];
// Meters: 24 months. a's meter verified 2024-11-20: due 2026-11-20, overdue at November's end.
// b's analyser installed 2025-12-10: due 2026-12-10 (due soon, not overdue, at November's end).
// c's meter has neither certificate nor installation day: unrecorded. The GNSS needs none.
const equipment = [
  instrument('m-a', 'a', 'meter', null),
  instrument('q-b', 'b', 'analyser', '2025-12-10'),
  instrument('m-c', 'c', 'meter', null),
  instrument('g-c', 'c', 'gnss', null),
];
const events = [
  certificate('pe-1', 'm-a', 'a', '2024-11-20', '2024-11-21'),
  // Seen on a patrol on 12-03: a new certificate of 12-01 for a's meter — counts from December only.
  certificate('pe-2', 'm-a', 'a', '2026-12-01', '2026-12-03'),
];
const input = {
  region: '53',
  sites,
  faultEvents: [],
  patrols: [],
  slaPolicy: demoFaultSlaPolicy,
  calibration: { policy: demoCalibrationPolicy, equipment, patrolEvents: events },
};

describe('KPI: instruments overdue for calibration', () => {
  it('counts the month’s end per county; a certificate seen later counts from its month', () => {
    const nov = maintenanceKpis({ ...input, month: '2026-11', now: dayStart('2027-01-05') });
    expect(nov.region).toMatchObject({
      instrumentsOverdueCalibration: 1,
      instrumentsCalibrationUnrecorded: 1,
    });
    expect(
      nov.byCounty.map((c) => [
        c.divisionCode,
        c.instrumentsOverdueCalibration,
        c.instrumentsCalibrationUnrecorded,
      ]),
    ).toEqual([
      ['530102', 1, 0],
      ['530103', 0, 1],
    ]);
    // December: a's meter has its new certificate; b's analyser fell due on 12-10.
    const dec = maintenanceKpis({ ...input, month: '2026-12', now: dayStart('2027-01-05') });
    expect(dec.byCounty.map((c) => [c.divisionCode, c.instrumentsOverdueCalibration])).toEqual([
      ['530102', 0],
      ['530103', 1],
    ]);
    // October: a's meter was still in force.
    const oct = maintenanceKpis({ ...input, month: '2026-10', now: dayStart('2027-01-05') });
    expect(oct.region.instrumentsOverdueCalibration).toBe(0);
  });

  it('is null without a register, where no instrument needs one, and for crews', () => {
    const none = maintenanceKpis({
      ...input,
      calibration: undefined,
      month: '2026-11',
      now: dayStart('2026-12-05'),
    });
    expect(none.region.instrumentsOverdueCalibration).toBeNull();
    const gnssOnly = maintenanceKpis({
      ...input,
      calibration: { ...input.calibration, equipment: [equipment[3]!] },
      month: '2026-11',
      now: dayStart('2026-12-05'),
    });
    expect(gnssOnly.region.instrumentsOverdueCalibration).toBeNull();
    expect(gnssOnly.byCounty).toEqual([]);
  });

  it('the monthly report carries it in its JSON and its KPI table, the previous month beside it', () => {
    const reportInput = {
      month: '2026-12',
      region: '53',
      regionName: '云南省',
      generatedAt: dayStart('2027-01-05'),
      sites: sites.map((s) => ({ ...s, status: 'active', registeredOn: '2020-01-01' })) as unknown as Site[],
      patrols: [],
      patrolEvents: events,
      faultEvents: [],
      health: [],
      corrections: [],
      equipment,
    };
    const report = buildMonthlyReport(reportInput);
    expect(monthlyReportSchema.safeParse(report).success).toBe(true);
    expect(report.kpis?.current.region).toMatchObject({
      instrumentsOverdueCalibration: 1,
      instrumentsCalibrationUnrecorded: 1,
    });
    expect(report.kpis?.previous.region.instrumentsOverdueCalibration).toBe(1);
    const table = kpiTable(report);
    const column = table.columns.indexOf('仪器超期未检定/校准');
    expect(column).toBeGreaterThan(0);
    expect(table.rows[0]?.[column]).toBe('1（无记录 1）（上月 1（无记录 1））');
    // Without the register the column is a dash, never 0.
    const { equipment: _none, ...withoutRegister } = reportInput;
    const without = buildMonthlyReport(withoutRegister);
    expect(kpiTable(without).rows[0]?.[column]).toBe('—（上月 —）');
  });
});
