// The 200 simulated devices of `npm run bench:sync`: enrolment, their pushes (saturating or paced),
// and the service started in its own process as deployed.
import { spawn, type ChildProcess } from 'node:child_process';
import { sampleRecords } from '#shared/domain/fixtures';
import { newId, type Site } from '#shared/domain/index';
import { syncPaths, type PushRequest, type PushResponse, type WireDocument } from '#shared/sync/index';
import type { Database } from '../../server/db/database';
import { enrolledDevice } from '../../server/testing/service';
import { startCpuMeter } from './cpu-meter';
import { frameRequest, openRawDevice } from './raw-http-device';
import { percentile } from './report';

/**
 * The service in its own process, as deployed (devices are other machines): the 200 simulated
 * devices then do not share the service's event loop. Same database, so tokens made here work there.
 */
export function startServiceProcess(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  return startListening(['server/cli.ts', 'serve', '--port', '0'], { DATABASE_URL: databaseUrl });
}

/**
 * A TypeScript entry point run by Node itself (not npx, so that stopping it stops it, not a wrapper),
 * resolved when it prints `listening on <url>`. What it prints afterwards (the service's log lines)
 * is read and dropped.
 */
export async function startListening(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start: ${out}`)), 60_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        child.stdout?.off('data', read);
        child.stdout?.resume();
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.on('exit', (code) => reject(new Error(`${args[0]} exited (${code}): ${out}`)));
  });
  return { url, child };
}

/** Stops a process started by `startListening` and waits for it to end. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export type Fleet = { readonly token: string; readonly site: Site }[];

export async function enrolFleet(db: Database, sites: readonly Site[], devices = 200): Promise<Fleet> {
  const fleet: { token: string; site: Site }[] = [];
  // Eight at a time: a thousand devices are enrolled in seconds, not a minute.
  for (let i = 0; i < devices; i += 8) {
    const batch = Array.from(
      { length: Math.min(8, devices - i) },
      (_, k) => sites[((i + k) * 7) % sites.length]!,
    );
    const tokens = await Promise.all(
      batch.map(async (site) => (await enrolledDevice(db, 'technician', site.divisionCode)).token),
    );
    batch.forEach((site, k) => fleet.push({ token: tokens[k]!, site }));
  }
  return fleet;
}

export type FleetOptions = {
  /** The service's process when it runs apart, for the CPU split. */
  readonly servicePid?: number | undefined;
  /**
   * Unset: each device sends its next batch as soon as the previous one is answered (the service
   * saturated). Set: each device sends one batch every `paceMs`, the devices spread evenly over the
   * first interval (a steady load of devices / paceMs pushes per second).
   */
  readonly paceMs?: number;
  /** Readings per push (20 unless set). */
  readonly size?: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every device of the fleet pushes 5 batches of readings (20 each unless set), all devices at once,
 * each over its own keep-alive connection and waiting for each answer before its next push. The
 * readings exist before the clock starts (crews record them offline, then sync), already framed as
 * HTTP requests: the simulated devices share the service's cores, and their work is not the service's.
 */
export async function manyDevices(url: string, fleet: Fleet, options: FleetOptions = {}) {
  const batches = 5;
  const size = options.size ?? 20;
  const encoder = new TextEncoder();
  const pushUrl = `${url}${syncPaths.push('readings')}`;
  const outbox = fleet.map(({ site, token }) =>
    Array.from({ length: batches }, () => {
      const body: PushRequest = {
        rows: Array.from({ length: size }, () => ({
          assumedMasterState: null,
          newDocumentState: { ...reading(site), _deleted: false } as WireDocument,
        })),
      };
      return frameRequest(
        'POST',
        pushUrl,
        { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        encoder.encode(JSON.stringify(body)),
      );
    }),
  );
  const connections = await Promise.all(fleet.map(() => openRawDevice(url)));
  // A connection counts as open on the device's side before the service has taken it up. Measured
  // here: with 200 connections opened and used in the same millisecond, the first requests of the
  // newest ones finished up to half a second late while the others moved on; given half a second to
  // take the connections up first, they did not. Laptops keep their connection between pushes.
  await sleep(500);
  const latencies: number[] = [];
  let errors = 0;
  const stopMeter = startCpuMeter(options.servicePid);
  const started = performance.now();
  const { paceMs } = options;
  try {
    await Promise.all(
      connections.map(async (connection, device) => {
        for (const [batch, request] of outbox[device]!.entries()) {
          if (paceMs !== undefined) {
            const due = started + (device / fleet.length) * paceMs + batch * paceMs;
            await sleep(Math.max(0, due - performance.now()));
          }
          const t = performance.now();
          const answer = await connection.send(request).catch(() => null);
          latencies.push(performance.now() - t);
          if (answer === null || answer.status !== 200) {
            errors += 1;
          } else {
            errors += (JSON.parse(answer.body) as PushResponse).rejected.length;
          }
        }
      }),
    );
  } finally {
    for (const connection of connections) {
      connection.close();
    }
  }
  return {
    devices: fleet.length,
    requests: latencies.length,
    events: fleet.length * batches * size,
    errors,
    ms: performance.now() - started,
    cpu: stopMeter(),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export function reading(site: Site): Record<string, unknown> {
  return {
    ...sampleRecords.readings,
    id: newId(),
    siteId: site.id,
    divisionCode: site.divisionCode,
    patrolId: null,
    equipmentId: null,
    recordedAt: Date.now(),
    receivedAt: null,
  };
}

export type FleetRun = Awaited<ReturnType<typeof manyDevices>>;
