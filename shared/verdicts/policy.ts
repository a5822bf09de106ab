import { z } from 'zod';
import { siteKinds, type SiteKind } from '../domain/index';
import { trialOperationTargets, type HealthConfig } from '../health/config';
import { auditPolicySchema, demoAuditPolicy } from './audit/audit-policy';
import { calibrationPolicySchema, demoCalibrationPolicy } from './calibration';
import { demoFaultSlaPolicy, faultSlaPolicySchema } from './fault-sla';
import { demoPatrolSchedulePolicy, patrolSchedulePolicySchema } from './patrol-schedule';
import { demoProcedures } from '../procedures/demo-procedures';
import { proceduresSchema } from '../procedures/procedures';
import { partsIssuesSchema } from './parts-stock';
import { demoSpatialPolicy, spatialPolicySchema } from './spatial';

/**
 * The province policy: every threshold and window a verdict uses, in one object. It is province data —
 * the sync service owns it and hands it to laptops — so a laptop offline and the service judge with
 * the same numbers. The demo province ships the trial operation's targets (design §1).
 */
const ratio = z.number().min(0).max(1);
const perKind = <T extends z.ZodType>(value: T) =>
  z.object({ intake: value, source_quality: value, boundary_section: value }).strict();

export const provincePolicySchema = z
  .object({
    /** Raised by the service on every change, so a laptop can tell which policy it judged with. */
    version: z.number().int().min(1).max(1_000_000_000),
    updatedAt: z.number().int().min(0),
    /** 监测率 / 上报率 / 稳定性 targets per object kind (a site's own targets win). */
    targets: perKind(z.object({ monitoringRate: ratio, reportingRate: ratio, stability: ratio }).strict()),
    /** A day is stable when its reporting rate is at least this (design §5). */
    dailyStabilityThreshold: ratio,
    /** The trial operation set none; a province may (null: reported, not judged). */
    completenessTarget: ratio.nullable(),
    /** How late a report may arrive after its slot and still count. */
    allowedDelayMinutes: perKind(z.number().int().min(0).max(1440)),
    /** A report stamped later than its receipt by more than this has a wrong clock. */
    clockSkewToleranceMinutes: z.number().int().min(0).max(1440),
    /** The screens' status period: this many whole days ending with the last complete day. */
    statusWindowDays: z.number().int().min(1).max(90),
    /** Silent: nothing received for this long, or three report intervals, whichever is longer. */
    silentHours: z
      .number()
      .min(1)
      .max(24 * 30),
    /** Repair verification: a full day after the repair whose reporting rate reaches this … */
    verifyDailyThreshold: ratio,
    /** … within this many hours of the repair's receipt, else the ticket reopens. */
    verifyWindowHours: z
      .number()
      .min(24)
      .max(24 * 30),
    /** Days a health-raised task is given before it is due. */
    taskDueDays: z.number().int().min(0).max(60),
    /** Proof of visit: check-in radius per site kind, metres. */
    checkInRadiusM: perKind(z.number().int().min(10).max(5000)),
    /** Data audit (数据审核) thresholds; a policy stored before the audit existed reads the demo's. */
    audit: auditPolicySchema.default(demoAuditPolicy),
    /** Fault SLAs (故障处理时限); a policy stored before they existed reads the demo's. */
    faultSla: faultSlaPolicySchema.default(demoFaultSlaPolicy),
    /** Recurring patrol schedules (巡检计划); a policy stored before they existed reads the demo's. */
    patrolSchedules: patrolSchedulePolicySchema.default(demoPatrolSchedulePolicy),
    /** Spare parts issued to crews (备品备件领用, see parts-stock.ts); none before they existed. */
    partsIssued: partsIssuesSchema.default([]),
    /** Spatial checks (空间数据核查, spatial.ts); a policy stored before they existed reads the demo's. */
    spatial: spatialPolicySchema.default(demoSpatialPolicy),
    /** Calibration intervals and the due-soon window (检定/校准); a policy stored before reads the demo's. */
    calibration: calibrationPolicySchema.default(demoCalibrationPolicy),
    /** Operating procedures (操作规程, procedures.ts), offline with the policy; before they existed, the demo's. */
    procedures: proceduresSchema.default(demoProcedures),
  })
  .strict();

export type ProvincePolicy = z.infer<typeof provincePolicySchema>;

/** The demo province's policy: the 2016–2018 trial operation's targets and our working defaults. */
export const demoPolicy: ProvincePolicy = {
  version: 1,
  updatedAt: 0,
  targets: trialOperationTargets,
  dailyStabilityThreshold: 0.9,
  completenessTarget: null,
  allowedDelayMinutes: { intake: 10, source_quality: 30, boundary_section: 10 },
  clockSkewToleranceMinutes: 10,
  statusWindowDays: 30,
  silentHours: 24,
  verifyDailyThreshold: 0.9,
  verifyWindowHours: 72,
  taskDueDays: 3,
  checkInRadiusM: { intake: 200, source_quality: 300, boundary_section: 500 },
  audit: demoAuditPolicy,
  faultSla: demoFaultSlaPolicy,
  patrolSchedules: demoPatrolSchedulePolicy,
  partsIssued: [],
  spatial: demoSpatialPolicy,
  calibration: demoCalibrationPolicy,
  procedures: demoProcedures,
};

/** The health thresholds of a policy, in the shape the counting and metric functions take. */
export function healthConfigOf(policy: ProvincePolicy): HealthConfig {
  return {
    targets: policy.targets,
    dailyStabilityThreshold: policy.dailyStabilityThreshold,
    allowedDelayMinutes: policy.allowedDelayMinutes,
    clockSkewToleranceMinutes: policy.clockSkewToleranceMinutes,
    completenessTarget: policy.completenessTarget,
  };
}

/** A policy with some values replaced (for a province's own numbers, and for tests). */
export function withPolicy(
  base: ProvincePolicy,
  change: Partial<Omit<ProvincePolicy, 'targets'>> & {
    readonly targets?: Partial<Record<SiteKind, Partial<ProvincePolicy['targets'][SiteKind]>>>;
  },
): ProvincePolicy {
  const targets = Object.fromEntries(
    siteKinds.map((k) => [k, { ...base.targets[k], ...change.targets?.[k] }]),
  ) as ProvincePolicy['targets'];
  return provincePolicySchema.parse({ ...base, ...change, targets });
}
