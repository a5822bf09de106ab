import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSyncService } from './app';
import { engineCases, postgresSkipReason, type TestDatabase } from './testing/test-databases';

const skipPostgres = await postgresSkipReason();

describe.each(engineCases)('sync service shell on $name', ({ name, open }) => {
  const skip = name === 'postgres' && skipPostgres !== null;
  let test: TestDatabase;

  beforeAll(async () => {
    if (!skip) {
      test = await open();
    }
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it.skipIf(skip)(`answers /health with the engine${skip ? ` (skipped: ${skipPostgres})` : ''}`, async () => {
    const app = await buildSyncService({ db: test.db, version: '9.9.9' });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ status: string; database: string; engine: string; version: string }>();
    expect(body).toMatchObject({ status: 'ok', database: name, version: '9.9.9' });
    expect(body.engine).toMatch(/PostgreSQL/);
    await app.close();
  });
});
