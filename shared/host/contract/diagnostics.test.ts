import { describe, expect, it } from 'vitest';
import { dispatchHostCall } from '../dispatch';
import type { HistoryAnswer } from './diagnostics';
import { testHandlers } from '../test-handlers';

const ctx = { transport: 'websocket' } as const;
const handlers = testHandlers({
  'diagnostics.modbusRead': ({ quantity }) => ({
    registers: new Array<number>(quantity).fill(0),
    summary: 'ok',
  }),
  'diagnostics.open': ({ path, serial }) => ({ state: 'open', path, serial, message: null }),
  'diagnostics.rawSend': ({ crc, waitMs }) => ({ sentHex: `${crc} ${waitMs}`, received: [] }),
  // Echoes what the handler received, so a test sees the variant and its defaults.
  'diagnostics.history': (args) => ({
    status: 'complete',
    reason: JSON.stringify(args),
    records: [],
    frames: [],
  }),
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

  it('takes a history call in each protocol’s terms, defaults filled, and refuses one that mixes them', async () => {
    const span = { from: 0, to: 3_600_000 };
    const call = async (args: Record<string, unknown>) => {
      const r = await dispatchHostCall(handlers, 'diagnostics.history', { ...span, ...args }, ctx);
      if (!r.ok) {
        return r.error.message;
      }
      return JSON.parse((r.value as HistoryAnswer).reason ?? '{}') as Record<string, unknown>;
    };
    expect(await call({ address: { division: '530381', station: 13 } })).toMatchObject({
      dialect: 'szy206-2016',
      type: 2,
      timeoutMs: 5000,
    });
    expect(
      await call({
        protocol: 'sl651-2014',
        centerAddress: 1,
        stationAddress: '0012345678',
        password: '1234',
        intervalMinutes: 60,
        elements: ['level'],
      }),
    ).toMatchObject({ protocol: 'sl651-2014', elements: ['level'] });
    expect(await call({ protocol: 'hj212-2017', mn: '88888880000001', intervalMinutes: 60 })).toMatchObject({
      st: '21',
      pw: '123456',
    });
    expect(
      await call({
        protocol: 'sl651-2014',
        centerAddress: 1,
        stationAddress: '12345',
        password: '1234',
        intervalMinutes: 60,
        elements: ['level'],
      }),
    ).toMatch(/invalid argument/);
    expect(
      await call({
        protocol: 'hj212-2017',
        mn: 'M1',
        intervalMinutes: 60,
        address: { division: '530381', station: 1 },
      }),
    ).toMatch(/invalid argument/);
  });
});
