import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { outboxHeaders } from '#shared/sync/console';
import { pushBodyMaxBytes, versionHeaders } from '#shared/sync/index';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import type { ServiceContext } from './http/context';
import { registerErrorHandling } from './http/errors';
import { loggerOptions, logRequests, type ServiceLogging } from './http/logging';
import { createServiceMetrics, recordRequestMetrics } from './http/metrics';
import { registerOpenApi } from './http/openapi';
import { createDatabaseBlobStore, type BlobStore } from './photos/blob-store';
import { startPhotoGc } from './photos/gc';
import { defaultUploadLimits, type UploadLimits } from './photos/uploads';
import { registerAuditRoutes } from './routes/audit';
import { registerAuthRoutes } from './routes/auth';
import { registerLayerRoutes } from './routes/layers';
import { registerMonitoringRoutes } from './routes/monitoring';
import { registerConsoleRoutes } from './routes/console';
import { registerConsoleStatic } from './console-static';
import { registerOperationsRoutes } from './routes/operations';
import { registerPhotoRoutes } from './routes/photos';
import { registerPlatformRoutes } from './routes/platform';
import { registerPolicyRoutes } from './routes/policy';
import { registerReviewRoutes } from './routes/reviews';
import { registerSyncRoutes } from './routes/sync';
import { registerThreeLevelRoutes } from './routes/three-level';
import { createNotifier, shareChanges, type Notifier } from './sync/notifier';
import type { PushHooks } from './sync/push-context';
import { createAttemptGuard, defaultAttemptLimits, type AttemptLimits } from './auth/attempt-guard';
import { startPrincipalCache, type PrincipalCacheOptions } from './auth/principal-cache';
import { createRequestBudget, defaultRequestBudget, type RequestBudgetLimits } from './http/request-budget';
import { createWriteGate, defaultWriteGate, type WriteGateLimits } from './http/write-gate';

export type SyncServiceOptions = {
  readonly db: Database;
  readonly version: string;
  /** JSON log lines (pino); off when absent. The CLI turns them on at `info`. */
  readonly logging?: ServiceLogging;
  /** When set, `/metrics` needs `Authorization: Bearer <metricsToken>`. */
  readonly metricsToken?: string | null;
  /** Apps older than this release are answered `update-required` (null: any release syncs). */
  readonly minAppVersion?: string | null;
  /** Photo bytes: in the database when absent, an S3 store when given; null answers `unavailable`. */
  readonly photos?: BlobStore | null;
  readonly uploadLimits?: UploadLimits;
  /** How often abandoned uploads and orphan photos are collected (0: never). */
  readonly photoGcEveryMs?: number;
  /** The service clock (ms); tests pass their own. */
  readonly now?: () => number;
  /** Fault-injection points for tests. */
  readonly hooks?: PushHooks;
  readonly notifier?: Notifier;
  /** How many failed sign-ins are allowed before further attempts wait (defaults for production). */
  readonly attemptLimits?: AttemptLimits;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (the sign-in guard counts per address). */
  readonly trustProxy?: boolean;
  /** Requests a device token may send: a burst, then a steady rate (defaults for production). */
  readonly requestBudget?: RequestBudgetLimits;
  /** How long resolved device tokens are kept, and how soon a lost notice connection is reopened. */
  readonly principalCache?: Omit<PrincipalCacheOptions, 'onRevoked'>;
  /** Pushes worked on at once and allowed to wait (defaults for production). */
  readonly writeGate?: WriteGateLimits;
  /** The operator console's built files, served at /console/ (default: dist-console/ of the project). */
  readonly consoleDir?: string;
};

/** The provincial platform's sync service: migrates its database, then serves every route. */
export async function buildSyncService(options: SyncServiceOptions): Promise<FastifyInstance> {
  await migrate(options.db);
  const app = Fastify({
    logger: options.logging === undefined ? false : loggerOptions(options.logging),
    // One line per request, written by logRequests with the device and user on it.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: pushBodyMaxBytes,
    // Live streams never end by themselves: closing the service must not wait for them.
    forceCloseConnections: true,
  });
  const notifier = options.notifier ?? createNotifier();
  const principals = await startPrincipalCache(options.db, {
    ...options.principalCache,
    onRevoked: (deviceId) => notifier.revoked(deviceId),
  });
  app.addHook('onClose', () => principals.close());
  // Change notices reach the live streams of every node on the database (LISTEN/NOTIFY).
  const unshare = await shareChanges(options.db, notifier);
  app.addHook('onClose', unshare);
  const ctx: ServiceContext = {
    db: options.db,
    now: options.now ?? Date.now,
    notifier,
    photos: options.photos === undefined ? createDatabaseBlobStore(options.db) : options.photos,
    uploadLimits: options.uploadLimits ?? defaultUploadLimits,
    hooks: options.hooks ?? {},
    version: options.version,
    attempts: createAttemptGuard(options.db, options.attemptLimits ?? defaultAttemptLimits),
    budget: createRequestBudget(options.db, options.requestBudget ?? defaultRequestBudget),
    principals,
    writes: createWriteGate(options.writeGate ?? defaultWriteGate),
    minAppVersion: options.minAppVersion ?? null,
  };
  if (ctx.photos !== null && options.photoGcEveryMs !== 0) {
    const stopGc = startPhotoGc(
      ctx.db,
      ctx.photos,
      ctx.uploadLimits,
      ctx.now,
      options.photoGcEveryMs ?? 3_600_000,
      (error) => app.log.error({ err: error }, 'photo garbage collection failed'),
    );
    app.addHook('onClose', (_instance, done) => {
      stopGc();
      done();
    });
  }
  const metrics = createServiceMetrics({ db: options.db, writes: ctx.writes });
  // Bodies are validated by the shared zod schemas in the handlers; route schemas are for /docs.
  app.setValidatorCompiler(() => () => true);
  // Response schemas are for /docs too: answers are written as the handlers return them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  registerErrorHandling(app);
  registerCors(app);
  logRequests(app);
  recordRequestMetrics(app, metrics);
  await registerOpenApi(app, options.version);

  registerOperationsRoutes(app, ctx, { registry: metrics, token: options.metricsToken ?? null });
  registerAuthRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerPhotoRoutes(app, ctx);
  registerReviewRoutes(app, ctx);
  registerPlatformRoutes(app, ctx);
  registerThreeLevelRoutes(app, ctx);
  registerPolicyRoutes(app, ctx);
  registerMonitoringRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerLayerRoutes(app, ctx);
  registerConsoleRoutes(app, ctx);
  registerConsoleStatic(app, options.consoleDir);
  await app.ready();
  return app;
}

/**
 * The app calls from its own origin (app://wrm, or the web shell's loopback origin) with a bearer
 * token, never cookies, so any origin may call; the token is what is checked.
 */
function registerCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin !== undefined) {
      void reply.header('access-control-allow-origin', origin).header('vary', 'origin');
    }
    if (request.method === 'OPTIONS') {
      return reply
        .header('access-control-allow-methods', 'GET, POST, PUT, OPTIONS')
        .header(
          'access-control-allow-headers',
          `authorization, content-type, ${versionHeaders.app}, ${versionHeaders.schema}, ${outboxHeaders.depth}, ${outboxHeaders.oldest}`,
        )
        .header('access-control-max-age', '600')
        .status(204)
        .send();
    }
    return undefined;
  });
}
