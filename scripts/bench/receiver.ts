// `npm run bench:receiver`: the top-of-the-hour burst — 20,000 simulated stations (SZY206, SL651 and
// HJ 212 in turn) each connect and send one frame as fast as this machine allows, to the service's
// receiver (its own process, `serve --receiver-port`) on PostgreSQL; then the same frames to a peer
// measured in the same run: a minimal Node `net` server that only writes each connection's raw bytes
// to PostgreSQL with multi-row inserts. Counts every frame stored or lost, the time to drain, and each
// server process's CPU and peak memory. Loopback only; bounded in count and time.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { loadavg } from 'node:os';
import pg from 'pg';
import type { Site } from '#shared/domain/index';
import { buildHj212Realtime } from '#shared/protocols/hj212/index';
import { buildSl651Report } from '#shared/protocols/sl651/index';
import { buildSelfReport } from '#shared/protocols/szy206/index';
import { migrate } from '../../server/db/migrate';
import { scoped } from '../../server/db/scoped';
import { upsertRecords } from '../../server/sync/platform-writes';
import { sampleRecords } from '#shared/domain/fixtures';
import { createPostgresDatabase, postgresSkipReason } from '../../server/testing/test-databases';
import { startCpuMeter } from './cpu-meter';
import { machineLine, nowLine, writeBenchmarkSection } from './report';

const stations = Number(process.env['BENCH_STATIONS'] ?? 20_000);
/** Open connections at most (the process may hold 20,000 descriptors, the server as many). */
const concurrency = 4_000;
const drainLimitMs = 5 * 60_000;
// 2026-11-20 10:00 Beijing, the top of the hour every station reports.
const hour = Date.UTC(2026, 10, 20, 2);

// ---- the peer: a minimal raw-frame writer (run as its own process) ----

async function runPeer(databaseUrl: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  await pool.query(
    'create table if not exists peer_frames (id bigserial primary key, at bigint, peer text, bytes bytea)',
  );
  let queue: { at: number; peer: string; bytes: Buffer }[] = [];
  let writing = false;
  const write = async () => {
    if (writing) {
      return;
    }
    writing = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, 1000);
      queue = queue.slice(batch.length);
      await pool.query(
        `insert into peer_frames (at, peer, bytes) select * from unnest($1::bigint[], $2::text[], $3::bytea[])`,
        [batch.map((b) => b.at), batch.map((b) => b.peer), batch.map((b) => b.bytes)],
      );
    }
    writing = false;
  };
  const server = net.createServer((socket) => {
    const parts: Buffer[] = [];
    socket.on('data', (d: Buffer) => parts.push(d));
    socket.on('error', () => undefined);
    socket.on('end', () => {
      queue.push({
        at: Date.now(),
        peer: `${socket.remoteAddress}:${socket.remotePort}`,
        bytes: Buffer.concat(parts),
      });
      socket.end();
      void write();
    });
  });
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
    const address = server.address();
    console.log(`peer listening on ${typeof address === 'object' && address !== null ? address.port : 0}`);
  });
}

// ---- the bench ----

function frameOf(i: number): Uint8Array {
  const n = i + 1;
  switch (i % 3) {
    case 0:
      return buildSelfReport(
        { address: { mode: 'division', division: '530381', station: n } },
        { kindCode: 3, values: [1 + (i % 50) / 10, 100_000 + i], alarmWord: 0, statusWord: 0 },
        { second: 0, minute: 0, hour: 10, day: 20, month: null, year: null, allowedDelayMinutes: 10 },
      );
    case 1:
      return buildSl651Report({
        centerAddress: 1,
        stationAddress: `00${String(n).padStart(8, '0')}`,
        password: '1234',
        functionCode: 0x32,
        serial: n % 65_536,
        sentAt: { year: 2026, month: 11, day: 20, hour: 10, minute: 0, second: 5 },
        category: 'H',
        observedAt: { year: 2026, month: 11, day: 20, hour: 10, minute: 0 },
        elements: [{ id: 0x39, bytes: 4, decimals: 3, value: 1 + (i % 100) / 100 }],
      });
    default:
      return new TextEncoder().encode(
        buildHj212Realtime(
          { st: '21', pw: '123456', mn: `8888888${String(n).padStart(7, '0')}`, flag: 5 },
          hour,
          [
            { code: 'w01001', rtd: 7 + (i % 10) / 10 },
            { code: 'w21003', rtd: 0.3 },
          ],
        ),
      );
  }
}

function stationOf(i: number): Site['station'] {
  const n = i + 1;
  return [
    { protocol: 'szy206-2016' as const, address: `530381-${n}` },
    { protocol: 'sl651-2014' as const, address: `00${String(n).padStart(8, '0')}` },
    { protocol: 'hj212-2017' as const, address: `8888888${String(n).padStart(7, '0')}` },
  ][i % 3]!;
}

async function spawnChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`process did not start: ${out}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`process exited (${code}): ${out}`)));
  });
  return { child, port };
}

function peakMemoryMiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? null : Number(m[1]) / 1024;
  } catch {
    return null;
  }
}

/** Every station connects, sends its frame, waits for the answer (when `answered`) and closes. */
async function burst(port: number, frames: readonly Uint8Array[], answered: boolean) {
  let next = 0;
  let failed = 0;
  let acked = 0;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const socket = net.connect({
        port,
        host: '127.0.0.1',
        localAddress: `127.0.${1 + (i % 8)}.${1 + (i % 200)}`,
      });
      const timer = setTimeout(() => {
        failed += 1;
        socket.destroy();
        resolve();
      }, 120_000);
      socket.on('connect', () => {
        socket.write(frames[i]!);
        if (!answered) {
          socket.end();
        }
      });
      socket.on('data', () => {
        acked += 1;
        socket.end();
      });
      socket.on('error', () => {
        failed += 1;
      });
      socket.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  const worker = async () => {
    while (next < frames.length) {
      await one(next++);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { sendMs: performance.now() - started, failed, acked };
}

async function waitCount(client: pg.Client, sql: string, target: number, since: number) {
  let count = 0;
  while (performance.now() - since < drainLimitMs) {
    count = Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
    if (count >= target) {
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { count, drainMs: performance.now() - since };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--peer') {
    return runPeer(process.env['DATABASE_URL'] ?? '');
  }
  const skip = await postgresSkipReason();
  if (skip !== null) {
    throw new Error(`bench:receiver needs PostgreSQL: ${skip}`);
  }
  const load0 = loadavg()[0] ?? 0;
  const database = await createPostgresDatabase();
  const url = database.url!;
  try {
    await migrate(database.db);
    const base = sampleRecords.sites as Site;
    const sites: Site[] = Array.from({ length: stations }, (_, i) => ({
      ...base,
      id: `site-b${i}`,
      code: `B${String(i).padStart(6, '0')}`,
      station: stationOf(i),
    }));
    await scoped(database.db, 'all', (tx) => upsertRecords(tx, 'sites', sites, hour));
    const frames = Array.from({ length: stations }, (_, i) => frameOf(i));
    const bytes = frames.reduce((s, f) => s + f.length, 0);
    const client = new pg.Client({ connectionString: url });
    await client.connect();

    // The service with its receiver.
    const service = await spawnChild(
      [
        'server/cli.ts',
        'serve',
        '--port',
        '0',
        '--log-level',
        'warn',
        '--receiver-port',
        '0',
        '--receiver-host',
        '127.0.0.1',
      ],
      { DATABASE_URL: url },
      /receiver on 127\.0\.0\.1:(\d+)/,
    );
    const cpu = startCpuMeter(service.child.pid);
    const t0 = performance.now();
    const sent = await burst(service.port, frames, true);
    const stored = await waitCount(client, 'select count(*)::text as n from monitoring_frames', stations, t0);
    const cpuUsed = cpu();
    const mem = peakMemoryMiB(service.child.pid ?? 0);
    const values = Number(
      (await client.query<{ n: string }>('select count(*)::text as n from monitoring_values')).rows[0]?.n,
    );
    const quarantined = Number(
      (await client.query<{ n: string }>('select count(*)::text as n from monitoring_quarantine')).rows[0]?.n,
    );
    service.child.kill('SIGTERM');

    // The peer, same frames, same database server.
    const peer = await spawnChild(
      ['scripts/bench/receiver.ts', '--peer'],
      { DATABASE_URL: url },
      /peer listening on (\d+)/,
    );
    const peerCpu = startCpuMeter(peer.child.pid);
    const p0 = performance.now();
    const peerSent = await burst(peer.port, frames, false);
    const peerStored = await waitCount(client, 'select count(*)::text as n from peer_frames', stations, p0);
    const peerCpuUsed = peerCpu();
    const peerMem = peakMemoryMiB(peer.child.pid ?? 0);
    peer.child.kill('SIGTERM');
    await client.end();

    const s = (ms: number) => (ms / 1000).toFixed(1);
    const cpuText = (c: ReturnType<typeof cpu>) => (c?.childMs == null ? 'n/a' : `${s(c.childMs)} s`);
    const memText = (m: number | null) => (m === null ? 'n/a' : `${m.toFixed(0)} MiB`);
    const markdown = `
## Receiver: the top-of-the-hour burst (\`npm run bench:receiver\`)

Run ${nowLine()} on ${machineLine()}, PostgreSQL on 127.0.0.1. Load average (1 min) ${load0.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end (2 cores; other work shared the machine when it is above 2).

${stations.toLocaleString('en')} simulated stations (a third each SZY206 C0 self-report, SL651 定时报, HJ 212 real-time data with answer wanted; ${bytes.toLocaleString('en')} bytes in all), each on its own TCP connection, sent as fast as this machine allows with at most ${concurrency.toLocaleString('en')} connections open at once. The service (\`serve --receiver-port\`, its own process) stores each frame with its decoded values and answers after the commit; a station closes once answered. The peer (a minimal Node \`net\` server, its own process) only writes each connection's raw bytes with multi-row inserts of up to 1,000 rows and answers nothing.

| server | frames stored | lost | sent in | drained in | server CPU | server peak memory |
|---|---|---|---|---|---|---|
| ours: receiver (decode, registry look-up, raw + values, answer) | ${stored.count.toLocaleString('en')} | ${(stations - stored.count).toLocaleString('en')} | ${s(sent.sendMs)} s | ${s(stored.drainMs)} s | ${cpuText(cpuUsed)} | ${memText(mem)} |
| peer: raw bytes only | ${peerStored.count.toLocaleString('en')} | ${(stations - peerStored.count).toLocaleString('en')} | ${s(peerSent.sendMs)} s | ${s(peerStored.drainMs)} s | ${cpuText(peerCpuUsed)} | ${memText(peerMem)} |

Ours also stored ${values.toLocaleString('en')} values (${stations.toLocaleString('en')} stations: 2 + 1 + 2 per protocol) and quarantined ${quarantined}; ${sent.acked.toLocaleString('en')} answers reached the stations, ${sent.failed} connections failed (peer: ${peerSent.failed}). "Drained in" runs from the first connection to the last frame committed; the whole burst fits the one-minute window when it is under 60 s. Machine CPU over our run: ${cpuUsed === null ? 'n/a' : `${s(cpuUsed.machineMs)} s`} (the bench's own stations: ${cpuUsed === null ? 'n/a' : `${s(cpuUsed.benchMs)} s`}).
`;
    writeBenchmarkSection('receiver', markdown);
    console.log(markdown);
  } finally {
    await database.dispose();
  }
}

main().then(
  () => {
    if (process.argv[2] !== '--peer') {
      process.exit(0);
    }
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
