import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from './db/database';

export type SyncServiceOptions = {
  readonly db: Database;
  readonly version: string;
  readonly logger?: boolean;
};

/** The provincial platform's sync service: routes over one database. */
export async function buildSyncService(options: SyncServiceOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 8 * 1024 * 1024 });
  app.get('/health', async () => {
    const { rows } = await options.db.query<{ version: string }>('select version() as version');
    return {
      status: 'ok',
      service: 'wrm-field-sync',
      version: options.version,
      database: options.db.kind,
      engine: rows[0]?.version ?? '',
    };
  });
  await app.ready();
  return app;
}
