// Admin CLI of the sync service: `npm run server -- <command> [--option value]`. Commands work on the
// database directly (DATABASE_URL, or the embedded PGlite in --data; stop a PGlite service first).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { accountCreateSchema, roles, type Role } from '#shared/sync/index';
import { audit, createAccount, createEnrollment, listDevices, revokeDevice } from './auth/accounts';
import { migrate } from './db/migrate';
import { serviceMetricsOf } from './http/metrics';
import { readServiceSettings, settingsHelp } from './http/settings';
import { defaultWriteGate } from './http/write-gate';
import { openServiceDatabase, startSyncService } from './main';
import { createDatabaseBlobStore } from './photos/blob-store';
import { importDiskPhotos } from './photos/disk-import';
import { collectPhotoGarbage } from './photos/gc';
import { createS3BlobStore, s3ConfigFromEnv } from './photos/s3-store';
import { defaultUploadLimits } from './photos/uploads';
import { deriveReportCounts } from './monitoring/derived-counts';
import { exportBatchFrames, parseForwardTarget } from './forwarder/forwarder';
import { startBackfillForwarder } from './forwarder/loop';
import { ingestValueFile, listValues, parseValueRows } from './monitoring/value-files';
import { backupPglite, backupPostgres, restorePglite, restorePostgres } from './ops/backup';
import { auditSiteWindow } from './platform/audit';
import { startAuditLoop } from './monitoring/audit-loop';
import { storedFindingsWindow } from './monitoring/audit-read';
import { auditDirtySites } from './monitoring/audit-runner';
import { runAutomation } from './platform/automation';
import { seedDemoIfEmpty } from './platform/demo-seed';
import { monthlyReport, monthlyReportXlsx } from './platform/monthly-report';
import { getPolicy, setPolicy } from './platform/policy';
import { importRegistry, readRegistryFile } from './platform/registry-import';
import { countRowsFromTable, ingestReportCounts } from './platform/report-counts';
import { parseCsv } from './platform/tabular';
import { threeLevelCheck } from './platform/three-level';
import { layerFormatOf } from './layers/read';
import { importLayer } from './layers/store';
import { layerImportQuerySchema } from '#shared/verdicts/spatial-wire';
import { createReceiverMetrics } from './receiver/metrics';
import { startReceiver } from './receiver/receiver';
import { createReceiverStore } from './receiver/store';

const [command = 'help', ...rest] = process.argv.slice(2);

function option(name: string): string | undefined {
  const index = rest.indexOf(`--${name}`);
  return index >= 0 ? rest[index + 1] : undefined;
}
function required(name: string): string {
  const value = option(name);
  if (value === undefined) {
    throw new Error(`--${name} is required`);
  }
  return value;
}

const dataDir = option('data') ?? process.env['WRM_DATA_DIR'] ?? join(process.cwd(), '.wrm-data', 'server');
const databaseUrl = option('database-url') ?? process.env['DATABASE_URL'];
const actor = { actor: `cli:${process.env['USER'] ?? 'operator'}`, scope: '' };
/** The region registry imports, reporting counts and automation act in: --region, else the whole platform. */
function regionActor(): { actor: string; scope: string } {
  const region = option('region') ?? 'all';
  if (region !== 'all' && !/^(\d{2}|\d{4}|\d{6})$/.test(region)) {
    throw new Error(`--region must be all or a division-code prefix of 2, 4 or 6 digits, not ${region}`);
  }
  return { actor: actor.actor, scope: region };
}

const help = `wrm-field sync service — commands:
  serve [--flag value …]                             run the service; every setting is an environment
                                                      variable, and its flag overrides it:
${settingsHelp()}
  user:create --username u --name 名字 --role technician|supervisor|admin --scope 530381 [--password p]
  device:enroll --username u --device-name 笔记本 [--hours 72] [--service-url http://…]   one-time code + QR
  device:list [--scope 53]
  device:revoke --device <id>
  registry:import --file registry.xlsx|csv [--region 53]   all rows or none; bad rows listed by row number
  reports:ingest --file counts.csv [--region 53]     reporting counts per site and day → site health
  automation:run [--region 53]                       automatic tasks and fault verification now
                                                      (--region: act in that region only; default all;
                                                      rows outside it are refused; each run is audited)
  report:monthly --region 53 --month 2026-11 [--xlsx out.xlsx] [--kind monthly|rectification]
  data:ingest --file values.csv|xlsx [--region 53]  monitoring values (siteCode,time,element,value,flag; time
                                                      ISO 8601 with offset): all rows or none, bad rows named
  backfill:export --batch ID --out FILE [--region 53]  a 补报 batch's RTU frames, every part in order, byte
                                                      for byte as the RTU sent them (what the platform's
                                                      receiver takes); WRM_BACKFILL_FORWARD sends them itself
  data:list --site CODE --from ISO --to ISO [--json] [--region 53]
                                                      stored values [{ time, element, value, source }]
  audit --site CODE --from ISO --to ISO [--json] [--region 53] [--recompute]   data-audit findings of a
                                                      site as the service stores them (brought up to date
                                                      first), with their state; --recompute: judged anew
                                                      from the stored values, nothing stored
                                                      values: [{ rule, element, from, to, state, evidence }]
  three-level --file counts.csv|xlsx [--from DAY --to DAY] [--json] [--region 53]
                                                      三级贯通: the ministry's counts per site and day
                                                      (siteCode,day,count or 站点编码,日期,条数) against the
                                                      province's: 漏发 and 错发 per site and day (days
                                                      YYYY-MM-DD, default the file's; the check is audited)
  layer:import --file F.geojson|.zip|.kml --kind division|protection_zone|river_reach --name 名称
               [--id ID] [--region 53]              a spatial layer (GeoJSON, zipped ESRI Shapefile or KML):
                                                      all features or none, wrong ones named; the same id
                                                      replaces the layer; laptops fetch it at their next sync
  db:backup --out file                               PostgreSQL: pg_dump (custom format); PGlite: the data
                                                      folder as a .tar.gz (stop the service first)
  db:restore --file file                             PostgreSQL: pg_restore, all or nothing; PGlite: into an
                                                      empty data folder (move the old one aside first)
  photos:gc [--dry-run] [--json]                     photo garbage collection once, as the service runs it
                                                      hourly: abandoned uploads, photos no record holds,
                                                      stray bytes (--dry-run: say what it would remove)
  photos:import-disk --dir DIR [--remove] [--json]   photos an earlier release kept on a node's disk
                                                      (DIR: its photo folder, e.g. .wrm-data/server/photos)
                                                      into the database or S3, each hash verified; run it
                                                      again as often as needed; files stay unless --remove
                                                      and every one was stored
  seed:demo                                          demo province + demo accounts, if the database is empty
  policy:show [--json]                               the province policy in force (--json: only the policy)
  policy:set --file policy.json                      replace it (edit the output of policy:show --json)
Database: DATABASE_URL or --database-url (PostgreSQL), else the embedded PGlite under --data / WRM_DATA_DIR
(${dataDir}). Probes: GET /health (alive), GET /ready (database and photo storage answer), GET /metrics.`;

async function withDb<T>(
  work: (db: Awaited<ReturnType<typeof openServiceDatabase>>) => Promise<T>,
): Promise<T> {
  const db = await openServiceDatabase({ databaseUrl, dataDir });
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Where photo bytes are: the S3 store of WRM_S3_* when a bucket is set, else the database. */
function photoStore(db: Awaited<ReturnType<typeof openServiceDatabase>>) {
  const s3 = s3ConfigFromEnv(process.env);
  return s3 === null ? createDatabaseBlobStore(db) : createS3BlobStore(s3);
}

const print = (value: unknown) =>
  console.log(typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** Instants of `--from` / `--to`: ISO 8601 with offset. */
function instant(name: string): number {
  const text = required(name);
  const ms = /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new Error(`--${name} must be an ISO 8601 time with offset, e.g. 2026-11-01T00:00:00+08:00`);
  }
  return ms;
}

/**
 * The receiver beside the HTTP service, on the same database; the sites of each stored batch have
 * their reporting counts derived again within a minute, so site health follows the received data.
 */
async function serveReceiver(
  service: { readonly db: Awaited<ReturnType<typeof openServiceDatabase>>; readonly app: FastifyInstance },
  s: { readonly receiverPorts?: readonly number[]; readonly receiverHost: string },
  audit: () => void,
) {
  const { db } = service;
  const dirty = new Set<string>();
  // Its frames, stores, quarantine and connections on the service's /metrics.
  const metrics = createReceiverMetrics(serviceMetricsOf(service.app));
  const receiver = await startReceiver({
    db,
    ports: s.receiverPorts ?? [],
    host: s.receiverHost,
    store: metrics.counted(
      createReceiverStore(db, {
        onStored: (sites) => {
          sites.forEach((c) => dirty.add(c));
          audit();
        },
      }),
    ),
    onFrame: metrics.onFrame,
    onError: (error) => console.error(`receiver: ${error instanceof Error ? error.message : String(error)}`),
  });
  metrics.watch(receiver);
  const timer = setInterval(() => {
    const sites = [...dirty];
    dirty.clear();
    deriveReportCounts(db, sites, Date.now(), 'all').catch((error: unknown) => {
      sites.forEach((c) => dirty.add(c));
      console.error(`receiver: reporting counts not derived: ${String(error)}`);
    });
  }, 60_000);
  console.log(
    `monitoring-data receiver on ${s.receiverHost}:${receiver.ports.join(',')} (SZY206, SL651, HJ 212)`,
  );
  return {
    close: async () => {
      clearInterval(timer);
      await receiver.close();
    },
  };
}

async function main(): Promise<void> {
  switch (command) {
    case 'serve': {
      const settings = readServiceSettings(process.env, rest);
      if (!settings.ok) {
        throw new Error(`${settings.error.message}\nsettings:\n${settingsHelp()}`);
      }
      const s = settings.value;
      const service = await startSyncService({
        databaseUrl: s.databaseUrl,
        dataDir: s.dataDir,
        // Photos in S3 when a bucket is set (the store checks the keys), else in the database.
        s3: s3ConfigFromEnv({
          WRM_S3_BUCKET: s.s3Bucket,
          WRM_S3_ENDPOINT: s.s3Endpoint,
          WRM_S3_REGION: s.s3Region,
          WRM_S3_PREFIX: s.s3Prefix,
          WRM_S3_ACCESS_KEY_ID: s.s3AccessKeyId,
          WRM_S3_SECRET_ACCESS_KEY: s.s3SecretAccessKey,
        }),
        host: s.host,
        port: s.port,
        version: process.env['npm_package_version'] ?? '0.0.0',
        logging: { level: s.logLevel },
        trustProxy: s.trustProxy,
        minAppVersion: s.minAppVersion ?? null,
        metricsToken: s.metricsToken ?? null,
        writeGate: { ...defaultWriteGate, inFlight: s.pushesInFlight, queued: s.pushesQueued },
        requestBudget: { burst: s.requestBurst, perSecond: s.requestsPerSecond },
      });
      if (s.seedDemo) {
        const seeded = await seedDemoIfEmpty(service.db, Date.now());
        if (seeded) {
          print(`demo province: ${seeded.sites} sites`);
          seeded.accounts.forEach((a) =>
            print(`demo account ${a.username} (${a.role}, ${a.scope}): ${a.password}`),
          );
        }
      }
      console.log(
        `sync service listening on ${service.url} (${service.db.kind}); OpenAPI at ${service.url}/docs`,
      );
      // The data audit of what arrives (receiver, files, crews' corrections), in the background.
      const auditLoop = startAuditLoop({
        db: service.db,
        onError: (error) => console.error(`audit: ${error instanceof Error ? error.message : String(error)}`),
      });
      const receiver =
        s.receiverPorts === undefined ? null : await serveReceiver(service, s, auditLoop.trigger);
      // 补报 batches: ingested if a push left one, forwarded to the platform's receiver when set.
      const forwarder = startBackfillForwarder({
        db: service.db,
        target: s.backfillForward === undefined ? null : parseForwardTarget(s.backfillForward),
        onIngested: auditLoop.trigger,
        onError: (error) => console.error(`补报: ${error instanceof Error ? error.message : String(error)}`),
      });
      const stop = () =>
        void (receiver?.close() ?? Promise.resolve())
          .then(() => forwarder.close())
          .then(() => auditLoop.close())
          .then(() => service.close())
          .then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return;
    }
    case 'user:create': {
      const role = required('role');
      if (!(roles as readonly string[]).includes(role)) {
        throw new Error(`--role must be one of ${roles.join(', ')}`);
      }
      const input = accountCreateSchema.parse({
        username: required('username'),
        displayName: option('name') ?? required('username'),
        role: role as Role,
        scope: required('scope'),
        ...(option('password') ? { password: option('password') } : {}),
      });
      print(await withDb((db) => createAccount(db, input, actor, Date.now())));
      return;
    }
    case 'device:enroll': {
      const created = await withDb((db) =>
        createEnrollment(
          db,
          {
            username: required('username'),
            deviceName: required('device-name'),
            validHours: Number(option('hours') ?? 72),
          },
          actor,
          option('service-url') ?? 'http://127.0.0.1:8787',
          Date.now(),
        ),
      );
      print(`enrolment code: ${created.code} (one-time, until ${new Date(created.expiresAt).toISOString()})`);
      print(await QRCode.toString(created.uri, { type: 'terminal', small: true }));
      return;
    }
    case 'device:list':
      print(await withDb((db) => listDevices(db, option('scope') ?? '')));
      return;
    case 'device:revoke':
      print(await withDb((db) => revokeDevice(db, required('device'), actor, Date.now())));
      return;
    case 'registry:import': {
      const file = required('file');
      const rows = await readRegistryFile(
        readFileSync(file),
        file.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv',
      );
      print(await withDb((db) => importRegistry(db, rows, Date.now(), regionActor())));
      return;
    }
    case 'reports:ingest': {
      const table = countRowsFromTable(parseCsv(readFileSync(required('file'), 'utf8')));
      if (table.problems.length > 0) {
        throw new Error(table.problems.map((p) => `row ${p.row} (${p.column}): ${p.reason}`).join('\n'));
      }
      print(await withDb((db) => ingestReportCounts(db, table.rows, Date.now(), regionActor())));
      return;
    }
    case 'automation:run': {
      const by = regionActor();
      print(
        await withDb(async (db) => {
          const report = await runAutomation(db, Date.now(), by.scope);
          await audit(db, Date.now(), by.actor, 'automation.run', null, { scope: by.scope, ...report });
          return report;
        }),
      );
      return;
    }
    case 'report:monthly': {
      const report = await withDb((db) =>
        monthlyReport(db, required('region'), required('month'), Date.now()),
      );
      const xlsx = option('xlsx');
      if (xlsx !== undefined) {
        const kind = option('kind') === 'rectification' ? 'rectification' : 'monthly';
        writeFileSync(xlsx, await monthlyReportXlsx(report, kind));
        print(`wrote ${xlsx}`);
      } else {
        print(report);
      }
      return;
    }
    case 'audit': {
      const request = { siteCode: required('site'), from: instant('from'), to: instant('to') };
      const read = rest.includes('--recompute') ? auditSiteWindow : storedFindingsWindow;
      const rows = await withDb((db) => read(db, request, regionActor(), Date.now()));
      if (rest.includes('--json')) {
        console.log(JSON.stringify(rows));
      } else {
        print(
          rows.length === 0
            ? 'no findings'
            : rows
                .map((r) => `${r.rule} ${r.element} ${r.from} → ${r.to} (${r.state}, ${r.evidence.count})`)
                .join('\n'),
        );
      }
      return;
    }
    case 'three-level': {
      const file = required('file');
      const rows = await readRegistryFile(
        readFileSync(file),
        file.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv',
      );
      const query = {
        ...(option('from') === undefined ? {} : { from: option('from') }),
        ...(option('to') === undefined ? {} : { to: option('to') }),
      };
      const report = await withDb((db) => threeLevelCheck(db, rows, query, regionActor(), Date.now()));
      if (rest.includes('--json')) {
        console.log(JSON.stringify(report));
      } else {
        print(
          [
            `三级贯通 ${report.region} ${report.from} … ${report.to}: ${report.sites} sites, ${report.rows} rows compared` +
              (report.notCompared > 0 ? `, ${report.notCompared} outside the region not compared` : ''),
            `漏发 ${report.summary.lou_fa}, 错发 ${report.summary.cuo_fa}`,
            ...report.differences.map(
              (d) =>
                `${d.class === 'lou_fa' ? '漏发' : '错发'} ${d.siteCode} ${d.day} ${d.kind}: province ${d.province ?? '—'}, ministry ${d.ministry ?? '—'}`,
            ),
          ].join('\n'),
        );
      }
      return;
    }
    case 'db:backup': {
      const out = required('out');
      const made = databaseUrl
        ? await backupPostgres(databaseUrl, out)
        : await backupPglite(join(dataDir, 'pglite'), out);
      if (!made.ok) {
        throw new Error(made.error.message);
      }
      print(`backup written to ${made.value.file} (${made.value.bytes} bytes)`);
      return;
    }
    case 'db:restore': {
      const file = required('file');
      const restored = databaseUrl
        ? await restorePostgres(databaseUrl, file)
        : await restorePglite(join(dataDir, 'pglite'), file);
      if (!restored.ok) {
        throw new Error(restored.error.message);
      }
      print(`restored ${restored.value.file}; start the service to bring it up to this release's schema`);
      return;
    }
    case 'data:ingest': {
      const file = required('file');
      const by = regionActor();
      const rows = await readRegistryFile(
        readFileSync(file),
        file.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv',
      );
      print(
        await withDb(async (db) => {
          const report = await ingestValueFile(db, rows, Date.now(), by);
          const parsed = parseValueRows(rows);
          const codes = parsed.ok ? [...new Set(parsed.values.map((v) => v.siteCode))] : [];
          const counts = await deriveReportCounts(db, codes, Date.now(), by.scope);
          return { ...report, counts, audit: await auditDirtySites(db, Date.now(), { onlySites: codes }) };
        }),
      );
      return;
    }
    case 'backfill:export': {
      const batch = required('batch');
      const out = required('out');
      const by = regionActor();
      const exported = await withDb((db) => exportBatchFrames(db, batch, by.scope));
      writeFileSync(out, exported.bytes);
      print({ batch, out, frames: exported.frames, bytes: exported.bytes.length });
      return;
    }
    case 'data:list': {
      const query = { siteCode: required('site'), from: instant('from'), to: instant('to') };
      const values = await withDb((db) => listValues(db, query, regionActor()));
      if (rest.includes('--json')) {
        console.log(JSON.stringify(values));
      } else {
        print(values.map((v) => `${v.time} ${v.element} ${v.value} (${v.source})`).join('\n') || 'no values');
      }
      return;
    }
    case 'photos:gc': {
      const dryRun = rest.includes('--dry-run');
      const garbage = await withDb((db) =>
        collectPhotoGarbage(db, photoStore(db), defaultUploadLimits, Date.now(), { dryRun }),
      );
      if (rest.includes('--json')) {
        console.log(JSON.stringify(garbage));
        return;
      }
      const bytes = garbage.photos.reduce((n, p) => n + p.bytes, 0);
      print(
        [
          `${dryRun ? 'would remove (dry run, nothing removed)' : 'removed'}: ${garbage.staleUploads} abandoned upload(s), ${garbage.orphanPhotos} photo(s) no record holds (${bytes} bytes), ${garbage.strays} stray object(s)`,
          ...garbage.uploads.map(
            (u) =>
              `  upload ${u.id} of photo ${u.sha256} from device ${u.deviceId}, last touched ${new Date(u.touchedAt).toISOString()}`,
          ),
          ...garbage.photos.map((p) => `  photo ${p.sha256} (${p.bytes} bytes)`),
        ].join('\n'),
      );
      return;
    }
    case 'photos:import-disk': {
      const report = await withDb((db) =>
        importDiskPhotos(db, photoStore(db), required('dir'), { remove: rest.includes('--remove') }),
      );
      if (rest.includes('--json')) {
        console.log(JSON.stringify(report));
      } else {
        print(
          [
            `${report.dir}: ${report.files} photo file(s); stored now ${report.imported}, already stored ${report.alreadyStored}`,
            `left on disk: ${report.unknown.length} the database has no photo for, ${report.refused.length} refused, ${report.failed.length} failed; ${report.partials} partial upload(s) not carried over`,
            `photos the database names still without their bytes: ${report.stillMissing}; files removed: ${report.removed}`,
            ...report.refused.map((r) => `  refused ${r.file}: ${r.reason}`),
            ...report.failed.map((r) => `  failed ${r.file}: ${r.reason}`),
          ].join('\n'),
        );
      }
      if (report.failed.length > 0 || report.refused.length > 0) {
        process.exitCode = 1;
      }
      return;
    }
    case 'layer:import': {
      const file = required('file');
      const bytes = new Uint8Array(readFileSync(file));
      const format = layerFormatOf(file, bytes);
      if (format === null) {
        throw new Error(`${file} is neither GeoJSON (.geojson), a zipped Shapefile (.zip) nor KML (.kml)`);
      }
      const query = layerImportQuerySchema.parse({
        kind: required('kind'),
        name: required('name'),
        ...(option('id') === undefined ? {} : { id: option('id') }),
        ...(option('region') === undefined ? {} : { region: option('region') }),
      });
      const by = regionActor();
      print(
        await withDb((db) => importLayer(db, { bytes, format, name: basename(file) }, query, by, Date.now())),
      );
      return;
    }
    case 'seed:demo': {
      const seeded = await withDb((db) => seedDemoIfEmpty(db, Date.now()));
      print(seeded ?? 'the database already holds sites; nothing seeded');
      return;
    }
    case 'policy:show': {
      const policy = await withDb((db) => getPolicy(db));
      if (!rest.includes('--json')) {
        print(
          policy.updatedAt === 0
            ? `province policy version ${policy.version} (the demo province's, never changed)`
            : `province policy version ${policy.version}, set ${new Date(policy.updatedAt).toISOString()}`,
        );
      }
      print(policy);
      return;
    }
    case 'policy:set': {
      const input: unknown = JSON.parse(readFileSync(required('file'), 'utf8'));
      const policy = await withDb((db) => setPolicy(db, input, actor, Date.now()));
      print(`province policy version ${policy.version} is in force; laptops take it at their next sync`);
      return;
    }
    default:
      console.log(help);
      process.exit(command === 'help' ? 0 : 2);
  }
}

main().catch((error: unknown) => {
  const details = (error as { details?: unknown[] }).details;
  console.error(error instanceof Error ? error.message : error);
  if (Array.isArray(details)) {
    for (const d of details.slice(0, 50)) {
      console.error(JSON.stringify(d));
    }
  }
  process.exit(1);
});
