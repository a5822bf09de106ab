// `npm run bench:serial [-- --reads 3000 --mbpoll-seconds 5]`: transactions per second reading 10
// holding registers over a socat pty pair from our Modbus simulator (run in its own process), by our
// master (line session over serial link) beside mbpoll in loop mode and a back-to-back libmodbus master
// against the same simulator in the same run; plus our software overhead per transaction. Writes its
// section of docs/benchmarks.md. A script, never a test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SerialPort } from 'serialport';
import { openSerialLink } from '../../electron/host/serial-link';
import { buildLibmodbusTool, libmodbusMissing } from '../../electron/host/testing/libmodbus-tools';
import { missingTool, openPtyPair } from '../../electron/host/testing/pty-pair';
import { createLineSession } from '#shared/protocols/line-session';
import { createModbusMaster } from '#shared/protocols/modbus/master';
import { createModbusSlave } from '#shared/sim/modbus-slave';
import { runSimulator } from '#shared/sim/run-simulator';
import { machineLine, nowLine, percentile, writeBenchmarkSection } from './report';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const settings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;
const holding = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, 100 + i]));

/** Simulator mode: the meter end of the pty, in its own process so it does not share our event loop. */
async function simulate(path: string): Promise<void> {
  const link = await openSerialLink(path, settings);
  const run = runSimulator(createModbusSlave({ unitId: 1, holding }), link);
  console.log('ready');
  process.stdin.resume();
  const stop = async () => {
    await run.stop();
    await link.close();
    process.exit(0);
  };
  process.stdin.once('end', () => void stop());
  process.once('SIGTERM', () => void stop());
}

function startSimulator(path: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--simulator', path], {
    cwd: resolve(import.meta.dirname, '../..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((ready, fail) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        ready(child);
      }
    });
    child.once('exit', (code) => fail(new Error(`simulator exited (${String(code)})`)));
  });
}

type Ours = { tps: number; p50: number; p99: number; busy: number; wait: number; failed: number };

async function measureOurs(path: string, reads: number): Promise<Ours> {
  const link = await openSerialLink(path, settings);
  const session = createLineSession({ link, defaultTimeoutMs: 1000, clock: () => performance.now() });
  const master = createModbusMaster(session);
  for (let i = 0; i < 200; i += 1) {
    await master.readRegisters(1, 3, 0, 10);
  }
  session.resetOverhead();
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now();
  for (let i = 0; i < reads; i += 1) {
    const t0 = performance.now();
    const result = await master.readRegisters(1, 3, 0, 10);
    latencies.push(performance.now() - t0);
    if (!result.ok || result.value[9] !== 109) {
      failed += 1;
    }
    // Keep the record bounded in a long run; the bench reads figures, not frames.
    if (i % 1000 === 999) {
      session.clearRecords();
    }
  }
  const elapsed = performance.now() - start;
  const overhead = session.overhead();
  await session.close();
  return {
    tps: (reads / elapsed) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    busy: overhead.meanBusyMs,
    wait: overhead.meanWaitMs,
    failed,
  };
}

/**
 * The floor for any Node master on this binding: bare serialport (no session, no decoding) writing the
 * same request and waiting for 25 bytes, so our own cost can be told apart from the binding's.
 */
async function measureRawSerialport(path: string, reads: number): Promise<{ tps: number }> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((ok, fail) => port.open((e) => (e ? fail(e) : ok())));
  const request = Buffer.from([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a, 0xc5, 0xcd]);
  let received = 0;
  let wake: () => void = () => undefined;
  port.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received >= 25) {
      wake();
    }
  });
  const once = () =>
    new Promise<void>((done) => {
      received = 0;
      wake = done;
      port.write(request);
    });
  for (let i = 0; i < 200; i += 1) {
    await once();
  }
  const start = performance.now();
  for (let i = 0; i < reads; i += 1) {
    await once();
  }
  const elapsed = performance.now() - start;
  await new Promise<void>((done) => port.close(() => done()));
  return { tps: (reads / elapsed) * 1000 };
}

function measureLibmodbus(path: string, reads: number): { tps: number; failed: number } | string {
  const missing = libmodbusMissing();
  if (missing !== null) {
    return missing;
  }
  const binary = buildLibmodbusTool('libmodbus-master');
  const run = spawnSync(binary, [path, '9600', 'N', '1', '0', '10', String(reads)], { encoding: 'utf8' });
  rmSync(dirname(binary), { recursive: true, force: true });
  const [ok, failed, elapsed] = run.stdout.trim().split(' ').map(Number);
  if (run.status !== 0 || ok === undefined || failed === undefined || elapsed === undefined) {
    return `libmodbus master failed: ${run.stderr}`;
  }
  return { tps: (ok / elapsed) * 1000, failed };
}

/** mbpoll polls until interrupted; its rate is the count of complete polls over the time between them. */
async function measureMbpoll(
  path: string,
  seconds: number,
  pollMs: number,
): Promise<{ tps: number; polls: number } | string> {
  const missing = missingTool('mbpoll') ?? missingTool('stdbuf');
  if (missing !== null) {
    return missing;
  }
  const child = spawn(
    'stdbuf',
    [
      '-oL',
      'mbpoll',
      '-m',
      'rtu',
      '-a',
      '1',
      '-b',
      '9600',
      '-P',
      'none',
      '-t',
      '4',
      '-r',
      '1',
      '-c',
      '10',
      '-l',
      String(pollMs),
      path,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stamps: number[] = [];
  let pending = '';
  child.stdout.on('data', (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      // The last register of a poll closes it: one stamp per complete poll.
      if (/^\[10\]:\s+109/.test(line)) {
        stamps.push(performance.now());
      }
    }
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  const first = stamps[0];
  const last = stamps.at(-1);
  if (first === undefined || last === undefined || stamps.length < 2) {
    return 'mbpoll completed fewer than two polls';
  }
  return { tps: ((stamps.length - 1) / (last - first)) * 1000, polls: stamps.length };
}

async function bench(): Promise<void> {
  const socat = missingTool('socat');
  if (socat !== null) {
    throw new Error(socat);
  }
  const reads = option('reads', 3000);
  const mbpollSeconds = option('mbpoll-seconds', 5);
  const mbpollPollMs = option('mbpoll-poll-ms', 10);
  const loadBefore = loadavg()[0] ?? 0;
  const pair = await openPtyPair();
  const simulator = await startSimulator(pair.b);
  try {
    console.log(`ours: ${reads} reads…`);
    const ours = await measureOurs(pair.a, reads);
    console.log(ours);
    console.log(`raw serialport: ${reads} reads…`);
    const raw = await measureRawSerialport(pair.a, reads);
    console.log(raw);
    console.log(`libmodbus: ${reads} reads…`);
    const libmodbus = measureLibmodbus(pair.a, reads);
    console.log(libmodbus);
    console.log(`mbpoll: ${mbpollSeconds} s at -l ${mbpollPollMs}…`);
    const mbpoll = await measureMbpoll(pair.a, mbpollSeconds, mbpollPollMs);
    console.log(mbpoll);
    const loadAfter = loadavg()[0] ?? 0;
    const mbpollRate = typeof mbpoll === 'string' ? null : mbpoll.tps;
    const rateGoal =
      mbpollRate === null ? 'not measured (mbpoll missing)' : ours.tps >= mbpollRate ? 'met' : 'NOT met';
    const overheadGoal = ours.busy <= 2 ? 'met' : 'NOT met';
    const row = (name: string, value: { tps: number } | string, note: string) =>
      typeof value === 'string'
        ? `| ${name} | — | ${value} |`
        : `| ${name} | ${value.tps.toFixed(0)} | ${note} |`;
    const md = `## Serial: Modbus RTU transactions over a pty (\`npm run bench:serial\`)

Run ${nowLine()} on ${machineLine()}. Load average (1 min) ${loadBefore.toFixed(2)} at the start, ${loadAfter.toFixed(2)} at the end.

Reading 10 holding registers (FC 03, 8-byte request, 25-byte reply) from our Modbus simulator
(\`createModbusSlave\` + \`runSimulator\` over \`openSerialLink\`, in its own Node process) through a
\`socat\` pty pair at "9600 8N1". A pty does not emulate the line speed: a real 9600 Bd line needs
≈ 34 ms for these 33 bytes (≈ 29 transactions/s), so these figures measure software, not the wire.

| master | transactions/s | notes |
|---|---|---|
${row('ours: line session over serial link', ours, `${reads} back to back, ${ours.failed} failed; latency p50 ${ours.p50.toFixed(2)} ms, p99 ${ours.p99.toFixed(2)} ms`)}
${row('bare serialport, same bytes, no session or decoding', raw, `${reads} back to back: the most any Node master on this binding can do`)}
${row('mbpoll (loop mode)', mbpoll, typeof mbpoll === 'string' ? '' : `${mbpoll.polls} polls in ${mbpollSeconds} s at its fastest poll interval \`-l ${mbpollPollMs}\`, so bounded by that interval`)}
${row("libmodbus master (mbpoll's engine), back to back", libmodbus, typeof libmodbus === 'string' ? '' : `${reads} reads, ${libmodbus.failed} failed; \`electron/host/testing/libmodbus-master.c\``)}

Our software overhead per transaction (time running session, decoder and serial-link write code,
measured with \`performance.now\` inside the line session): **${ours.busy.toFixed(3)} ms**; mean time
from the request going out to the reply decoded (simulator process, ptys, event loop):
${ours.wait.toFixed(3)} ms.

Goals: rate ≥ mbpoll's — **${rateGoal}** (${ours.tps.toFixed(0)} vs ${mbpollRate === null ? '—' : mbpollRate.toFixed(0)}/s);
overhead ≤ 2 ms — **${overheadGoal}**. mbpoll's loop cannot poll faster than every ${mbpollPollMs} ms, so the
back-to-back libmodbus master is the fairer peer for raw speed; the bare-serialport row shows how much of
the gap to it is the Node binding's read/write path rather than our session.
`;
    writeBenchmarkSection('serial', md);
    console.log(md);
  } finally {
    simulator.stdin?.end();
    simulator.kill('SIGTERM');
    await pair.close();
  }
}

const simulatorIndex = args.indexOf('--simulator');
if (simulatorIndex >= 0) {
  await simulate(args[simulatorIndex + 1] ?? '');
} else {
  await bench();
}
