import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { SyncError, syncErrorStatus, type SyncErrorBody, type SyncErrorCode } from '../../shared/sync/index';

export function errorBody(code: SyncErrorCode, message: string, details?: readonly unknown[]): SyncErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** Parses a request part with its shared schema; the error names every field that is wrong. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) {
    return parsed.data;
  }
  const issues = parsed.error.issues
    .slice(0, 10)
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
  throw new SyncError('invalid-body', `${what} is not valid — ${issues.join('; ')}`);
}

/**
 * Every failure leaves as `{ error: { code, message } }` with the status of its code: our own
 * SyncErrors, Fastify's body errors (malformed JSON, too large, wrong content type), unknown routes.
 * Nothing else of an internal error reaches the client.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | SyncError | Error, request, reply) => {
    if (error instanceof SyncError) {
      const wait = (error.details?.[0] as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if ((error.code === 'rate-limited' || error.code === 'unavailable') && typeof wait === 'number') {
        void reply.header('retry-after', String(wait));
      }
      return reply
        .status(syncErrorStatus[error.code])
        .send(errorBody(error.code, error.message, error.details));
    }
    const fastifyError = error as FastifyError;
    switch (fastifyError.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply
          .status(413)
          .send(
            errorBody(
              'too-large',
              `the body is larger than this endpoint accepts (${request.routeOptions.bodyLimit ?? 0} bytes)`,
            ),
          );
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply
          .status(400)
          .send(errorBody('invalid-body', `the body is not valid JSON: ${error.message}`));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply
          .status(415)
          .send(
            errorBody(
              'invalid-body',
              `content type ${request.headers['content-type'] ?? '(none)'} is not accepted here`,
            ),
          );
      default:
        break;
    }
    if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
      return reply.status(400).send(errorBody('invalid-body', `the request is malformed: ${error.message}`));
    }
    if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
      return reply.status(fastifyError.statusCode).send(errorBody('invalid-body', error.message));
    }
    request.log.error({ err: error }, 'internal error');
    return reply
      .status(500)
      .send(errorBody('internal', 'the sync service failed to handle this request; it was logged'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(errorBody('not-found', `no endpoint ${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );
}
