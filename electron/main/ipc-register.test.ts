import { describe, expect, it } from 'vitest';
import { isAppUrl } from '#shared/security/app-origin';
import { hostMethodNames } from '#shared/host/contract/index';
import type { HostHandlers } from '#shared/host/dispatch';
import { testHandlers } from '#shared/host/test-handlers';
import { registerHostIpc, type InvokeEventLike, type IpcMainLike } from './ipc-register';

// A recording stand-in for Electron's ipcMain: the Electron binary cannot run here, and the
// register takes ipcMain as a parameter precisely so its guard can be tested under Node.
function fakeIpcMain() {
  const listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (listeners.has(channel)) {
        throw new Error(`second handler for ${channel}`);
      }
      listeners.set(channel, listener);
    },
    removeHandler: (channel) => listeners.delete(channel),
  };
  const invoke = (channel: string, frameUrl: string | null, ...args: unknown[]) => {
    const listener = listeners.get(channel);
    if (!listener) {
      throw new Error(`no handler for ${channel}`);
    }
    return listener({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
  };
  return { ipc, listeners, invoke };
}

let calls = 0;
const handlers: HostHandlers = testHandlers({
  'app.info': () => {
    calls += 1;
    return {
      name: 'wrm-field',
      version: '1',
      shell: 'electron',
      platform: 'linux',
      arch: 'x64',
      versions: {},
      syncServiceUrl: null,
      locale: 'zh-CN',
    };
  },
  'app.openExternal': () => ({ opened: false }),
  'serial.listPorts': () => [
    {
      path: '/dev/ttyUSB0',
      friendlyName: 'CH340',
      manufacturer: null,
      serialNumber: null,
      vendorId: null,
      productId: null,
    },
  ],
});

describe('registerHostIpc', () => {
  it('registers exactly one channel per contract method and removes them all', () => {
    const { ipc, listeners } = fakeIpcMain();
    const dispose = registerHostIpc(ipc, handlers, isAppUrl, () => {});
    expect([...listeners.keys()].sort()).toEqual(hostMethodNames.map((m) => `host:${m}`).sort());
    dispose();
    expect(listeners.size).toBe(0);
  });

  it('answers a call from the app page', async () => {
    const { ipc, invoke } = fakeIpcMain();
    registerHostIpc(ipc, handlers, isAppUrl, () => {});
    const result = await invoke('host:serial.listPorts', 'app://wrm/index.html', {});
    expect(result).toEqual({ ok: true, value: [expect.objectContaining({ path: '/dev/ttyUSB0' })] });
  });

  it.each([
    ['https://evil.example/', 'a remote page'],
    ['app://wrm.evil/index.html', 'a look-alike origin'],
    ['file:///tmp/index.html', 'a file:// page'],
    [null, 'no frame at all'],
  ] as const)('refuses a sender frame of %s (%s) without running the handler', async (url, _why) => {
    const { ipc, invoke } = fakeIpcMain();
    const refused: string[] = [];
    registerHostIpc(ipc, handlers, isAppUrl, (m) => refused.push(m));
    const before = calls;
    const result = await invoke('host:app.info', url, {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'forbidden-sender', message: 'app.info: caller is not a page of this app' },
    });
    expect(calls).toBe(before);
    expect(refused).toHaveLength(1);
  });

  it('refuses malformed arguments with a message naming the argument, and keeps serving', async () => {
    const { ipc, invoke } = fakeIpcMain();
    registerHostIpc(ipc, handlers, isAppUrl, () => {});
    const bad = await invoke('host:app.openExternal', 'app://wrm/', { url: ['x'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect((bad as { error: { message: string } }).error.message).toContain('url');
    const notObject = await invoke('host:app.info', 'app://wrm/', 'just a string');
    expect(notObject).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const tooMany = await invoke('host:app.info', 'app://wrm/', {}, {});
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const good = await invoke('host:app.info', 'app://wrm/', {});
    expect(good).toMatchObject({ ok: true });
  });
});
