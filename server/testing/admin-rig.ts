import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '#shared/sync/index';
import type { Database } from '../db/database';
import { bearer, enrolledDevice, testService } from './service';

/** The registry template the admin console offers (a header and one example row). */
export const registryTemplate = readFileSync(
  new URL('../../resources/registry-template.csv', import.meta.url),
  'utf8',
);
/** 2026-11-20 12:00 Asia/Shanghai: the platform tests' starting time. */
export const t0 = Date.UTC(2026, 10, 20, 4, 0, 0);
export const hour = 3_600_000;

type Device = { readonly token: string; readonly deviceId: string; readonly username: string };

/**
 * A sync service on the test engine with devices enrolled under the named roles and regions, started
 * before the suite's tests and disposed after them. `devices` and `app()` are ready inside tests.
 */
export function useServiceWithDevices<K extends string>(
  db: () => Database,
  now: () => number,
  devices: Readonly<Record<K, readonly [Role, string]>>,
) {
  let app: FastifyInstance | null = null;
  let dispose = () => Promise.resolve();
  const enrolled = {} as Record<K, Device>;
  beforeAll(async () => {
    const service = await testService(db(), { now });
    app = service.app;
    dispose = () => service.dispose();
    for (const [name, [role, scope]] of Object.entries(devices) as [K, readonly [Role, string]][]) {
      enrolled[name] = await enrolledDevice(db(), role, scope, now());
    }
  });
  afterAll(() => dispose());
  const appOf = (): FastifyInstance => {
    if (app === null) {
      throw new Error('the service starts before the tests (beforeAll)');
    }
    return app;
  };
  return {
    app: appOf,
    devices: enrolled as Readonly<Record<K, Device>>,
    /** POSTs as the device holding `token`; `contentType` for bodies other than JSON. */
    post: (url: string, token: string, payload: unknown, contentType?: string) =>
      appOf().inject({
        method: 'POST',
        url,
        headers: { ...bearer(token), ...(contentType ? { 'content-type': contentType } : {}) },
        payload: payload as string,
      }),
  };
}
