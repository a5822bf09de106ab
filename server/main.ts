import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildSyncService } from './app';
import { openDatabase, type Database } from './db/database';

export type StartOptions = {
  /** PostgreSQL URL; when absent the embedded PGlite in `dataDir` is used. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  readonly host?: string;
  readonly port?: number;
  readonly version: string;
};

export type RunningSyncService = {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly db: Database;
  close(): Promise<void>;
};

export async function startSyncService(options: StartOptions): Promise<RunningSyncService> {
  let db: Database;
  if (options.databaseUrl) {
    db = await openDatabase({ databaseUrl: options.databaseUrl });
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    db = await openDatabase({ pgliteDir: options.dataDir });
  }
  const app = await buildSyncService({ db, version: options.version });
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
