import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { CollectionName } from '../../shared/domain/index';
import { sampleRecords } from '../../shared/domain/fixtures';
import type { Role } from '../../shared/sync/index';
import { buildSyncService, type SyncServiceOptions } from '../app';
import { createAccount, createEnrollment, enrollWithCode } from '../auth/accounts';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import { createDiskBlobStore } from '../photos/blob-store';
import { upsertRecords } from '../sync/platform-writes';

/** A sync service over a test database with a photo folder of its own. */
export async function testService(
  db: Database,
  options: Partial<SyncServiceOptions> = {},
): Promise<{ app: FastifyInstance; photoDir: string; dispose(): Promise<void> }> {
  const photoDir = mkdtempSync(join(tmpdir(), 'wrm-photos-'));
  const app = await buildSyncService({
    db,
    version: 'test',
    photos: createDiskBlobStore(photoDir),
    ...options,
  });
  return {
    app,
    photoDir,
    dispose: async () => {
      await app.close();
      rmSync(photoDir, { recursive: true, force: true });
    },
  };
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

/** A sample record of a collection with overrides (fresh id by default). */
export function sample<N extends CollectionName>(
  name: N,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...(sampleRecords[name] as Record<string, unknown>), ...overrides };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
