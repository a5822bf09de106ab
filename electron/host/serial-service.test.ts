import { describe, expect, it } from 'vitest';
import { createSerialHandlers, describePort } from './serial-service';

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

  it('reports a listing failure as an io error', async () => {
    const handlers = createSerialHandlers({
      listRawPorts: () => Promise.reject(new Error('EACCES')),
      extraPortPaths: () => [],
    });
    await expect(handlers['serial.listPorts']({}, { transport: 'ipc' })).rejects.toMatchObject({
      code: 'io',
    });
  });
});
