// The load matrix of `npm run bench:sync`: simulated devices doing what a laptop does when it syncs
// (push its new readings, then pull what changed in its region), at several fleet sizes, saturating
// and paced, against one service node and two nodes behind the two-node suite's round-robin
// balancer, all on one PostgreSQL. Per row: latency, errors, throughput, the service's CPU and memory,
// and what its /metrics said while the row ran (write-gate queue, pool waits, time inside the service).
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import {
  syncPaths,
  type Checkpoint,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type WireDocument,
} from '#shared/sync/index';
import { startCpuMeter } from './cpu-meter';
import { frameRequest, openRawDevice, type RawAnswer, type RawDevice } from './raw-http-device';
import { percentile } from './report';
import { reading, startListening, startServiceProcess, stopProcess, type Fleet } from './sync-fleet';

export type LoadMode = 'saturating' | 'paced';

export type LoadPlan = {
  /** Fleet sizes, smallest first; the fleet must hold at least the largest. */
  readonly sizes: readonly number[];
  readonly modes: readonly LoadMode[];
  readonly nodes: readonly (1 | 2)[];
  /** Push+pull cycles each device makes in a saturating row. */
  readonly saturatingCycles: number;
  /** Push+pull cycles each device makes in a paced row, one every `paceMs`. */
  readonly pacedCycles: number;
  readonly paceMs: number;
  /** Readings per push. */
  readonly pushSize: number;
  /** Documents a pull may return. */
  readonly pullLimit: number;
  /** Uncounted saturating warm-up rounds of the smallest fleet before each node set's rows. */
  readonly warmups: number;
};

export const fullPlan: LoadPlan = {
  sizes: [200, 500, 1000],
  modes: ['saturating', 'paced'],
  nodes: [1, 2],
  saturatingCycles: 4,
  pacedCycles: 3,
  paceMs: 10_000,
  pushSize: 20,
  pullLimit: 100,
  warmups: 1,
};

export const quickPlan: LoadPlan = {
  sizes: [10, 30],
  modes: ['saturating', 'paced'],
  nodes: [1, 2],
  saturatingCycles: 2,
  pacedCycles: 2,
  paceMs: 500,
  pushSize: 5,
  pullLimit: 50,
  warmups: 0,
};

/** What the service's /metrics showed during a row (sampled every 200 ms on every node). */
export type ServiceProbe = {
  /** Pushes waiting for a turn at a node's write gate: the largest sample, and the mean. */
  readonly gateWaitingMax: number;
  readonly gateWaitingMean: number;
  /** Requests waiting for one of a node's PostgreSQL pool connections. */
  readonly poolWaitingMax: number;
  readonly poolWaitingMean: number;
  /** Mean time inside the service per push (its turn at the gate included) and per pull, ms. */
  readonly pushServiceMs: number;
  readonly pullServiceMs: number;
  /** Largest resident memory of a node process, MB. */
  readonly nodeRssMb: number;
};

export type LoadRow = {
  readonly devices: number;
  readonly mode: LoadMode;
  readonly nodes: 1 | 2;
  readonly requests: number;
  readonly errors: number;
  readonly ms: number;
  readonly p50: number;
  readonly p99: number;
  readonly pushP99: number;
  readonly pullP99: number;
  readonly pulledDocs: number;
  /** Connections the devices opened (the fleet size when each kept its keep-alive connection). */
  readonly connectionsOpened: number;
  /** CPU of the service nodes together, of the balancer, and of the whole machine, ms. */
  readonly serviceCpuMs: number | null;
  readonly proxyCpuMs: number | null;
  readonly machineCpuMs: number | null;
  readonly probe: ServiceProbe;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Prometheus text: the sum of a metric's samples whose labels contain every `labels` pair. */
export function metricValue(
  text: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (match?.[1] !== name) {
      continue;
    }
    const set = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) {
      total += Number(match[3]);
    }
  }
  return total;
}

function rssMb(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? 0 : Number(kb) / 1024;
  } catch {
    return 0;
  }
}

type Node = { readonly url: string; readonly child: ChildProcess };

/** Samples every node's /metrics and memory until stopped. */
function startProbe(nodes: readonly Node[]): () => Promise<ServiceProbe> {
  const scrape = () => Promise.all(nodes.map((n) => fetch(`${n.url}/metrics`).then((r) => r.text())));
  const timed = (text: string, kind: 'push' | 'pull') => ({
    sum: metricValue(text, `wrm_sync_${kind}_duration_seconds_sum`, { collection: 'readings' }),
    count: metricValue(text, `wrm_sync_${kind}_duration_seconds_count`, { collection: 'readings' }),
  });
  const gate: number[] = [];
  const pool: number[] = [];
  let rss = 0;
  let running = true;
  const first = scrape();
  const loop = (async () => {
    while (running) {
      await sleep(200);
      const texts = await scrape().catch(() => [] as string[]);
      for (const text of texts) {
        gate.push(metricValue(text, 'wrm_write_gate_waiting'));
        pool.push(metricValue(text, 'wrm_db_pool_connections', { state: 'waiting' }));
      }
      for (const node of nodes) {
        rss = Math.max(rss, rssMb(node.child.pid));
      }
    }
  })();
  return async () => {
    running = false;
    await loop;
    const before = await first;
    const after = await scrape();
    const meanMs = (kind: 'push' | 'pull') => {
      let sum = 0;
      let count = 0;
      after.forEach((text, i) => {
        const a = timed(text, kind);
        const b = timed(before[i] ?? '', kind);
        sum += a.sum - b.sum;
        count += a.count - b.count;
      });
      return count === 0 ? Number.NaN : (sum / count) * 1000;
    };
    const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
    for (const node of nodes) {
      rss = Math.max(rss, rssMb(node.child.pid));
    }
    return {
      gateWaitingMax: Math.max(0, ...gate),
      gateWaitingMean: mean(gate),
      poolWaitingMax: Math.max(0, ...pool),
      poolWaitingMean: mean(pool),
      pushServiceMs: meanMs('push'),
      pullServiceMs: meanMs('pull'),
      nodeRssMb: rss,
    };
  };
}

/**
 * One row: every device of `fleet` makes its cycles (push `pushSize` readings, then pull its region's
 * readings after its checkpoint), each over its own keep-alive connection to `url`. Saturating: the
 * next request leaves as soon as the previous is answered. Paced: one cycle every `paceMs` per
 * device, the devices spread evenly over the interval. The pushes are framed before the clock starts.
 */
async function runRow<M>(
  url: string,
  fleet: Fleet,
  plan: LoadPlan,
  mode: LoadMode,
  startSeq: number,
  /** Starts measuring the service when the clock starts; what it returns is called when it stops. */
  measure: () => () => Promise<M>,
): Promise<{
  row: Omit<LoadRow, 'nodes' | 'serviceCpuMs' | 'proxyCpuMs' | 'machineCpuMs' | 'probe'>;
  measured: M;
}> {
  const cycles = mode === 'saturating' ? plan.saturatingCycles : plan.pacedCycles;
  const encoder = new TextEncoder();
  const pushUrl = `${url}${syncPaths.push('readings')}`;
  const headers = (token: string) => ({ authorization: `Bearer ${token}`, accept: 'application/json' });
  const pushes = fleet.map(({ site, token }) =>
    Array.from({ length: cycles }, () => {
      const body: PushRequest = {
        rows: Array.from({ length: plan.pushSize }, () => ({
          assumedMasterState: null,
          newDocumentState: { ...reading(site), _deleted: false } as WireDocument,
        })),
      };
      return frameRequest(
        'POST',
        pushUrl,
        { ...headers(token), 'content-type': 'application/json' },
        encoder.encode(JSON.stringify(body)),
      );
    }),
  );
  const connections = await Promise.all(fleet.map(() => reconnecting(url)));
  // Connections are taken up by the service before the clock starts (see manyDevices).
  await sleep(Math.min(2000, 300 + fleet.length));
  const pushMs: number[] = [];
  const pullMs: number[] = [];
  let errors = 0;
  let pulledDocs = 0;
  const empty = new Uint8Array(0);
  const timed = async (connection: Reconnecting, request: Uint8Array, into: number[]) => {
    const t = performance.now();
    const answer = await connection.send(request).catch(() => null);
    into.push(performance.now() - t);
    if (answer === null || answer.status !== 200) {
      errors += 1;
      return null;
    }
    return answer.body;
  };
  const stopMeasuring = measure();
  const started = performance.now();
  try {
    await Promise.all(
      connections.map(async (connection, device) => {
        let checkpoint: Checkpoint = { tx: '0', seq: startSeq };
        const token = fleet[device]!.token;
        for (let cycle = 0; cycle < cycles; cycle += 1) {
          if (mode === 'paced') {
            const due = started + (device / fleet.length) * plan.paceMs + cycle * plan.paceMs;
            await sleep(Math.max(0, due - performance.now()));
          }
          const pushed = await timed(connection, pushes[device]![cycle]!, pushMs);
          if (pushed !== null) {
            errors += (JSON.parse(pushed) as PushResponse).rejected.length;
          }
          const pull = frameRequest(
            'GET',
            `${url}${syncPaths.pull('readings')}?tx=${checkpoint.tx}&seq=${checkpoint.seq}&limit=${plan.pullLimit}`,
            headers(token),
            empty,
          );
          const pulled = await timed(connection, pull, pullMs);
          if (pulled !== null) {
            const answer = JSON.parse(pulled) as PullResponse;
            pulledDocs += answer.documents.length;
            checkpoint = answer.checkpoint;
          }
        }
      }),
    );
  } finally {
    for (const connection of connections) {
      connection.close();
    }
  }
  const ms = performance.now() - started;
  const measured = await stopMeasuring();
  const all = [...pushMs, ...pullMs];
  const row = {
    devices: fleet.length,
    mode,
    requests: all.length,
    errors,
    ms,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    pushP99: percentile(pushMs, 99),
    pullP99: percentile(pullMs, 99),
    pulledDocs,
    connectionsOpened: connections.reduce((n, c) => n + c.opened(), 0),
  };
  return { row, measured };
}

type Reconnecting = {
  send(request: Uint8Array): Promise<RawAnswer>;
  /** Connections this device opened (1 when it kept its keep-alive connection throughout). */
  opened(): number;
  close(): void;
};

/**
 * A device's connection that is opened again when the peer ended it: the balancer forwards the
 * node's `Connection: close` (it reaches each node over a new connection per request), so through
 * it a device opens a new connection for each request, as a browser would; the time to open it
 * counts in that request's latency.
 */
async function reconnecting(url: string): Promise<Reconnecting> {
  let current: RawDevice | null = await openRawDevice(url);
  let opened = 1;
  return {
    async send(request) {
      if (current === null) {
        current = await openRawDevice(url);
        opened += 1;
      }
      const connection = current;
      try {
        const answer = await connection.send(request);
        if (answer.closes) {
          connection.close();
          current = null;
        }
        return answer;
      } catch (error) {
        connection.close();
        current = null;
        throw error;
      }
    },
    opened: () => opened,
    close: () => current?.close(),
  };
}

export type LoadDeps = {
  readonly databaseUrl: string;
  readonly fleet: Fleet;
  /** The newest write sequence of readings now: each device's pull starts there. */
  readonly headSeq: () => Promise<number>;
  readonly log?: (line: string) => void;
};

/**
 * Runs the plan: two service processes are started (the one-node rows use the first directly), and
 * the two-node rows go through the round-robin balancer in its own process.
 */
export async function runLoadMatrix(plan: LoadPlan, deps: LoadDeps): Promise<LoadRow[]> {
  const log = deps.log ?? (() => undefined);
  const largest = Math.max(...plan.sizes);
  if (deps.fleet.length < largest) {
    throw new Error(`the fleet has ${deps.fleet.length} devices; the plan needs ${largest}`);
  }
  const nodes: Node[] = await Promise.all([
    startServiceProcess(deps.databaseUrl),
    startServiceProcess(deps.databaseUrl),
  ]);
  const children: ChildProcess[] = nodes.map((n) => n.child);
  const rows: LoadRow[] = [];
  try {
    const proxy = await startListening(['scripts/bench/sync-proxy-main.ts', ...nodes.map((n) => n.url)]);
    children.push(proxy.child);
    for (const count of plan.nodes) {
      const serving = nodes.slice(0, count);
      const url = count === 1 ? nodes[0]!.url : proxy.url;
      for (let w = 0; w < plan.warmups; w += 1) {
        const seq = await deps.headSeq();
        await runRow(
          url,
          deps.fleet.slice(0, plan.sizes[0]),
          plan,
          'saturating',
          seq,
          () => () => Promise.resolve(null),
        );
      }
      for (const mode of plan.modes) {
        for (const size of plan.sizes) {
          const fleet = deps.fleet.slice(0, size);
          const startSeq = await deps.headSeq();
          const { row, measured } = await runRow(url, fleet, plan, mode, startSeq, () => {
            const meters = serving.map((n) => startCpuMeter(n.child.pid));
            const proxyMeter = count === 2 ? startCpuMeter(proxy.child.pid) : null;
            const stopProbe = startProbe(serving);
            return async () => {
              const splits = meters.map((stop) => stop());
              const proxySplit = proxyMeter?.() ?? null;
              return { splits, proxySplit, probe: await stopProbe() };
            };
          });
          const { splits, proxySplit, probe } = measured;
          const nodeCpu = splits.map((s) => s?.childMs ?? null);
          const full: LoadRow = {
            ...row,
            nodes: count,
            serviceCpuMs: nodeCpu.includes(null) ? null : nodeCpu.reduce<number>((a, b) => a + (b ?? 0), 0),
            proxyCpuMs: proxySplit?.childMs ?? null,
            machineCpuMs: splits[0]?.machineMs ?? null,
            probe,
          };
          rows.push(full);
          log(`  ${describeRow(full)}`);
        }
      }
    }
  } finally {
    for (const child of children) {
      await stopProcess(child);
    }
  }
  return rows;
}

const ms1 = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');

export function describeRow(r: LoadRow): string {
  return `${r.devices} devices, ${r.mode}, ${r.nodes} node${r.nodes === 1 ? '' : 's'}: ${r.requests} requests, ${r.errors} errors, p50 ${ms1(r.p50)}, p99 ${ms1(r.p99)}, ${(r.requests / (r.ms / 1000)).toFixed(0)} req/s, gate waiting max ${r.probe.gateWaitingMax}, pool waiting max ${r.probe.poolWaitingMax}`;
}

const cores = () => cpus().length;

/** Where p99 passes 200 ms for each mode and node count, and what the service showed there. */
export function crossings(rows: readonly LoadRow[], limitMs = 200): string[] {
  const lines: string[] = [];
  const groups = new Map<string, LoadRow[]>();
  for (const row of rows) {
    const key = `${row.mode}|${row.nodes}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => a.devices - b.devices);
    const head = sorted[0]!;
    const what = `${head.mode}, ${head.nodes === 1 ? 'one node' : 'two nodes behind the balancer'}`;
    const over = sorted.findIndex((r) => r.p99 > limitMs);
    if (over < 0) {
      const last = sorted[sorted.length - 1]!;
      lines.push(
        `- ${what}: p99 stays within ${limitMs} ms up to ${last.devices} devices (${ms1(last.p99)} there).`,
      );
      continue;
    }
    const row = sorted[over]!;
    const before = over > 0 ? sorted[over - 1]! : null;
    const where =
      before === null
        ? `already past ${limitMs} ms at ${row.devices} devices (p99 ${ms1(row.p99)})`
        : `crosses ${limitMs} ms between ${before.devices} devices (p99 ${ms1(before.p99)}) and ${row.devices} (p99 ${ms1(row.p99)})`;
    lines.push(`- ${what}: ${where}. ${explain(row)}`);
  }
  return lines;
}

/** The reasons a row's latency is what it is, from its own measurements. */
export function explain(row: LoadRow): string {
  const seconds = row.ms / 1000;
  const rate = row.requests / seconds;
  const reasons: string[] = [];
  const busy = row.machineCpuMs === null ? null : row.machineCpuMs / row.ms;
  if (busy !== null) {
    reasons.push(
      `the machine's ${cores()} cores were ${((busy / cores()) * 100).toFixed(0)}% busy (service ${row.serviceCpuMs === null ? 'n/a' : `${(row.serviceCpuMs / row.requests).toFixed(2)} ms CPU per request`}${row.proxyCpuMs === null ? '' : `, balancer ${(row.proxyCpuMs / row.requests).toFixed(2)} ms`}; the simulated devices and PostgreSQL take the rest)`,
    );
  }
  reasons.push(
    `pushes spent ${ms1(row.probe.pushServiceMs)} on average inside the service, pulls ${ms1(row.probe.pullServiceMs)}`,
  );
  reasons.push(
    `the write gate (20 pushes in flight per node) had up to ${row.probe.gateWaitingMax} pushes waiting (mean ${row.probe.gateWaitingMean.toFixed(1)})`,
  );
  reasons.push(
    `requests waiting for one of a node's 10 pool connections: up to ${row.probe.poolWaitingMax} (mean ${row.probe.poolWaitingMean.toFixed(1)})`,
  );
  if (row.mode === 'saturating') {
    reasons.push(
      `with every device waiting for its previous answer, a request's mean latency is the devices divided by the throughput (${row.devices} ÷ ${rate.toFixed(0)} req/s ≈ ${((row.devices / rate) * 1000).toFixed(0)} ms): even a mean of 200 ms at ${row.devices} devices needs ${(row.devices / 0.2).toFixed(0)} req/s from these ${cores()} cores, which is a throughput limit, not a queue that grows without bound`,
    );
  }
  return `Why: ${reasons.join('; ')}.`;
}

/** The markdown of the load matrix: the table, the method, and where p99 crosses 200 ms and why. */
export function renderLoadSection(
  rows: readonly LoadRow[],
  plan: LoadPlan,
  context: { readonly loadStart: string; readonly loadEnd: string },
): string {
  const cpuCell = (ms: number | null, r: LoadRow) =>
    ms === null ? 'n/a' : `${(ms / r.ms).toFixed(2)} cores · ${(ms / r.requests).toFixed(2)} ms/req`;
  const table = [
    '| devices | mode | nodes | requests | errors | connections | req/s | p50 | p99 | push p99 | pull p99 | service CPU | balancer CPU | service memory (largest node RSS) | gate waiting max (mean) | pool waiting max (mean) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.devices} | ${r.mode} | ${r.nodes} | ${r.requests} | ${r.errors} | ${r.connectionsOpened} | ${(r.requests / (r.ms / 1000)).toFixed(0)} | ${ms1(r.p50)} | ${ms1(r.p99)} | ${ms1(r.pushP99)} | ${ms1(r.pullP99)} | ${cpuCell(r.serviceCpuMs, r)} | ${r.nodes === 1 ? '—' : cpuCell(r.proxyCpuMs, r)} | ${r.probe.nodeRssMb.toFixed(0)} MB | ${r.probe.gateWaitingMax} (${r.probe.gateWaitingMean.toFixed(1)}) | ${r.probe.poolWaitingMax} (${r.probe.poolWaitingMean.toFixed(1)}) |`,
    ),
  ].join('\n');
  return `### Load: push+pull mixed, ${plan.sizes.join(' / ')} devices, saturating and paced, one node and two

Each simulated device has its own device token, a site of its own county and one keep-alive connection; a cycle is what a laptop does when it syncs: push ${plan.pushSize} new readings, then pull the readings of its county after its checkpoint (at most ${plan.pullLimit}; the checkpoint starts at the newest write when the row starts, and follows the answers). *Saturating*: each device sends its next request as soon as the previous one is answered, ${plan.saturatingCycles} cycles each. *Paced*: each device makes one cycle every ${(plan.paceMs / 1000).toFixed(1)} s, the devices spread evenly over the interval, ${plan.pacedCycles} cycles each (a steady ${plan.sizes.map((s) => `${((2 * s) / (plan.paceMs / 1000)).toFixed(0)}`).join(' / ')} requests/s). Service nodes run as deployed (\`npm run server -- serve\`, each in its own process, logging on, PostgreSQL pool of 10, write gate of 20 pushes in flight), all on the same PostgreSQL; *1 node*: the devices connect to it directly; *2 nodes*: through the two-node suite's round-robin balancer (\`server/testing/round-robin-proxy.ts\`, in its own process), which reaches a node over a new connection per request and passes the node's \`Connection: close\` back, so through it each device opens a new connection for every request (the time to open it counts in that request's latency; the table's *connections* column counts them). Pushes are framed before the clock starts; ${plan.warmups} uncounted saturating round${plan.warmups === 1 ? '' : 's'} of ${plan.sizes[0]} devices run${plan.warmups === 1 ? 's' : ''} before each node set. Latency is per request (push or pull) as the device sees it; errors are non-200 answers, failed connections and rejected rows. Service CPU is the node processes' CPU (cores busy on average · per request); memory is the largest resident set of a node while the row ran. Gate and pool figures are sampled from each node's \`/metrics\` every 200 ms (\`wrm_write_gate_waiting\`, \`wrm_db_pool_connections{state="waiting"}\`).

${table}

Where p99 crosses 200 ms, and why:
${crossings(rows).join('\n')}

Everything runs on this one machine: the ${cores()} cores are shared by the simulated devices, the service node(s), the balancer and PostgreSQL, so a second node adds no cores — it splits the same ones. Load average (1 min) ${context.loadStart} before the load rows and ${context.loadEnd} after (above ${cores()} means other work shared the machine).`;
}
