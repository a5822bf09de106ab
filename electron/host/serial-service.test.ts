import { describe, expect, it } from 'vitest';
import { listOsSerialPorts } from './node-serial';
import { createSerialHandlers, listerFailureCause, describePort } from './serial-service';

describe('describePort', () => {
  it('names a known USB adapter and normalises ids', () => {
    expect(
      describePort({ path: '/dev/ttyUSB0', vendorId: '1A86', productId: '7523', manufacturer: 'QinHeng' }),
    ).toEqual({
      path: '/dev/ttyUSB0',
      friendlyName: 'CH340 USB-Serial',
      manufacturer: 'QinHeng',
      serialNumber: null,
      vendorId: '1a86',
      productId: '7523',
    });
  });

  it('falls back to the manufacturer, then the path', () => {
    expect(describePort({ path: 'COM3', manufacturer: 'Acme' }).friendlyName).toBe('Acme');
    expect(describePort({ path: '/dev/ttyS0' }).friendlyName).toBe('/dev/ttyS0');
    expect(describePort({ path: '/dev/ttyS0', vendorId: 'zz' }).vendorId).toBeNull();
  });
});

describe('serial.listPorts', () => {
  it('adds configured pty paths once', async () => {
    const handlers = createSerialHandlers({
      listRawPorts: () => Promise.resolve([{ path: '/dev/ttyS0' }]),
      extraPortPaths: () => ['/tmp/ttyA', '/dev/ttyS0', '/tmp/ttyA'],
    });
    const ports = await handlers['serial.listPorts']({}, { transport: 'ipc' });
    expect(ports.map((p) => p.path)).toEqual(['/dev/ttyS0', '/tmp/ttyA']);
  });

  it('reports a listing failure with its cause code, OS error name and missing tool', async () => {
    // The error Node gives when serialport's Linux lister cannot spawn udevadm (made here as Node
    // makes it, since the machine's udevadm cannot be removed for a test).
    const spawnFailure = Object.assign(new Error('spawn udevadm ENOENT'), {
      code: 'ENOENT',
      errno: -2,
      syscall: 'spawn udevadm',
      path: 'udevadm',
    });
    const handlers = createSerialHandlers({
      listRawPorts: () => Promise.reject(spawnFailure),
      extraPortPaths: () => [],
    });
    await expect(handlers['serial.listPorts']({}, { transport: 'ipc' })).rejects.toMatchObject({
      code: 'unavailable',
      lineCause: { kind: 'lister-failed', errno: 'ENOENT', tool: 'udevadm' },
    });
    expect(listerFailureCause(new Error('EACCES'))).toEqual({ kind: 'lister-failed' });
  });

  it('reports the real lister of this machine either as ports or as a coded failure', async () => {
    const handlers = createSerialHandlers({ listRawPorts: listOsSerialPorts, extraPortPaths: () => [] });
    try {
      expect(Array.isArray(await handlers['serial.listPorts']({}, { transport: 'ipc' }))).toBe(true);
    } catch (error) {
      expect(error).toMatchObject({ lineCause: { kind: 'lister-failed' } });
    }
  });
});
