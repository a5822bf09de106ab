import type { FastifyInstance, FastifyRequest } from 'fastify';
import { outboxHeaders, outboxHeadersSchema } from '#shared/sync/console';
import { syncPaths, versionHeaders, versionHeadersSchema } from '#shared/sync/index';
import type { ServiceContext } from '../http/context';
import { parseWith } from '../http/errors';

/** What a push or pull said of its laptop: its release and its outbox (each null when not said). */
type Reported = {
  readonly app: string | null;
  readonly depth: number | null;
  readonly oldest: number | null;
};

/** A laptop saying the same again is written at most this often (its pushes and pulls are many). */
const rewriteAfterMs = 60_000;

const syncRoutes = new Set([`GET ${syncPaths.pull(':collection')}`, `POST ${syncPaths.push(':collection')}`]);

function bearerOf(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/**
 * Keeps, on the device row, what each laptop last said on a push or pull: its release
 * (`x-wrm-app-version`) and its outbox (`x-wrm-outbox-depth`, `x-wrm-outbox-oldest`), for the
 * console's devices list. Malformed outbox headers are refused `invalid-body` before the request is
 * worked on; a well-formed report is written once the request was answered successfully, and only
 * when it changed or a minute has passed, so steady syncing costs no extra writes.
 */
export function registerSyncStateReports(app: FastifyInstance, ctx: ServiceContext): void {
  const reports = new WeakMap<FastifyRequest, Reported>();
  const written = new Map<string, { key: string; at: number }>();

  /** Reads what a push or pull says of its laptop; malformed outbox headers are refused by name. */
  const remember = (request: FastifyRequest) => {
    if (!syncRoutes.has(`${request.method} ${request.routeOptions.url ?? ''}`)) {
      return;
    }
    const outbox = parseWith(outboxHeadersSchema, request.headers, 'the outbox headers');
    const versions = versionHeadersSchema.safeParse(request.headers);
    reports.set(request, {
      // A malformed release is the versioning's to refuse; here it is only not recorded.
      app: versions.success ? (versions.data[versionHeaders.app] ?? null) : null,
      depth: outbox[outboxHeaders.depth] ?? null,
      oldest: outbox[outboxHeaders.oldest] ?? null,
    });
  };

  app.addHook('preHandler', (request, _reply, done) => {
    try {
      remember(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const report = reports.get(request);
    if (report === undefined || reply.statusCode >= 300) {
      return;
    }
    try {
      const principal = await ctx.principals.authenticate(bearerOf(request), ctx.now());
      const now = ctx.now();
      const key = JSON.stringify(report);
      const last = written.get(principal.deviceId);
      if (last !== undefined && last.key === key && now - last.at < rewriteAfterMs) {
        return;
      }
      const saysOutbox = report.depth !== null;
      await ctx.db.query(
        `update devices set app_version = coalesce($2, app_version),
                outbox_depth = case when $3 then $4::integer else outbox_depth end,
                outbox_oldest_at = case when $3 then $5::bigint else outbox_oldest_at end,
                outbox_reported_at = case when $3 then $6::bigint else outbox_reported_at end
          where id = $1`,
        [principal.deviceId, report.app, saysOutbox, report.depth, report.oldest, now],
      );
      written.set(principal.deviceId, { key, at: now });
    } catch (error) {
      // The answer is already sent; a report that could not be kept is the next request's to carry.
      request.log.warn({ err: error }, 'could not keep the device sync state');
    }
  });
}
