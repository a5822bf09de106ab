// `npm run bench:sync`: the sync service on loopback against its peer (PouchDB → express-pouchdb),
// measured in the same run: initial pull of the demo province, push of 10,000 events, 200 devices
// pushing at once, and the load matrix (push+pull, 200 / 500 / 1,000 devices, saturating and paced,
// one node and two). Bounded in count and time; writes its section of docs/benchmarks.md.
// `--quick`: a small smoke run of every part, printed, docs/benchmarks.md left as it is.
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { addRxPlugin, createRxDatabase, type RxCollection } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import {
  collections,
  migrationStrategiesFor,
  toRxJsonSchema,
  type CollectionName,
  type Site,
} from '#shared/domain/index';
import {
  createSyncClient,
  initialCheckpoint,
  type Checkpoint,
  type HttpFetch,
  type WireDocument,
} from '#shared/sync/index';
import { buildSyncService } from '../../server/app';
import { scoped } from '../../server/db/scoped';
import { seedDemoIfEmpty } from '../../server/platform/demo-seed';
import {
  createPgliteDatabase,
  createPostgresDatabase,
  postgresSkipReason,
} from '../../server/testing/test-databases';
import { enrolledDevice } from '../../server/testing/service';
import { machineLine, nowLine, writeBenchmarkSection } from './report';
import type { CpuSplit } from './cpu-meter';
import { keepAliveFetch } from './keep-alive-fetch';
import {
  enrolFleet,
  manyDevices,
  reading,
  startServiceProcess,
  stopProcess,
  type FleetRun,
} from './sync-fleet';
import { fullPlan, quickPlan, renderLoadSection, runLoadMatrix, type LoadRow } from './sync-load';
import { peerPull, peerPush, startPouchPeer } from './sync-peer';

// In the app the renderer's fetch is Chromium's network stack; here the devices use node:http with
// keep-alive connections (undici's fetch cost about 1 ms of CPU per request on these two cores).
const transport = keepAliveFetch();
const fetchFn: HttpFetch = transport.fetch;
const pullCollections: CollectionName[] = ['water_users', 'permits', 'sites', 'equipment', 'site_health'];
const log = (line: string) => console.log(line);
// Collections past schema version 0 carry migration strategies, which need this plugin to open.
addRxPlugin(RxDBMigrationSchemaPlugin);
const loadAtStart = loadavg()[0] ?? 0;
const quick = process.argv.includes('--quick');
/** Pull and push are each run this many times, alternating with the peer; the median run counts. */
const runs = quick ? 1 : 3;
const pushEvents = quick ? 1_000 : 10_000;
const plan = quick ? quickPlan : fullPlan;
const load1 = () => (loadavg()[0] ?? 0).toFixed(2);

function median<T extends { ms: number }>(results: readonly T[]): T {
  return [...results].sort((a, b) => a.ms - b.ms)[Math.floor(results.length / 2)]!;
}

/** The app's replication (RxDB, generic protocol handlers) into an in-memory RxDB: docs and ms. */
async function rxdbPull(url: string, token: string): Promise<{ docs: number; ms: number }> {
  const db = await createRxDatabase({ name: `benchpull${Date.now()}`, storage: getRxStorageMemory() });
  await db.addCollections(
    Object.fromEntries(
      pullCollections.map((n) => [
        n,
        {
          schema: { ...toRxJsonSchema(collections[n]), encrypted: [] } as never,
          migrationStrategies: migrationStrategiesFor(n),
        },
      ]),
    ),
  );
  const client = createSyncClient({ baseUrl: url, fetch: fetchFn, token: () => token });
  const started = performance.now();
  await Promise.all(
    pullCollections.map(async (name) => {
      const state = replicateRxCollection<Record<string, unknown>, Checkpoint>({
        collection: db.collections[name],
        replicationIdentifier: `bench-${name}`,
        live: false,
        waitForLeadership: false,
        pull: {
          batchSize: 1000,
          handler: async (checkpoint, batchSize) => {
            const r = await client.pull(name, checkpoint ?? initialCheckpoint, batchSize);
            if (!r.ok) {
              throw new Error(r.error.message);
            }
            return { documents: r.value.documents as never[], checkpoint: r.value.checkpoint };
          },
        },
      });
      await state.awaitInitialReplication();
      await state.cancel();
    }),
  );
  const ms = performance.now() - started;
  let docs = 0;
  for (const name of pullCollections) {
    docs += await db.collections[name]!.count().exec();
  }
  // Removed, not only closed: the memory storage would keep every run's documents in this process.
  await db.remove();
  return { docs, ms };
}

/** 10,000 readings made on one device, pushed by RxDB's upstream in batches of 500. */
async function rxdbPush(
  url: string,
  token: string,
  readings: Record<string, unknown>[],
): Promise<{ docs: number; ms: number; errors: number }> {
  const db = await createRxDatabase({ name: `benchpush${Date.now()}`, storage: getRxStorageMemory() });
  await db.addCollections({
    readings: {
      schema: { ...toRxJsonSchema(collections.readings), encrypted: [] } as never,
      migrationStrategies: migrationStrategiesFor('readings'),
    },
  });
  const collection = db.collections['readings'] as unknown as RxCollection<Record<string, unknown>>;
  await collection.bulkInsert(readings);
  const client = createSyncClient({ baseUrl: url, fetch: fetchFn, token: () => token });
  let accepted = 0;
  let errors = 0;
  const started = performance.now();
  const state = replicateRxCollection<Record<string, unknown>, Checkpoint>({
    collection,
    replicationIdentifier: 'bench-push',
    live: false,
    waitForLeadership: false,
    push: {
      batchSize: 500,
      handler: async (rows) => {
        const r = await client.push('readings', {
          rows: rows.map((row) => ({
            assumedMasterState: null,
            newDocumentState: row.newDocumentState as WireDocument,
          })),
        });
        if (!r.ok) {
          errors += 1;
          throw new Error(r.error.message);
        }
        accepted += r.value.accepted.length;
        errors += r.value.rejected.length;
        return [];
      },
    },
  });
  await state.awaitInitialReplication();
  const ms = performance.now() - started;
  await state.cancel();
  // Removed, not only closed: the memory storage would keep every run's documents in this process.
  await db.remove();
  return { docs: accepted, ms, errors };
}

async function main(): Promise<void> {
  const skip = await postgresSkipReason().catch((e: Error) => e.message);
  const engine = process.env['BENCH_ENGINE'] ?? (skip === null ? 'postgres' : 'pglite');
  const database = engine === 'postgres' ? await createPostgresDatabase() : await createPgliteDatabase();
  const app = await buildSyncService({ db: database.db, version: 'bench' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const peer = await startPouchPeer();
  try {
    log(`engine ${engine}; seeding the demo province…`);
    await seedDemoIfEmpty(database.db, Date.now());
    const province = await enrolledDevice(database.db, 'technician', '53');
    const reference = await scoped(
      database.db,
      'all',
      async (tx) =>
        (
          await tx.query<{ collection: string; doc: Record<string, unknown> }>(
            `select collection, doc from records where collection in ('water_users','permits','sites','equipment','site_health')`,
          )
        ).rows,
    );
    const sites = reference.filter((r) => r.collection === 'sites').map((r) => r.doc as Site);

    log(`initial pull: ${reference.length} documents`);
    const pulls: { docs: number; ms: number }[] = [];
    const peerPulls: { docs: number; ms: number }[] = [];
    for (let run = 0; run < runs; run += 1) {
      pulls.push(await rxdbPull(url, province.token));
      peerPulls.push(await peerPull(peer.url, reference));
    }
    const pull = median(pulls);
    const peerPullRun = median(peerPulls);
    log(
      `  median of ${runs}: ours ${pull.docs} in ${pull.ms.toFixed(0)} ms; peer ${peerPullRun.docs} in ${peerPullRun.ms.toFixed(0)} ms`,
    );

    const storedReadings = () =>
      scoped(
        database.db,
        'all',
        async (tx) =>
          (
            await tx.query<{ n: number }>(
              `select count(*)::int as n from records where collection = 'readings'`,
            )
          ).rows[0]?.n ?? 0,
      );
    const makeReadings = (n: number) =>
      Array.from({ length: n }, (_, i) => reading(sites[i % sites.length]!));
    log(`push: ${pushEvents} events, ${runs} runs each (new events every run)`);
    const pushes: Awaited<ReturnType<typeof rxdbPush>>[] = [];
    const peerPushes: { docs: number; ms: number }[] = [];
    let stored = 0;
    for (let run = 0; run < runs; run += 1) {
      const readings = makeReadings(pushEvents);
      const before = await storedReadings();
      pushes.push(await rxdbPush(url, province.token, readings));
      stored += (await storedReadings()) - before;
      peerPushes.push(await peerPush(peer.url, readings));
    }
    const push = median(pushes);
    const acknowledged = pushes.reduce((n, p) => n + p.docs, 0);
    const pushErrors = pushes.reduce((n, p) => n + p.errors, 0);
    const peerPushRun = median(peerPushes);
    log(
      `  ours ${push.docs} in ${push.ms.toFixed(0)} ms (median of ${runs}; all runs: stored ${stored} of ${acknowledged} acknowledged, errors ${pushErrors}); peer ${peerPushRun.docs} in ${peerPushRun.ms.toFixed(0)} ms`,
    );

    log(`enrolling ${Math.max(200, ...plan.sizes)} devices`);
    const everyDevice = await enrolFleet(database.db, sites, Math.max(200, ...plan.sizes));
    const devices = everyDevice.slice(0, quick ? 20 : 200);
    log(`${devices.length} devices pushing at once`);
    // Two rounds first, not counted: connections opened, code compiled, as in a service that runs.
    for (let round = 0; round < 2; round += 1) {
      await manyDevices(url, devices);
    }
    const fleet = await manyDevices(url, devices);
    log(
      `  ${fleet.requests} pushes, ${fleet.errors} errors, p50 ${fleet.p50.toFixed(1)} ms, p99 ${fleet.p99.toFixed(1)} ms`,
    );
    let apart: FleetRun | null = null;
    const apartRuns: FleetRun[] = [];
    let paced: FleetRun | null = null;
    const sweep: { size: number; run: FleetRun }[] = [];
    if (database.url !== null && !quick) {
      log('200 devices pushing at once, service in its own process');
      const service = await startServiceProcess(database.url);
      try {
        // A service that runs has its code compiled by the optimising tiers; two rounds get it there.
        for (let round = 0; round < 2; round += 1) {
          await manyDevices(service.url, devices, { servicePid: service.child.pid });
        }
        for (let run = 0; run < runs; run += 1) {
          apartRuns.push(await manyDevices(service.url, devices, { servicePid: service.child.pid }));
        }
        apart = [...apartRuns].sort((a, b) => a.p99 - b.p99)[Math.floor(apartRuns.length / 2)]!;
        paced = await manyDevices(service.url, devices, {
          servicePid: service.child.pid,
          paceMs: 1000,
        });
        for (const size of [1, 5, 50]) {
          sweep.push({
            size,
            run: await manyDevices(service.url, devices, { servicePid: service.child.pid, size }),
          });
        }
        sweep.push({ size: 20, run: apart });
        sweep.sort((a, b) => a.size - b.size);
      } finally {
        await stopProcess(service.child);
      }
      log(
        `  ${apart.requests} pushes, ${apart.errors} errors, p50 ${apart.p50.toFixed(1)} ms, p99 ${apart.p99.toFixed(1)} ms`,
      );
      if (paced !== null) {
        log(
          `  paced, one push per device per second: ${paced.errors} errors, p50 ${paced.p50.toFixed(1)} ms, p99 ${paced.p99.toFixed(1)} ms`,
        );
      }
    }

    let loadSection = '';
    if (database.url !== null) {
      const loadStart = load1();
      log(
        `load matrix (load average ${loadStart}): ${plan.sizes.join(', ')} devices × ${plan.modes.join(', ')} × ${plan.nodes.join(', ')} node(s)`,
      );
      const rows: LoadRow[] = await runLoadMatrix(plan, {
        databaseUrl: database.url,
        fleet: everyDevice,
        headSeq: async () =>
          Number(
            await scoped(
              database.db,
              'all',
              async (tx) =>
                (
                  await tx.query<{ seq: string }>(
                    `select coalesce(max(seq), 0)::text as seq from records where collection = 'readings'`,
                  )
                ).rows[0]?.seq ?? 0,
            ),
          ),
        log,
      });
      loadSection = renderLoadSection(rows, plan, { loadStart, loadEnd: load1() });
    } else {
      loadSection =
        '### Load\n\nNot measured in this run: the load matrix runs service processes on PostgreSQL, and none answered.';
    }

    const rate = (r: { docs: number; ms: number }) => r.docs / (r.ms / 1000);
    const cpuLine = (run: { requests: number; ms: number; cpu: CpuSplit | null }, benchHolds: string) => {
      if (run.cpu === null) {
        return 'CPU split: not available on this system (needs /proc).';
      }
      const per = (ms: number) => `${(ms / run.requests).toFixed(2)} ms per push`;
      const rest = run.cpu.machineMs - run.cpu.benchMs - (run.cpu.childMs ?? 0);
      return [
        `CPU while it ran: the machine ${run.cpu.machineMs.toFixed(0)} ms (${(run.cpu.machineMs / run.ms).toFixed(2)} of ${cpus().length} cores busy on average, ${per(run.cpu.machineMs)})`,
        run.cpu.childMs === null
          ? null
          : `the service process ${run.cpu.childMs.toFixed(0)} ms (${per(run.cpu.childMs)})`,
        `the bench process (${benchHolds}) ${run.cpu.benchMs.toFixed(0)} ms (${per(run.cpu.benchMs)})`,
        `PostgreSQL and the kernel ${rest.toFixed(0)} ms (${per(rest)})`,
      ]
        .filter((part) => part !== null)
        .join('; ')
        .concat('.');
    };
    const verdict = (met: boolean) => (met ? 'met' : '**not met**');
    const row = (what: string, ours: { docs: number; ms: number }, theirs: { docs: number; ms: number }) =>
      `| ${what} | ${ours.docs} | ${(ours.ms / 1000).toFixed(2)} s | ${rate(ours).toFixed(0)} | ${(theirs.ms / 1000).toFixed(2)} s | ${rate(theirs).toFixed(0)} | ${(rate(ours) / rate(theirs)).toFixed(1)}× |`;
    // The bench itself keeps several processes runnable, so only the load before it started tells of
    // other work on the machine.
    const otherWork =
      loadAtStart >= 0.5
        ? `Other work was running on this machine when the run began (load average ${loadAtStart.toFixed(2)} before the bench started; ${cpus().length} cores), so every figure here is lower than on a machine of its own.`
        : null;
    const section = `## Sync (\`npm run bench:sync\`)

${nowLine()} · ${machineLine()} · service database: ${engine === 'postgres' ? 'PostgreSQL 15 (loopback)' : 'PGlite (embedded)'} · all traffic on 127.0.0.1.
Ours: the app's replication (RxDB \`replicateRxCollection\` with the generic pull/push handlers of \`shared/sync\`) into an in-memory RxDB, against the sync service. Peer, same run, same documents: PouchDB replication (in-memory adapter) against express-pouchdb on PouchDB's in-memory adapter (pouchdb-server needs a native LevelDB build); the peer keeps every collection in one database, so its ids carry the collection name.
Method: pull and push run ${runs} times each, alternating ours and the peer's, and the median run is reported; each run starts from empty client databases, which are removed afterwards. Both sides replicate in batches of 500. The devices' HTTP transport for pull and push here is node:http with keep-alive connections (in the app it is Chromium's network stack in the renderer).

| what | docs | ours | ours docs/s | peer | peer docs/s | ours ÷ peer |
|---|---|---|---|---|---|---|
${row('initial pull of the demo province (5,200 sites with health, equipment, users, permits)', pull, peerPullRun)}
${row(`push of ${pushEvents.toLocaleString('en-US')} events (readings, batches of 500)`, push, peerPushRun)}

Push check over all ${runs} runs: ${stored} readings stored for ${acknowledged} acknowledged, ${pushErrors} errors.

${devices.length} simulated devices, each with its own device token and a site of its own county, each pushing 5 batches of 20 readings one after another over its own keep-alive connection, all devices at once; the connections are opened (and given half a second to be taken up by the service) and the readings made and framed as HTTP/1.1 requests before the clock starts (as wrk or autocannon do: the devices share the machine's cores, and their work is not the service's), and two rounds of the same size run first and are not counted (connections opened, code compiled by the optimising tiers). The service works on at most 20 pushes at once and reads a waiting push's body when its turn comes (\`server/http/write-gate.ts\`).
- Service in the bench's own process (devices and service share one event loop): ${fleet.requests} pushes, ${fleet.events} events in ${(fleet.ms / 1000).toFixed(2)} s, **${fleet.errors} errors, push latency p50 ${fleet.p50.toFixed(1)} ms, p99 ${fleet.p99.toFixed(1)} ms**. ${cpuLine(fleet, 'devices and service')}
${
  apart === null
    ? ''
    : `- Service in its own process, as deployed (two uncounted rounds first, then ${runs} runs; the run with the median p99 is shown): ${apart.requests} pushes, ${apart.events} events in ${(apart.ms / 1000).toFixed(2)} s (${(apart.requests / (apart.ms / 1000)).toFixed(0)} pushes/s sustained), **${apart.errors} errors, p50 ${apart.p50.toFixed(1)} ms, p99 ${apart.p99.toFixed(1)} ms**. All ${runs} runs: ${apartRuns.map((r) => `p99 ${r.p99.toFixed(1)} ms at ${(r.requests / (r.ms / 1000)).toFixed(0)} pushes/s, ${r.errors} errors`).join('; ')}. ${cpuLine(apart, 'the 200 devices')}`
}${
      paced === null
        ? ''
        : `\n- The same devices paced, each sending one batch a second (a steady ${(paced.devices / 1).toFixed(0)} pushes/s, the devices spread over the second), service in its own process: ${paced.requests} pushes, **${paced.errors} errors, p50 ${paced.p50.toFixed(1)} ms, p99 ${paced.p99.toFixed(1)} ms**.`
    }

${
  sweep.length === 0
    ? ''
    : `The same 200 devices, service in its own process, with other batch sizes (each device still sends 5 pushes back to back):

| readings per push | pushes/s | readings/s | p50 | p99 | CPU per push (machine) |
|---|---|---|---|---|---|
${sweep
  .map(
    ({ size, run }) =>
      `| ${size} | ${(run.requests / (run.ms / 1000)).toFixed(0)} | ${(run.events / (run.ms / 1000)).toFixed(0)} | ${run.p50.toFixed(1)} ms | ${run.p99.toFixed(1)} ms | ${run.cpu === null ? 'n/a' : `${(run.cpu.machineMs / run.requests).toFixed(2)} ms`} |`,
  )
  .join('\n')}
`
}
Goals: ≥ 2× the peer's docs/s — pull ${verdict(rate(pull) >= 2 * rate(peerPullRun))}, push ${verdict(rate(push) >= 2 * rate(peerPushRun))}; 0 errors — ${verdict(fleet.errors === 0 && pushErrors === 0 && apartRuns.every((r) => r.errors === 0) && (paced?.errors ?? 0) === 0)}; p99 ≤ 200 ms — ${apart === null ? `${verdict(fleet.p99 <= 200)} (service in the bench's process; PGlite runs have no separate service process)` : `${verdict(apart.p99 <= 200)} with the service in its own process, as deployed (${apartRuns.filter((r) => r.p99 <= 200).length} of ${apartRuns.length} runs within it); ${verdict(fleet.p99 <= 200)} in the bench's own process, where the 200 devices take turns on the service's one event loop`}.
With every device waiting for its previous answer, a push's latency is about the number of devices divided by the pushes per second the machine sustains: p99 ≤ 200 ms for 200 devices needs about 1,000 pushes/s sustained, here on ${cpus().length} cores that also run PostgreSQL and the 200 simulated devices (see the CPU split above).
Load average (1 min) ${loadAtStart.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end of the run (2 cores; other work shared the machine when the load is above 2); numbers are from this one run.${otherWork === null ? '' : ` ${otherWork}`}

${loadSection}`;
    if (quick) {
      log(section);
      log('quick run: docs/benchmarks.md left as it is');
    } else {
      writeBenchmarkSection('sync', section);
      log('wrote docs/benchmarks.md (sync)');
    }
  } finally {
    transport.close();
    await peer.close();
    await app.close();
    await database.dispose();
  }
}

await main();
