import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { SyncError, syncErrorStatus, type SyncErrorBody, type SyncErrorCode } from '#shared/sync/index';

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
    const database = databaseFailure(error);
    if (database === 'unavailable') {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', String(databaseRetryAfterSeconds))
        .send(
          errorBody(
            'unavailable',
            `the sync service cannot reach its database just now; try again in ${databaseRetryAfterSeconds} s`,
            [{ retryAfterSeconds: databaseRetryAfterSeconds }],
          ),
        );
    }
    if (database === 'unstorable-text') {
      return reply
        .status(422)
        .send(
          errorBody(
            'unstorable-text',
            'the request holds text that cannot be stored (a NUL character or half of a surrogate pair)',
          ),
        );
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

/** How long a laptop waits before it tries again when the database did not answer. */
export const databaseRetryAfterSeconds = 5;

// SQLSTATEs of a database that cannot answer now but may soon: shutting down or starting up, too
// many connections, a lock or transaction that timed out, a serialization failure or deadlock.
const transientStates = new Set(['57P01', '57P02', '57P03', '53300', '55P03', '25P03', '40001', '40P01']);
// Socket failures on the way to the database.
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// What node-postgres and PGlite say when a connection ends under them or cannot be had.
const lostConnection =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client was closed|Client has encountered a connection error|PGlite is closed/i;

/**
 * Whether an error thrown below a handler is the database being unreachable or restarting (the laptop
 * should come back later), text PostgreSQL refused to store (NUL, half a surrogate pair), or neither.
 */
export function databaseFailure(error: unknown): 'unavailable' | 'unstorable-text' | null {
  if (typeof error !== 'object' || error === null) {
    return null;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === '22021' || code === '22P05') {
      return 'unstorable-text';
    }
    if (transientStates.has(code) || code.startsWith('08') || socketCodes.has(code)) {
      return 'unavailable';
    }
  }
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && lostConnection.test(message) ? 'unavailable' : null;
}
