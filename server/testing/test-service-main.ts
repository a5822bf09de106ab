// A throwaway sync service for tests of other layers (the host's upload queue): in-memory PGlite, one
// technician's device enrolled; prints `token …` and `listening …`, and runs until killed.
import { buildSyncService } from '../app';
import { createAccount } from '../auth/accounts';
import { openDatabase } from '../db/database';
import { enrolledDevice, seedSites } from './service';

const db = await openDatabase({ pgliteDir: 'memory://' });
const app = await buildSyncService({ db, version: 'test', photoGcEveryMs: 0 });
await seedSites(db);
const device = await enrolledDevice(db, 'technician', '530381');
// An account that signs in with a password (as the app's login screen does).
await createAccount(
  db,
  {
    username: 'tech-a',
    displayName: '测试巡查员',
    role: 'technician',
    scope: '530381',
    password: 'password-123456',
  },
  { actor: 'test', scope: '53' },
  Date.now(),
);
const url = await app.listen({ host: '127.0.0.1', port: Number(process.env['PORT'] ?? 0) });
process.stdout.write(`token ${device.token}\nlogin tech-a password-123456\nlistening ${url}\n`);
