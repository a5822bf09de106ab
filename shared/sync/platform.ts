import { z } from 'zod';
import { isoDay } from '../domain/index';
import { apiPrefix } from './wire';

/** A path segment; `:name` stays as is so the service can register the route pattern. */
function routeParam(value: string): string {
  return value.startsWith(':') ? value : encodeURIComponent(value);
}

export const platformPaths = {
  users: `${apiPrefix}/admin/users`,
  enrollments: `${apiPrefix}/admin/enrollments`,
  devices: `${apiPrefix}/admin/devices`,
  revokeDevice: (id: string) => `${apiPrefix}/admin/devices/${routeParam(id)}/revoke`,
  registryImport: `${apiPrefix}/admin/registry/import`,
  reportCounts: `${apiPrefix}/platform/report-counts`,
  automation: `${apiPrefix}/platform/automation/run`,
  threeLevel: `${apiPrefix}/platform/three-level`,
  reviews: `${apiPrefix}/reviews`,
  resolveReview: (id: string) => `${apiPrefix}/reviews/${routeParam(id)}/resolve`,
  monthlyReport: `${apiPrefix}/reports/monthly`,
  monthlyReportXlsx: `${apiPrefix}/reports/monthly.xlsx`,
  records: (collection: string) => `${apiPrefix}/records/${collection}`,
} as const;

export const enrollmentCreateSchema = z
  .object({
    username: z.string().min(1).max(64),
    deviceName: z.string().trim().min(1).max(80),
    /** Hours the code stays usable (it is one-time either way). */
    validHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(72),
  })
  .strict();

export type EnrollmentCreated = {
  readonly code: string;
  readonly expiresAt: number;
  /** `wrm-enroll:?service=…&code=…`, also rendered as a QR code. */
  readonly uri: string;
  readonly qrSvg: string;
};

/** One day of the platform's reporting counts for one site (the input of `SiteHealth`). */
export const reportCountRowSchema = z
  .object({
    siteCode: z.string().min(1).max(40),
    day: isoDay,
    expected: z.number().int().min(0).max(1_000_000),
    receivedSlots: z.number().int().min(0).max(1_000_000),
    validValues: z.number().int().min(0).max(1_000_000),
    reports: z.number().int().min(0).max(1_000_000),
    /** Last report received that day (ms), if any. */
    lastReportAt: z.number().int().min(0).nullable().optional(),
  })
  .strict()
  .refine((r) => r.receivedSlots <= r.expected || r.expected === 0, {
    message: 'receivedSlots cannot exceed expected',
    path: ['receivedSlots'],
  });
export type ReportCountRow = z.infer<typeof reportCountRowSchema>;

export const reportCountsRequestSchema = z
  .object({ rows: z.array(z.unknown()).min(1).max(200_000) })
  .strict();

/** A problem with one row of an import or ingestion: 1-based row number as the user sees it. */
export type RowProblem = { readonly row: number; readonly column: string | null; readonly reason: string };

export type ImportReport = {
  readonly rows: number;
  readonly sites: { readonly created: number; readonly updated: number };
  readonly waterUsers: { readonly created: number; readonly updated: number };
  readonly permits: { readonly created: number; readonly updated: number };
};

export type IngestReport = { readonly rows: number; readonly sites: number; readonly days: number };

export const automationRequestSchema = z
  .object({
    /** The clock of the run (ms); the service's clock when absent. */
    now: z.number().int().min(0).optional(),
  })
  .strict();

export type AutomationReport = {
  readonly tasksCreated: number;
  readonly tasksExisting: number;
  readonly faultsVerified: number;
  readonly faultsReopened: number;
  /** The patrol schedules' tasks: raised, already there, done by a patrol, cancelled by an excusal. */
  readonly scheduledTasks?: {
    readonly created: number;
    readonly existing: number;
    readonly done: number;
    readonly excused: number;
  };
};

export const reviewStatuses = ['open', 'accepted', 'rejected'] as const;

export type ReviewItem = {
  readonly id: string;
  readonly collection: string;
  readonly recordId: string;
  readonly divisionCode: string;
  readonly deviceId: string;
  readonly operatorId: string;
  readonly fields: readonly string[];
  readonly base: Record<string, unknown> | null;
  readonly proposed: Record<string, unknown>;
  readonly current: Record<string, unknown>;
  readonly status: (typeof reviewStatuses)[number];
  readonly createdAt: number;
  readonly decidedAt: number | null;
  readonly decidedBy: string | null;
};

export const reviewQuerySchema = z
  .object({
    status: z.enum(reviewStatuses).optional(),
    /** Only the reviews raised by the calling device. */
    mine: z.enum(['1', '0']).optional(),
  })
  .strict();

export const reviewResolveSchema = z
  .object({
    /** `accept`: apply the proposed values of the overlapping fields; `reject`: keep the current record. */
    decision: z.enum(['accept', 'reject']),
    note: z.string().max(1000).optional(),
  })
  .strict();

export const monthlyReportQuerySchema = z
  .object({
    region: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'region must be 2, 4 or 6 digits'),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM'),
    kind: z.enum(['monthly', 'rectification']).optional(),
  })
  .strict();

export const recordsQuerySchema = z
  .object({
    siteId: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const enrollmentCreatedSchema = z
  .object({ code: z.string(), expiresAt: z.number().int(), uri: z.string(), qrSvg: z.string() })
  .strict() satisfies z.ZodType<EnrollmentCreated>;
const createdUpdated = z.object({ created: z.number().int(), updated: z.number().int() }).strict();
export const importReportSchema = z
  .object({
    rows: z.number().int(),
    sites: createdUpdated,
    waterUsers: createdUpdated,
    permits: createdUpdated,
  })
  .passthrough() satisfies z.ZodType<ImportReport>;
export const automationReportSchema = z
  .object({
    tasksCreated: z.number().int(),
    tasksExisting: z.number().int(),
    faultsVerified: z.number().int(),
    faultsReopened: z.number().int(),
  })
  .passthrough() satisfies z.ZodType<AutomationReport>;
export const ingestResponseSchema = z
  .object({
    rows: z.number().int(),
    sites: z.number().int(),
    days: z.number().int(),
    automation: automationReportSchema,
  })
  .passthrough() satisfies z.ZodType<IngestReport & { automation: AutomationReport }>;
export const reviewItemSchema = z
  .object({
    id: z.string(),
    collection: z.string(),
    recordId: z.string(),
    divisionCode: z.string(),
    deviceId: z.string(),
    operatorId: z.string(),
    fields: z.array(z.string()),
    base: z.record(z.string(), z.unknown()).nullable(),
    proposed: z.record(z.string(), z.unknown()),
    current: z.record(z.string(), z.unknown()),
    status: z.enum(reviewStatuses),
    createdAt: z.number().int(),
    decidedAt: z.number().int().nullable(),
    decidedBy: z.string().nullable(),
  })
  .strict() satisfies z.ZodType<ReviewItem>;
