// A sync service process for fault tests: like `npm run server -- serve`, plus a fault point chosen
// by the test — it stops dead inside a push (before or after its commit) until the test kills it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSyncService } from '../main';

const fault = process.env['WRM_FAULT'] ?? 'none';
const hang = (marker: string) => async () => {
  process.stdout.write(`${marker}\n`);
  await new Promise(() => undefined); // until killed
};

const service = await startSyncService({
  databaseUrl: process.env['DATABASE_URL'],
  dataDir: process.env['WRM_SERVER_DATA'] ?? mkdtempSync(join(tmpdir(), 'wrm-fault-')),
  port: Number(process.env['PORT'] ?? 0),
  version: 'fault-test',
  hooks: {
    ...(fault === 'before-commit' ? { beforeCommit: hang('FAULT before-commit') } : {}),
    ...(fault === 'after-commit' ? { afterCommit: hang('FAULT after-commit') } : {}),
  },
});
process.stdout.write(`listening ${service.url}\n`);
