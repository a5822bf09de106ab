import { z } from 'zod';
import { syncErrorCodes } from '../../shared/sync/index';

/**
 * A zod schema as the OpenAPI document's JSON Schema. The route's handler parses with the same zod
 * schema, so what /docs says a body is and what the service accepts cannot drift apart.
 * `io: 'input'` for requests (defaults may be left out), 'output' for answers.
 */
export function openApiBody(schema: z.ZodType, io: 'input' | 'output' = 'output') {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
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
