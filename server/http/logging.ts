import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';

/** Log levels an operator may choose; `silent` turns logging off. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Where log lines go: standard output by default, a test's collector otherwise. */
export type LogDestination = { write(line: string): void };

export type ServiceLogging = { readonly level: LogLevel; readonly destination?: LogDestination };

/**
 * Fastify's pino options: one JSON line per event. Secrets never reach a line: request headers are
 * not logged at all (the device token travels there), and any field named like a secret inside a
 * logged object is censored as a second line of defence.
 */
export function loggerOptions(logging: ServiceLogging) {
  return {
    level: logging.level,
    ...(logging.destination === undefined ? {} : { stream: logging.destination }),
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.password',
        '*.token',
        '*.code',
        'password',
        'token',
      ],
      censor: '[redacted]',
    },
  };
}

/**
 * From here on every line of this request names its device and user (pino's bindings of the
 * request's own child logger, which the request's reply logs through too).
 */
export function bindPrincipal(request: FastifyRequest, who: { deviceId: string; username: string }): void {
  const log = request.log as FastifyBaseLogger & { setBindings?: (b: Record<string, unknown>) => void };
  log.setBindings?.({ deviceId: who.deviceId, user: who.username });
}

/**
 * One line per answered request — method, route, status, time — instead of Fastify's two; written
 * when the answer is sent, so it carries the device and user the request authenticated as. The query
 * is left out of the URL (nothing secret travels there today; nothing will leak if it ever does).
 */
export function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    request.log[level](
      {
        method: request.method,
        path: request.url.split('?')[0],
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ip: request.ip,
      },
      'request answered',
    );
  });
}
