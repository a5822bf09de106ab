import { describe, expect, it } from 'vitest';
import { CodedError } from '../result';
import { dispatchHostCall, type HostHandlers } from './dispatch';
import { testHandlers } from './test-handlers';

function handlers(overrides: Partial<HostHandlers> = {}): HostHandlers {
  return testHandlers({
    'app.info': () => ({
      name: 'wrm-field',
      version: '0.0.0-test',
      shell: 'web',
      platform: 'linux',
      arch: 'x64',
      versions: {},
      syncServiceUrl: null,
      locale: 'zh-CN',
    }),
    'app.openExternal': ({ url }) => ({ opened: url.startsWith('https://') }),
    'serial.listPorts': () => [],
    ...overrides,
  });
}

describe('dispatchHostCall', () => {
  it('runs a valid call and wraps the value', async () => {
    const result = await dispatchHostCall(handlers(), 'app.info', {}, { transport: 'ipc' });
    expect(result).toMatchObject({ ok: true, value: { name: 'wrm-field', shell: 'web' } });
  });

  it('refuses an unknown method by name', async () => {
    const result = await dispatchHostCall(handlers(), 'fs.readAnything', {}, { transport: 'ipc' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'unknown-method', message: 'unknown host method: fs.readAnything' },
    });
  });

  it('refuses a prototype key posing as a method', async () => {
    const result = await dispatchHostCall(handlers(), 'constructor', {}, { transport: 'ipc' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('unknown-method');
  });

  it('names the malformed argument', async () => {
    const result = await dispatchHostCall(
      handlers(),
      'app.openExternal',
      { url: 42 },
      { transport: 'websocket' },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-argument');
      expect(result.error.message).toMatch(/^app\.openExternal: invalid argument — url: /);
    }
  });

  it('refuses unexpected extra arguments', async () => {
    const result = await dispatchHostCall(handlers(), 'app.info', { evil: true }, { transport: 'ipc' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-argument');
      expect(result.error.message).toContain('evil');
    }
  });

  it('maps a coded error from a handler to the same code', async () => {
    const result = await dispatchHostCall(
      handlers({
        'serial.listPorts': () => {
          throw new CodedError('permission-denied', 'cannot read /dev');
        },
      }),
      'serial.listPorts',
      {},
      { transport: 'ipc' },
    );
    expect(result).toEqual({ ok: false, error: { code: 'permission-denied', message: 'cannot read /dev' } });
  });

  it('turns an unexpected throw into an internal error and keeps serving', async () => {
    const h = handlers({
      'serial.listPorts': () => {
        throw new TypeError('boom');
      },
    });
    const first = await dispatchHostCall(h, 'serial.listPorts', {}, { transport: 'ipc' });
    expect(first).toEqual({ ok: false, error: { code: 'internal', message: 'serial.listPorts: boom' } });
    const second = await dispatchHostCall(h, 'app.info', {}, { transport: 'ipc' });
    expect(second.ok).toBe(true);
  });
});
