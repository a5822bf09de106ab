import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildSyncService } from './app';
import { openDatabase, type Database } from './db/database';
import type { ServiceLogging } from './http/logging';
import type { RequestBudgetLimits } from './http/request-budget';
import type { WriteGateLimits } from './http/write-gate';
import { createS3BlobStore, s3ConfigFromEnv, type S3StoreConfig } from './photos/s3-store';
import type { PushHooks } from './sync/push-context';

export type StartOptions = {
  /** PostgreSQL URL; when absent the embedded PGlite in `dataDir` is used. */
  readonly databaseUrl?: string | undefined;
  /** Data folder: PGlite's files (without a URL). */
  readonly dataDir: string;
  /**
   * Where photos were kept before they moved into the database (or S3); no longer read. Accepted so
   * existing settings still start the service.
   */
  readonly photoDir?: string | undefined;
  /** Photos in an S3-compatible store; without it (and without WRM_S3_BUCKET) in the database. */
  readonly s3?: S3StoreConfig | null;
  readonly host?: string;
  readonly port?: number;
  readonly version: string;
  /** JSON log lines to standard output at this level; none when absent. */
  readonly logging?: ServiceLogging;
  readonly minAppVersion?: string | null;
  readonly metricsToken?: string | null;
  readonly writeGate?: WriteGateLimits;
  readonly requestBudget?: RequestBudgetLimits;
  readonly hooks?: PushHooks;
  /** Behind a reverse proxy: client addresses (for the sign-in guard) come from X-Forwarded-For. */
  readonly trustProxy?: boolean;
};

export type RunningSyncService = {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly db: Database;
  close(): Promise<void>;
};

export async function openServiceDatabase(
  options: Pick<StartOptions, 'databaseUrl' | 'dataDir'>,
): Promise<Database> {
  if (options.databaseUrl) {
    return openDatabase({ databaseUrl: options.databaseUrl });
  }
  const dir = join(options.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return openDatabase({ pgliteDir: dir });
}

export async function startSyncService(options: StartOptions): Promise<RunningSyncService> {
  const db = await openServiceDatabase(options);
  const s3 = options.s3 === undefined ? s3ConfigFromEnv(process.env) : options.s3;
  const app = await buildSyncService({
    db,
    version: options.version,
    ...(s3 === null ? {} : { photos: createS3BlobStore(s3) }),
    ...(options.logging ? { logging: options.logging } : {}),
    minAppVersion: options.minAppVersion ?? null,
    metricsToken: options.metricsToken ?? null,
    ...(options.writeGate ? { writeGate: options.writeGate } : {}),
    ...(options.requestBudget ? { requestBudget: options.requestBudget } : {}),
    trustProxy: options.trustProxy ?? false,
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return {
    url: address,
    app,
    db,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
