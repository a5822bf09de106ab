import { chromium, expect, test, type BrowserContext } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleRecords } from '#shared/domain/fixtures';
import { newId } from '#shared/domain/index';
import { startWebShell, type WebShell } from './web-shell';

const rounds = Number(process.env['CRASH_ROUNDS'] ?? 20);

/** What `renderer/src/db/startup.ts` installs on `window.wrmTestHooks` when a test asks for it. */
type TestHooks = {
  writeFieldEvent(collection: string, record: unknown): Promise<unknown>;
  findById(collection: string, id: string): Promise<unknown>;
};
type HookedWindow = { wrmTestHooks?: TestHooks };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Every process of the Chromium we launched on this profile (browser, renderers, utilities). */
function chromiumPids(profile: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(`--user-data-dir=${profile}`)) {
        pids.push(Number(entry));
      }
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

async function launch(profile: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  // The app's own write path, exposed to tests only; an empty database (no demo load) for speed.
  await context.addInitScript(() => {
    sessionStorage.setItem('wrm.testHooks', '1');
    sessionStorage.setItem('wrm.demoSeed', 'off');
  });
  return context;
}

test(`a saved patrol survives SIGKILL of the browser, ${rounds} times in a row`, async () => {
  test.setTimeout(rounds * 90_000);
  const profile = mkdtempSync(join(tmpdir(), 'wrm-crash-profile-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'wrm-crash-data-'));
  // Same port every launch: IndexedDB belongs to the origin, and the origin includes the port.
  const port = await freePort();
  const saved: string[] = [];
  let losses = 0;
  let shell: WebShell | null = null;
  try {
    for (let round = 1; round <= rounds; round += 1) {
      shell = await startWebShell({ dataDir, env: { WRM_WEB_PORT: String(port) } });
      const context = await launch(profile);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(shell.url);
      await page.waitForFunction(() => (window as unknown as HookedWindow).wrmTestHooks !== undefined, null, {
        timeout: 60_000,
      });

      // Everything saved before the earlier kills must be there.
      const present = await page.evaluate(
        async (ids) => {
          const found = await Promise.all(
            ids.map((id) => (window as unknown as HookedWindow).wrmTestHooks!.findById('patrols', id)),
          );
          return found.filter((r) => r !== null).length;
        },
        [...saved],
      );
      losses += saved.length - present;
      expect(present, `round ${round}: patrols present after ${round - 1} kills`).toBe(saved.length);

      const patrol = { ...sampleRecords.patrols, id: newId(), recordedAt: Date.now() };
      const result = await page.evaluate(
        (record) => (window as unknown as HookedWindow).wrmTestHooks!.writeFieldEvent('patrols', record),
        patrol,
      );
      expect(result, `round ${round}: the app saved the patrol`).toMatchObject({ ok: true });
      saved.push(patrol.id);

      // At once: no close, no unload — every process of that browser, SIGKILL.
      const pids = chromiumPids(profile);
      expect(pids.length).toBeGreaterThan(0);
      for (const pid of pids) {
        process.kill(pid, 'SIGKILL');
      }
      await context.close().catch(() => undefined);
      await shell.stop();
      shell = null;
    }
    expect(losses).toBe(0);
  } finally {
    await shell?.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
