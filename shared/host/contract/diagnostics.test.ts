import { describe, expect, it } from 'vitest';
import { dispatchHostCall } from '../dispatch';
import { testHandlers } from '../test-handlers';

const ctx = { transport: 'websocket' } as const;
const handlers = testHandlers({
  'diagnostics.modbusRead': ({ quantity }) => ({
    registers: new Array<number>(quantity).fill(0),
    summary: 'ok',
  }),
  'diagnostics.open': ({ path, serial }) => ({ state: 'open', path, serial, message: null }),
  'diagnostics.rawSend': ({ crc, waitMs }) => ({ sentHex: `${crc} ${waitMs}`, received: [] }),
});

describe('diagnostics contract', () => {
  it('names the argument that is out of range', async () => {
    const r = await dispatchHostCall(
      handlers,
      'diagnostics.modbusRead',
      { unitId: 1, functionCode: 3, address: 0, quantity: 200 },
      ctx,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(!r.ok && r.error.message).toMatch(/quantity/);
  });

  it('refuses unit 0, function code 6 on a read, and unknown serial settings', async () => {
    for (const args of [
      { unitId: 0, functionCode: 3, address: 0, quantity: 1 },
      { unitId: 1, functionCode: 6, address: 0, quantity: 1 },
    ]) {
      expect((await dispatchHostCall(handlers, 'diagnostics.modbusRead', args, ctx)).ok).toBe(false);
    }
    const open = await dispatchHostCall(
      handlers,
      'diagnostics.open',
      { path: '/dev/ttyUSB0', serial: { baudRate: 9600, dataBits: 8, parity: 'mark', stopBits: 1 } },
      ctx,
    );
    expect(!open.ok && open.error.message).toMatch(/serial\.parity/);
  });

  it('fills defaults: timeout, no checksum, half a second for replies', async () => {
    const read = await dispatchHostCall(
      handlers,
      'diagnostics.modbusRead',
      { unitId: 1, functionCode: 4, address: 10, quantity: 2 },
      ctx,
    );
    expect(read).toMatchObject({ ok: true, value: { registers: [0, 0] } });
    const raw = await dispatchHostCall(handlers, 'diagnostics.rawSend', { mode: 'hex', data: '01' }, ctx);
    expect(raw).toMatchObject({ ok: true, value: { sentHex: 'none 500' } });
  });
});
