// A throwaway sync service for tests of other layers (the host's upload queue): in-memory PGlite, one
// technician's device enrolled; prints `token …` and `listening …`, and runs until killed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSyncService } from '../app';
import { openDatabase } from '../db/database';
import { createDiskBlobStore } from '../photos/blob-store';
import { enrolledDevice, seedSites } from './service';

const db = await openDatabase({ pgliteDir: 'memory://' });
const app = await buildSyncService({
  db,
  version: 'test',
  photos: createDiskBlobStore(mkdtempSync(join(tmpdir(), 'wrm-test-photos-'))),
});
await seedSites(db);
const device = await enrolledDevice(db, 'technician', '530381');
const url = await app.listen({ host: '127.0.0.1', port: Number(process.env['PORT'] ?? 0) });
process.stdout.write(`token ${device.token}\nlistening ${url}\n`);
