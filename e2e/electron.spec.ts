import { _electron as electron, expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { findElectronBinary } from '../scripts/electron-binary';

const root = resolve(import.meta.dirname, '..');
const binary = findElectronBinary(root);

// Runs wherever an Electron binary exists; on machines without one it is reported as skipped.
test.skip('missing' in binary, `no Electron binary: ${'missing' in binary ? binary.missing : ''}`);

test('the Electron shell opens hardened, answers app.info over IPC, and refuses navigation', async () => {
  if (!('path' in binary)) {
    return;
  }
  const app = await electron.launch({
    executablePath: binary.path,
    args: [root],
    env: { ...process.env, WRM_SYNC_URL: 'http://127.0.0.1:9' },
  });
  const page = await app.firstWindow();
  await expect(page.getByTestId('side-nav')).toBeVisible();
  expect(page.url()).toMatch(/^app:\/\/wrm\//);
  const exposed = await page.evaluate(() => ({
    hasRequire: typeof (window as unknown as { require?: unknown }).require,
    hasProcess: typeof (window as unknown as { process?: unknown }).process,
    methods: Object.keys((window as unknown as { wrmHost: { methods: object } }).wrmHost.methods),
  }));
  expect(exposed.hasRequire).toBe('undefined');
  expect(exposed.hasProcess).toBe('undefined');
  expect(exposed.methods).toContain('app.info');
  const info = await page.evaluate(() =>
    (window as unknown as { wrmHost: { methods: Record<string, (a: object) => Promise<unknown>> } }).wrmHost
      .methods['app.info']!({}),
  );
  expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });
  await page.evaluate(() => {
    window.location.href = 'https://evil.example/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toMatch(/^app:\/\/wrm\//);
  await app.close();
});
