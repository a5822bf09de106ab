import { z } from 'zod';
import { collectionNames, type CollectionName } from '../domain/index';
import { syncErrorCodes } from './errors';

/**
 * The RxDB replication protocol over HTTP, one set of endpoints per collection of the registry.
 * Both the app's replication client and the sync service parse with these schemas.
 */
export const apiPrefix = '/v1';
export const syncPaths = {
  pull: (collection: string) => `${apiPrefix}/sync/${collection}/pull`,
  push: (collection: string) => `${apiPrefix}/sync/${collection}/push`,
  stream: `${apiPrefix}/sync/stream`,
  /** The province policy (GET: any device; PUT: a province admin). Laptops fetch it when they sync. */
  policy: `${apiPrefix}/sync/policy`,
  /** How many records of each collection the caller's region holds (a first pull's progress). */
  counts: `${apiPrefix}/sync/counts`,
} as const;

/**
 * A pull's page size. A service before 5,000 took at most 1,000 (and answers a larger `limit` with
 * `bad-request`), so a client asks for more only on a first pull from a service that takes it; a client
 * that asks for less (or nothing: `pullLimitDefault`) is answered as before.
 */
export const pullLimitMax = 5000;
export const pullLimitDefault = 500;
/** What the app asks for on a new laptop's first pull: the province in few, large pages. */
export const pullLimitFirst = 2000;
export const pushRowsMax = 1000;
/** Largest push body the service reads (the rows of one batch, as JSON). */
export const pushBodyMaxBytes = 4 * 1024 * 1024;

/**
 * Where a pull continues: `seq` is the service's write sequence, which follows commit order in the
 * service's database, so device clocks never order anything and a row committed later never lands
 * behind a checkpoint already handed out. `tx` is '0'; a checkpoint of the earlier scheme (a PostgreSQL
 * transaction id there) is still accepted and carried over by the service.
 */
export const checkpointSchema = z
  .object({
    tx: z.string().regex(/^\d{1,20}$/, 'must be a decimal transaction id'),
    seq: z.number().int().min(0),
  })
  .strict();
export type Checkpoint = z.infer<typeof checkpointSchema>;
export const initialCheckpoint: Checkpoint = { tx: '0', seq: 0 };

function isWireDocument(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const { id, _deleted: deleted } = value as Record<string, unknown>;
  return typeof id === 'string' && id.length >= 1 && id.length <= 64 && typeof deleted === 'boolean';
}

/**
 * A record on the wire: the domain record plus RxDB's deletion flag. Only the two fields the
 * protocol itself needs are checked here, in place: each collection's schema judges the rest of the
 * record, and copying every field of every row on the way (as an object schema with a catch-all
 * does) cost a push more than the check itself.
 */
export const wireDocumentSchema = z.custom<{ id: string; _deleted: boolean } & Record<string, unknown>>(
  isWireDocument,
  { message: 'a record needs an id (1 to 64 characters) and _deleted (true or false)' },
);
export type WireDocument = z.infer<typeof wireDocumentSchema>;

export const pullQuerySchema = z
  .object({
    tx: z.string().regex(/^\d{1,20}$/, 'tx must be a decimal transaction id'),
    seq: z.coerce.number().int().min(0),
    limit: z.coerce.number().int().min(1).max(pullLimitMax).default(pullLimitDefault),
  })
  .strict();
export type PullResponse = {
  readonly documents: readonly WireDocument[];
  /** The checkpoint after the last document, or the one asked for when nothing is newer. */
  readonly checkpoint: Checkpoint;
};
/** The answer to a pull, as the OpenAPI document describes it (its output is a `PullResponse`). */
export const pullResponseSchema = z
  .object({ documents: z.array(wireDocumentSchema), checkpoint: checkpointSchema })
  .strict() satisfies z.ZodType<PullResponse>;

/** The answer to `syncPaths.counts`: live records per collection in the caller's region (absent: none). */
export const pullCountsSchema = z
  .object({ counts: z.partialRecord(z.enum(collectionNames), z.number().int().min(0)) })
  .strict();
export type PullCounts = z.infer<typeof pullCountsSchema>;

export const pushRowSchema = z
  .object({
    /** What the device believed the service held (null: the device thinks the record is new). */
    assumedMasterState: wireDocumentSchema.nullable(),
    newDocumentState: wireDocumentSchema,
  })
  .strict();
export type PushRow = z.infer<typeof pushRowSchema>;

export const pushRequestSchema = z.object({ rows: z.array(pushRowSchema).min(1).max(pushRowsMax) }).strict();
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const rowRejectionSchema = z
  .object({ id: z.string(), code: z.enum(syncErrorCodes), message: z.string() })
  .strict();
export type RowRejection = z.infer<typeof rowRejectionSchema>;

/**
 * The service's answer to a push. Every row is in exactly one list:
 * - `accepted`: stored (or already stored with the same content) — the device may treat it as
 *   acknowledged by id;
 * - `conflicts`: the service's current state of a reference record whose overlapping edit went to
 *   the supervisor's review list (`review` names the review entry);
 * - `rejected`: refused with a reason; the device keeps the record and shows the reason.
 */
export type PushResponse = {
  readonly accepted: readonly string[];
  readonly conflicts: readonly WireDocument[];
  readonly review: readonly { readonly id: string; readonly reviewId: string }[];
  readonly rejected: readonly RowRejection[];
  /** Service receipt time of this push (ms). */
  readonly receivedAt: number;
};
/** The answer to a push, as the OpenAPI document describes it (its output is a `PushResponse`). */
export const pushResponseSchema = z
  .object({
    accepted: z.array(z.string()),
    conflicts: z.array(wireDocumentSchema),
    review: z.array(z.object({ id: z.string(), reviewId: z.string() }).strict()),
    rejected: z.array(rowRejectionSchema),
    receivedAt: z.number().int(),
  })
  .strict() satisfies z.ZodType<PushResponse>;

/** Server-sent events on the live stream. */
export type StreamEvent =
  | { readonly type: 'hello'; readonly at: number }
  | { readonly type: 'change'; readonly collections: readonly CollectionName[] };

export const streamEventSchema = z.union([
  z.object({ type: z.literal('hello'), at: z.number() }).strict(),
  z.object({ type: z.literal('change'), collections: z.array(z.enum(collectionNames)) }).strict(),
]);
