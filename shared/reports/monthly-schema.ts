import { z } from 'zod';
import { correctionStatuses, faultCategories, faultSeverities, siteKinds } from '../domain/index';
import { faultStatuses } from '../faults/state-machine';
import { siteStatuses } from '../verdicts/site-status';
import { reportAuditRowSchema } from './monthly-audit';

/**
 * 月报 and 整改反馈 of the trial operation, for a month and a region: the one shape the renderer
 * shows, the host renders to XLSX and PDF, and the sync service can compute on its side. Validated at
 * the host boundary like any other argument.
 */
const ms = z.number().int().min(0).max(9_999_999_999_999);
const rate = z.number().min(0).max(1).nullable();
const short = (n: number) => z.string().max(n);

export const rectificationStatuses = ['rectified', 'in_progress', 'not_started'] as const;
export type RectificationStatus = (typeof rectificationStatuses)[number];
export const backfillStates = ['not_required', 'required', 'done'] as const;

export const reportSiteRowSchema = z
  .object({
    siteId: short(64),
    code: short(40),
    name: short(200),
    kind: z.enum(siteKinds),
    divisionCode: short(6),
    patrols: z.number().int().min(0),
    lastPatrolAt: ms.nullable(),
    faultsOpened: z.number().int().min(0),
    faultsClosed: z.number().int().min(0),
    faultsOpenAtEnd: z.number().int().min(0),
    reportingRate: rate,
    stability: rate,
    targetReportingRate: z.number().min(0).max(1),
    targetStability: z.number().min(0).max(1),
    belowTarget: z.boolean(),
    /** The site's status over the report's period, by the verdict core. */
    status: z.enum(siteStatuses),
  })
  .strict();

export const reportReadingRowSchema = z
  .object({
    readingId: short(64),
    siteCode: short(40),
    element: short(40),
    value: z.number(),
    unit: short(20),
    source: z.enum(['manual', 'diagnostic']),
    takenAt: ms,
    /** A correction or a withdrawal names the reading it replaces; both are listed. */
    supersedesId: short(64).nullable(),
    operatorId: short(64),
    /**
     * How the row stands: `in-force` counts; `corrected` / `withdrawn` were replaced or taken back by a
     * later row; `withdrawal` is the record that took one back. Optional for reports made before.
     */
    standing: z.enum(['in-force', 'corrected', 'withdrawn', 'withdrawal']).optional(),
    /** On a correction or withdrawal: the value of the reading it names, shown beside it. */
    originalValue: z.number().nullable().optional(),
    /** On a correction or withdrawal: the crew's reason. */
    reason: short(1000).nullable().optional(),
  })
  .strict();

export const reportPatrolRowSchema = z
  .object({
    patrolId: short(64),
    siteCode: short(40),
    siteName: short(200),
    checkInAt: ms,
    checkOutAt: ms.nullable(),
    durationMinutes: z.number().min(0).nullable(),
    distanceM: z.number().min(0).nullable(),
    outsideRadius: z.boolean(),
    outsideRadiusReason: short(500).nullable(),
    failedItems: z.number().int().min(0),
    operatorId: short(64),
  })
  .strict();

export const reportFaultRowSchema = z
  .object({
    faultId: short(64),
    siteCode: short(40),
    siteName: short(200),
    category: z.enum(faultCategories).nullable(),
    severity: z.enum(faultSeverities).nullable(),
    description: short(4000).nullable(),
    openedAt: ms,
    closedAt: ms.nullable(),
    statusAtMonthEnd: z.enum(faultStatuses),
    /** Open to verified, or open to the end of the month while still open. */
    durationHours: z.number().min(0),
    openedInMonth: z.boolean(),
    closedInMonth: z.boolean(),
    backfill: z.enum(backfillStates),
  })
  .strict();

export const reportBelowTargetRowSchema = z
  .object({
    siteId: short(64),
    siteCode: short(40),
    siteName: short(200),
    reportingRate: rate,
    stability: rate,
    targetReportingRate: z.number().min(0).max(1),
    targetStability: z.number().min(0).max(1),
    /** What was done about it this month: the patrol days and the site's tickets. */
    patrolDays: z.array(short(10)).max(62),
    faults: z
      .array(
        z
          .object({
            faultId: short(64),
            category: z.enum(faultCategories).nullable(),
            status: z.enum(faultStatuses),
          })
          .strict(),
      )
      .max(100),
    rectification: z.enum(rectificationStatuses),
  })
  .strict();

export const reportCorrectionRowSchema = z
  .object({
    siteCode: short(40),
    targetCollection: short(20),
    field: short(80),
    currentValueJson: short(4000),
    proposedValueJson: short(4000),
    reason: short(1000),
    status: z.enum(correctionStatuses),
    recordedAt: ms,
  })
  .strict();

const kpiFiguresShape = {
  faultsOpened: z.number().int().min(0),
  slaMet: z.number().int().min(0),
  slaBreached: z.number().int().min(0),
  slaRunning: z.number().int().min(0),
  repairs: z.number().int().min(0),
  meanTimeToRepairHours: z.number().min(0).nullable(),
  verified: z.number().int().min(0),
  firstTimeFixRate: rate,
  partsUsed: z.array(z.object({ part: short(200), count: z.number().int().min(1) }).strict()).max(1000),
  patrols: z.number().int().min(0),
  /** Scheduled visits whose window closed in the month, and those made on time (null: no schedule). */
  patrolsDue: z.number().int().min(0).nullable(),
  patrolsDoneOnTime: z.number().int().min(0).nullable(),
  /** Instruments out of calibration (overdue or failed) at the month's end, and those never recorded
   * (null: no instrument needing one). Optional for reports made before the register. */
  instrumentsOverdueCalibration: z.number().int().min(0).nullable().optional(),
  instrumentsCalibrationUnrecorded: z.number().int().min(0).nullable().optional(),
};
const maintenanceKpisSchema = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    region: z.object(kpiFiguresShape).strict(),
    byCounty: z.array(z.object({ divisionCode: short(12), ...kpiFiguresShape }).strict()).max(5000),
    byCrew: z.array(z.object({ crew: short(64), ...kpiFiguresShape }).strict()).max(5000),
  })
  .strict();

export const monthlyReportSchema = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    region: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/),
    regionName: short(100),
    generatedAt: ms,
    /** The days the report covers: a running month is cut at the last complete day (`partial`). */
    period: z
      .object({
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        days: z.number().int().min(0).max(31),
        partial: z.boolean(),
        policyVersion: z.number().int().min(1),
      })
      .strict(),
    totals: z
      .object({
        sites: z.number().int().min(0),
        sitesPatrolled: z.number().int().min(0),
        patrols: z.number().int().min(0),
        faultsOpened: z.number().int().min(0),
        faultsClosed: z.number().int().min(0),
        faultsOpenAtEnd: z.number().int().min(0),
        sitesBelowTarget: z.number().int().min(0),
        correctionsPending: z.number().int().min(0),
        monitoringRate: rate,
      })
      .strict(),
    sites: z.array(reportSiteRowSchema).max(20_000),
    patrols: z.array(reportPatrolRowSchema).max(50_000),
    faults: z.array(reportFaultRowSchema).max(20_000),
    belowTarget: z.array(reportBelowTargetRowSchema).max(20_000),
    corrections: z.array(reportCorrectionRowSchema).max(20_000),
    readings: z.array(reportReadingRowSchema).max(100_000),
    /** 异常数据及处理: the month's data-audit findings and their handling. Optional for reports made before. */
    auditFindings: z.array(reportAuditRowSchema).max(100_000).optional(),
    /** 运维考核: the contractor's KPIs for the month, the previous month beside them. Optional for reports made before. */
    kpis: z.object({ current: maintenanceKpisSchema, previous: maintenanceKpisSchema }).strict().optional(),
  })
  .strict();

export type MonthlyReport = z.infer<typeof monthlyReportSchema>;
export type ReportSiteRow = z.infer<typeof reportSiteRowSchema>;
export type ReportFaultRow = z.infer<typeof reportFaultRowSchema>;
export type ReportPatrolRow = z.infer<typeof reportPatrolRowSchema>;
export type ReportBelowTargetRow = z.infer<typeof reportBelowTargetRowSchema>;
