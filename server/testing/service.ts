import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { collections, type CollectionName } from '#shared/domain/index';
import { sampleRecords } from '#shared/domain/fixtures';
import type { Role } from '#shared/sync/index';
import { buildSyncService, type SyncServiceOptions } from '../app';
import { createAccount, createEnrollment, enrollWithCode } from '../auth/accounts';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import { upsertRecords } from '../sync/platform-writes';

/** A sync service over a test database (photos in the database unless `photos` says otherwise). */
export async function testService(
  db: Database,
  options: Partial<SyncServiceOptions> = {},
): Promise<{ app: FastifyInstance; dispose(): Promise<void> }> {
  const app = await buildSyncService({ db, version: 'test', photoGcEveryMs: 0, ...options });
  return { app, dispose: () => app.close() };
}

let counter = 0;

/** An account plus an enrolled device token, made the way an admin would (a password-less account). */
export async function enrolledDevice(
  db: Database,
  role: Role,
  scope: string,
  now = Date.now(),
): Promise<{ token: string; deviceId: string; username: string }> {
  counter += 1;
  const username = `${role}-${scope}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
  await createAccount(
    db,
    { username, displayName: username, role, scope },
    { actor: 'test', scope: scope.slice(0, 2) },
    now,
  );
  const { code } = await createEnrollment(
    db,
    { username, deviceName: `laptop of ${username}`, validHours: 1 },
    { actor: 'test', scope: scope.slice(0, 2) },
    'http://127.0.0.1',
    now,
  );
  const enrolled = await enrollWithCode(db, { code, deviceName: `laptop of ${username}` }, now);
  return { token: enrolled.token, deviceId: enrolled.device.id, username };
}

/** Two sites in county 530381 (Yunnan) and one in 110101 (Beijing), as the platform holds them. */
export async function seedSites(db: Database, now = Date.now()): Promise<void> {
  const site = sampleRecords.sites;
  await scoped(db, 'all', (tx) =>
    upsertRecords(
      tx,
      'sites',
      [
        { ...site, id: 'site-1' },
        { ...site, id: 'site-2', code: '5303810002', name: '示例二号取水口' },
        { ...site, id: 'site-bj', code: '1101010001', name: '北京示例站', divisionCode: '110101' },
      ],
      now,
    ),
  );
}

/**
 * A sample record of a collection with overrides. Events get an id of the shape the app makes (the
 * service refuses others); reference records keep the platform's ids of the shared fixtures.
 */
export function sample<N extends CollectionName>(
  name: N,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const record = sampleRecords[name] as Record<string, unknown> & { id: string };
  const id = collections[name].kind === 'event' ? testId(record.id) : record.id;
  return { ...record, id, ...overrides };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/**
 * A record id of the shape the app makes (a UUIDv7), derived from a readable label so a test can name
 * its records and still push ids the service accepts. The same label gives the same id.
 */
export function testId(label: string): string {
  const h = createHash('sha256').update(label).digest('hex');
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  labels.set(id, label);
  return id;
}

const labels = new Map<string, string>();

/** The label a `testId` was made from (ids this process did not make stay as they are). */
export function labelOf(id: string): string {
  return labels.get(id) ?? id;
}
