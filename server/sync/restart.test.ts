import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { createSyncClient, type HttpFetch, type PushRequest } from '#shared/sync/index';
import { migrate } from '../db/migrate';
import { openServiceDatabase } from '../main';
import { describeOnEngines } from '../testing/engines';
import { enrolledDevice, labelOf, sample, seedSites, testId } from '../testing/service';

const root = resolve(import.meta.dirname, '../..');
const fetchFn: HttpFetch = (url, init) => fetch(url, init as RequestInit);

type Child = {
  process: ChildProcess;
  url: string;
  output: () => string;
  waitFor(text: string): Promise<void>;
};

/** Starts the service as its own process (so the test can kill it dead), with a fault point. */
async function startChild(env: NodeJS.ProcessEnv): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/testing/fault-service-main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const waitFor = async (text: string) => {
    const deadline = Date.now() + 30_000;
    while (!out.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`service never printed "${text}":\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await waitFor('listening ');
  const url = /listening (\S+)/.exec(out)?.[1] ?? '';
  return { process: child, url, output: () => out, waitFor };
}

async function kill(child: Child): Promise<void> {
  if (child.process.exitCode === null) {
    const exited = new Promise((r) => child.process.once('exit', r));
    child.process.kill('SIGKILL');
    await exited;
  }
}

describeOnEngines('the service killed in the middle of a push', ({ url, test, engine }) => {
  test('killed before and after its commit, then restarted: the retried push lands exactly once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wrm-restart-'));
    const databaseUrl = engine === 'postgres' ? (url() ?? undefined) : undefined;
    const env = { WRM_SERVER_DATA: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
    try {
      // Prepare the database the way an operator would before the first laptop syncs.
      const db = await openServiceDatabase({ databaseUrl, dataDir });
      await migrate(db);
      await seedSites(db);
      const device = await enrolledDevice(db, 'technician', '530381');
      if (engine === 'pglite') {
        await db.close(); // PGlite is one process's: hand the folder to the service
      }
      const body: PushRequest = {
        rows: Array.from({ length: 30 }, (_, i) => ({
          assumedMasterState: null,
          newDocumentState: {
            ...sample('readings', { id: testId(`restart-${i}`) }),
            id: testId(`restart-${i}`),
            _deleted: false,
          },
        })),
      };
      for (const fault of ['before-commit', 'after-commit']) {
        const child = await startChild({ ...env, WRM_FAULT: fault });
        const client = createSyncClient({ baseUrl: child.url, fetch: fetchFn, token: () => device.token });
        const pushing = client.push('readings', body);
        await child.waitFor(`FAULT ${fault}`);
        await kill(child);
        // The device saw no answer: for it the push failed, and its records stay queued.
        expect(await pushing).toMatchObject({ ok: false, error: { code: 'network' } });
      }
      const healthy = await startChild({ ...env, WRM_FAULT: 'none' });
      try {
        const client = createSyncClient({ baseUrl: healthy.url, fetch: fetchFn, token: () => device.token });
        const retried = await client.push('readings', body);
        expect(retried).toMatchObject({ ok: true, value: { rejected: [], conflicts: [] } });
        expect(retried.ok && retried.value.accepted).toHaveLength(30);
        const pulled = await client.pull('readings', { tx: '0', seq: 0 }, 1000);
        const ids = pulled.ok
          ? pulled.value.documents.map((d) => labelOf(d.id)).filter((id) => id.startsWith('restart-'))
          : [];
        expect(ids).toHaveLength(30);
        expect(new Set(ids).size).toBe(30);
      } finally {
        await kill(healthy);
        if (engine === 'postgres') {
          await db.close();
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
