import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLinkPair } from '#shared/protocols/line-session-testing';
import { createHostServices, type HostServices } from './host-handlers';
import { rawListenDecoders, unavailableSzy206 } from './diagnostics-protocols';
import { createSecretStore, userOnlyFileCipher } from './secret-store';

// The real host services of both shells, with in-memory serial links in place of ports (this machine
// has no serial adapter) and the upload queue's timer recorded; everything else is real.
const ctx = { transport: 'ipc' } as const;
let dir: string | null = null;
afterEach(() => {
  if (dir !== null) {
    rmSync(dir, { recursive: true, force: true });
  }
  dir = null;
});

/** Ref'd timers keeping the event loop alive (unref'd ones do not count). */
const liveTimeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

function rig() {
  dir = mkdtempSync(join(tmpdir(), 'wrm-host-close-'));
  const dataDir = join(dir, 'host');
  const now = Date.now();
  // A photo whose upload failed and waits an hour: the queue arms a retry timer once configured.
  mkdirSync(join(dataDir, 'uploads'), { recursive: true });
  const waiting = { sha256: 'a'.repeat(64), bytes: 3, sent: 0, state: 'failed', attempts: 1 };
  writeFileSync(
    join(dataDir, 'uploads', 'queue.json'),
    JSON.stringify({
      version: 1,
      serviceUrl: null,
      lastSuccessAt: null,
      items: [{ ...waiting, lastError: 'network: down', nextRetryAt: now + 3_600_000, doneAt: null }],
    }),
  );
  const ports = { opened: [] as string[], closed: [] as string[] };
  const timer = { armed: 0, cleared: 0 };
  const openPort = (path: string) => {
    const [app] = createMemoryLinkPair();
    ports.opened.push(path);
    return {
      ...app,
      close: async () => {
        ports.closed.push(path);
        await app.close();
      },
    };
  };
  const services: HostServices = createHostServices({
    app: {
      shell: 'web',
      version: '0.0.0-test',
      platform: process.platform,
      arch: process.arch,
      versions: {},
      syncServiceUrl: null,
      locale: 'zh-CN',
      openExternal: null,
      log: () => undefined,
    },
    serial: { listRawPorts: () => Promise.resolve([]), extraPortPaths: () => [] },
    secrets: createSecretStore(join(dataDir, 'secrets.json'), userOnlyFileCipher),
    emit: () => undefined,
    dataDir,
    resourcesDir: join(dir, 'resources'),
    renderPdf: () => Promise.reject(new Error('no PDF printer in this test')),
    gnss: { openLink: (path) => Promise.resolve(openPort(path)) },
    diagnostics: {
      openLink: (path) => Promise.resolve(openPort(path)),
      szy206: unavailableSzy206,
      listen: rawListenDecoders,
    },
    uploadTimer: () => {
      timer.armed += 1;
      return () => void (timer.cleared += 1);
    },
  });
  return { services, ports, timer };
}

describe('host services on shutdown', () => {
  it('releases every serial port, stops every timer, and starts nothing afterwards', async () => {
    const { services, ports, timer } = rig();
    const { handlers } = services;
    const before = liveTimeouts();
    await handlers['diagnostics.open'](
      { path: '/dev/ttyUSB0', serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } },
      ctx,
    );
    await handlers['gnss.start']({ path: '/dev/ttyUSB1', baudRate: 9600 }, ctx);
    await handlers['uploads.configure']({ serviceUrl: 'http://127.0.0.1:9' }, ctx);
    expect(ports.opened).toEqual(['/dev/ttyUSB0', '/dev/ttyUSB1']);
    // The GNSS watchdog waits for the first sentence; the upload retry waits an hour.
    expect(liveTimeouts()).toBeGreaterThan(before);
    expect(timer.armed).toBe(1);

    await services.close();

    expect([...ports.closed].sort()).toEqual(['/dev/ttyUSB0', '/dev/ttyUSB1']);
    expect(liveTimeouts()).toBe(before);
    expect(timer.cleared).toBe(1);
    expect((await handlers['diagnostics.state']({}, ctx)).state).toBe('closed');
    expect((await handlers['gnss.status']({}, ctx)).state).toBe('off');
    // A late call after shutdown arms no timer again.
    await handlers['uploads.retryNow']({}, ctx);
    expect(timer.armed).toBe(1);
  });

  it('closes cleanly when nothing was opened, and twice', async () => {
    const { services, ports } = rig();
    const before = liveTimeouts();
    await services.close();
    await services.close();
    expect(ports.closed).toEqual([]);
    expect(liveTimeouts()).toBe(before);
  });
});
