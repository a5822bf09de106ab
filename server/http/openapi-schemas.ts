import { z } from 'zod';
import {
  isRetryable,
  syncErrorCodes,
  syncErrorStatus,
  wireDocumentSchema,
  type SyncErrorCode,
} from '#shared/sync/index';

/** A record on the wire: checked by a predicate in code, described here by what it checks. */
const wireDocumentJson = {
  type: 'object',
  description: "A record of the collection's schema plus RxDB's deletion flag",
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, _deleted: { type: 'boolean' } },
  required: ['id', '_deleted'],
  additionalProperties: true,
};

/**
 * A zod schema as the OpenAPI document's JSON Schema. The route's handler parses with the same zod
 * schema, so what /docs says a body is and what the service accepts cannot drift apart.
 * `io: 'input'` for requests (defaults may be left out), 'output' for answers.
 */
export function openApiBody(schema: z.ZodType, io: 'input' | 'output' = 'output') {
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema === wireDocumentSchema) {
        Object.assign(ctx.jsonSchema, wireDocumentJson);
      }
    },
  }) as Record<string, unknown>;
}

export const healthResponseSchema = z
  .object({
    status: z.literal('ok'),
    service: z.literal('wrm-field-sync'),
    version: z.string(),
    database: z.enum(['postgres', 'pglite']),
    engine: z.string(),
    time: z.number().int(),
  })
  .strict();

const checkSchema = z
  .object({ ok: z.boolean(), ms: z.number().int(), error: z.string().optional() })
  .strict();

export const readyResponseSchema = z
  .object({
    ready: z.boolean(),
    checks: z.object({ database: checkSchema, storage: checkSchema.nullable() }).strict(),
  })
  .strict();

/** The body of every non-2xx answer, with the closed list of codes. */
export const errorResponseSchema = z
  .object({
    error: z
      .object({
        code: z.enum(syncErrorCodes),
        message: z.string(),
        details: z.array(z.unknown()).optional(),
      })
      .strict(),
  })
  .strict();

/**
 * The error answers of a route: one per HTTP status, each naming the codes it may carry. Every route
 * may also answer `unavailable` (503) and `internal` (500).
 */
export function errorResponses(codes: readonly SyncErrorCode[]): Record<number, Record<string, unknown>> {
  const byStatus = new Map<number, SyncErrorCode[]>();
  for (const code of new Set<SyncErrorCode>([...codes, 'unavailable', 'internal'])) {
    const status = syncErrorStatus[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      {
        description: `Error: ${list.map((c) => `\`${c}\`${isRetryable(c) ? ' (retry later)' : ''}`).join(', ')}`,
        ...openApiBody(
          errorResponseSchema.extend({
            error: errorResponseSchema.shape.error.extend({
              code: z.enum(list as [SyncErrorCode, ...SyncErrorCode[]]),
            }),
          }),
        ),
      },
    ]),
  );
}

/** The closed list of error codes with their status and whether to retry, for the document's description. */
export function errorCodeTable(): string {
  const rows = syncErrorCodes.map(
    (c) => `| \`${c}\` | ${syncErrorStatus[c]} | ${isRetryable(c) ? 'yes' : 'no'} |`,
  );
  return ['| code | status | retry |', '| --- | --- | --- |', ...rows].join('\n');
}
