import { createHash, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { SyncError } from '#shared/sync/index';
import type { ServiceContext } from '../http/context';

/** A readiness check gives up after this long: a hung database is not ready. */
const checkTimeoutMs = 2_000;

/** A name no photo has: asking the store for it proves the store answers without touching a photo. */
const probeSha256 = '0'.repeat(64);

type Check = { readonly ok: boolean; readonly ms: number; readonly error?: string };

async function timed(work: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    // Only the kind of failure: a driver's message may name hosts or users.
    const code = (error as { code?: unknown }).code;
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      error:
        typeof code === 'string' ? code : error instanceof Error ? error.message.slice(0, 120) : 'failed',
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Compares without revealing, by timing, how much of a guess was right. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Liveness (`/health`: the process answers), readiness (`/ready`: its database and photo storage
 * answer too, so a balancer sends it traffic) and Prometheus metrics (`/metrics`). None needs a
 * device token; metrics need the operator's metrics token when one is configured.
 */
export function registerOperationsRoutes(
  app: FastifyInstance,
  ctx: ServiceContext,
  metrics: { readonly registry: Registry; readonly token: string | null },
): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness and database engine',
      },
    },
    async () => {
      const { rows } = await ctx.db.query<{ version: string }>('select version() as version');
      return {
        status: 'ok' as const,
        service: 'wrm-field-sync',
        version: ctx.version,
        database: ctx.db.kind,
        engine: rows[0]?.version ?? '',
        time: ctx.now(),
      };
    },
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database and the photo storage answer (503 when either does not)',
      },
    },
    async (_request, reply) => {
      const photos = ctx.photos;
      const [database, storage] = await Promise.all([
        timed(() => ctx.db.query('select 1')),
        photos === null ? Promise.resolve(null) : timed(() => photos.has(probeSha256)),
      ]);
      const ready = database.ok && (storage === null || storage.ok);
      return reply
        .status(ready ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({ ready, checks: { database, storage } });
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format); needs the metrics token when one is set',
        security: metrics.token === null ? [] : [{ metricsToken: [] }],
      },
    },
    async (request, reply) => {
      if (
        metrics.token !== null &&
        !sameSecret(request.headers.authorization ?? '', `Bearer ${metrics.token}`)
      ) {
        throw new SyncError('unauthorized', 'the metrics need the metrics token (Authorization: Bearer …)');
      }
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );
}
