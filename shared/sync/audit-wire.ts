import { z } from 'zod';
import { apiPrefix, rowRejectionSchema } from './wire';

/**
 * Data-audit findings and their handling events between laptops and the service (issue 16 item 5):
 * pulled in write order after a checkpoint (`after`, the last `seq` served; withdrawn findings come
 * with `_deleted`), events pushed in batches. Every answer is within the caller's region.
 */
export const auditPaths = {
  findings: `${apiPrefix}/audit/findings`,
  events: `${apiPrefix}/audit/finding-events`,
} as const;

export const auditPullQuerySchema = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1_000).default(500),
  })
  .strict();

export const auditEventsPushSchema = z
  .object({ rows: z.array(z.record(z.string(), z.unknown())).max(500) })
  .strict();

export type AuditPullResponse = {
  readonly documents: readonly (Record<string, unknown> & { readonly _deleted: boolean })[];
  /** The `after` of the next page. */
  readonly checkpoint: number;
};

/** The answers as the OpenAPI documents them (the documents are the collections' records). */
export const auditPullResponseSchema = z
  .object({
    documents: z.array(z.object({ _deleted: z.boolean() }).catchall(z.unknown())),
    checkpoint: z.number().int().min(0),
  })
  .strict();
export const auditPushResponseSchema = z
  .object({ accepted: z.array(z.string()), rejected: z.array(rowRejectionSchema) })
  .strict();
