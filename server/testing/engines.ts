import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Database } from '../db/database';
import { engineCases, postgresSkipReason, type TestDatabase } from './test-databases';

const skipPostgres = await postgresSkipReason();

export type EngineTest = (title: string, fn: () => Promise<void>, timeout?: number) => void;

/**
 * Defines a suite once per engine (PGlite, and the PostgreSQL server). Where no PostgreSQL server
 * answers, its cases are reported as skipped with the reason (never as passed); under CI they fail.
 */
export function describeOnEngines(
  title: string,
  define: (env: {
    readonly db: () => Database;
    /** The PostgreSQL URL of the test database (null on PGlite). */
    readonly url: () => string | null;
    readonly test: EngineTest;
    readonly engine: 'pglite' | 'postgres';
  }) => void,
): void {
  describe.each(engineCases)(`${title} on $name`, ({ name, open }) => {
    const skip = name === 'postgres' && skipPostgres !== null;
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      if (!skip) {
        database = await open();
      }
    });
    afterAll(async () => {
      await database?.dispose();
    });
    const test: EngineTest = (t, fn, timeout) =>
      it.skipIf(skip)(skip ? `${t} (skipped: ${skipPostgres})` : t, fn, timeout);
    define({
      db: () => {
        if (database === undefined) {
          throw new Error('database not open');
        }
        return database.db;
      },
      url: () => database?.url ?? null,
      test,
      engine: name,
    });
  });
}
