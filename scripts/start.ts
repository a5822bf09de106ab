// `npm start`: the sync service on its embedded default, then the Electron app — or, where the
// Electron binary is missing, the web shell (same renderer, same host services).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchWebShell } from '../electron/web-host/launch-web-shell';
import { startSyncService } from '../server/main';
import { seedDemoIfEmpty } from '../server/platform/demo-seed';
import { findElectronBinary } from './electron-binary';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const dataDir = resolve(option('data') ?? process.env['WRM_DATA_DIR'] ?? join(root, '.wrm-data'));
const log = (message: string) => process.stderr.write(`${message}\n`);

// `--sync-url` joins a sync service that already runs (a second laptop in tests); otherwise start one.
const externalSync = option('sync-url');
const sync = externalSync
  ? { url: externalSync.replace(/\/+$/, ''), db: { kind: 'external' }, close: () => Promise.resolve() }
  : await startEmbeddedSync();

async function startEmbeddedSync() {
  const service = await startSyncService({
    databaseUrl: process.env['DATABASE_URL'],
    dataDir: join(dataDir, 'server'),
    port: Number(option('sync-port') ?? process.env['WRM_SYNC_PORT'] ?? 0),
    version,
  });
  // The embedded default starts with the demo province and demo accounts (printed once, at seeding).
  if (!process.env['DATABASE_URL'] && !flag('no-demo')) {
    const seeded = await seedDemoIfEmpty(service.db, Date.now(), {
      ...(option('demo-sites') ? { sites: Number(option('demo-sites')) } : {}),
    });
    if (seeded !== null) {
      console.log(`demo province: ${seeded.sites} sites`);
      for (const a of seeded.accounts) {
        console.log(`demo account: ${a.username} / ${a.password} (${a.role}, region ${a.scope})`);
      }
    }
  }
  return service;
}
console.log(`sync service: ${sync.url} (${sync.db.kind})`);

const electron = flag('web') ? { missing: 'web shell requested' } : findElectronBinary(root);
if ('path' in electron) {
  const child = spawn(electron.path, [root], {
    stdio: 'inherit',
    env: { ...process.env, WRM_SYNC_URL: sync.url },
  });
  child.on('exit', (code) => void sync.close().then(() => process.exit(code ?? 0)));
} else {
  if (!flag('web')) {
    console.log(`Electron binary not found (${electron.missing}); opening the web shell instead.`);
  }
  const host = await launchWebShell({
    // WRM_RENDERER_DIR: another build of the renderer (a test run's own, beside a shared tree's).
    staticDir: resolve(process.env['WRM_RENDERER_DIR'] ?? join(root, 'dist-renderer')),
    resourcesDir: join(root, 'resources'),
    dataDir,
    version,
    syncServiceUrl: sync.url,
    port: Number(option('port') ?? process.env['WRM_WEB_PORT'] ?? 0),
    log,
  });
  console.log(`web shell: ${host.launchUrl}`);
  if (flag('open') || (process.env['DISPLAY'] && !process.env['CI'])) {
    const opener = spawn('xdg-open', [host.launchUrl], { stdio: 'ignore', detached: true });
    opener.on('error', () => undefined);
    opener.unref();
  }
  const stop = () => void Promise.all([host.close(), sync.close()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
