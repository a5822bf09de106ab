import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simulatorRegisterMap, validateMeterProfile } from '#shared/diagnostics/meter-profile';
import type { SerialSettings } from '#shared/domain/schemas/equipment';
import type { HostEvent } from '#shared/host/contract/index';
import { fromHex } from '#shared/protocols/common/hex';
import { createMemoryLinkPair, type MemoryLinkEnd } from '#shared/protocols/line-session-testing';
import { beijingFrames } from '#shared/protocols/sl651/reference-frames.test-data';
import { createModbusSlave } from '#shared/sim/modbus-slave';
import { runSimulator } from '#shared/sim/run-simulator';
import { CodedError } from '#shared/result';
import { createProfileStore } from './diagnostics-profiles';
import { createListenDecoders } from './diagnostics-listen';
import { unavailableSzy206 } from './diagnostics-protocols';
import { createDiagnosticsService } from './diagnostics-service';

const meter = validateMeterProfile('m.json', {
  id: 'test-meter',
  name: { zh: '测试表', en: 'Test meter' },
  defaults: { baudRate: 9600, parity: 'none', stopBits: 1, unitId: 1 },
  registers: [
    {
      key: 'flow',
      name: { zh: '瞬时流量', en: 'Flow' },
      address: 0,
      functionCode: 3,
      type: 'float32',
      wordOrder: 'CDAB',
      unit: 'm³/h',
    },
    {
      key: 'totalInt',
      name: { zh: '累积', en: 'Total' },
      address: 8,
      functionCode: 3,
      type: 'int32',
      wordOrder: 'CDAB',
      unit: 'm³',
      cumulative: 'int',
    },
    { key: 'missing', name: { zh: '缺', en: 'Missing' }, address: 300, functionCode: 4, type: 'uint16' },
  ],
});

type Emitted = { event: HostEvent; payload: unknown };
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

/** A rig: the meter answers only at `meterSettings` with `unitId`; any other settings get silence. */
async function rig(meterSettings: Partial<SerialSettings> = {}, unitId = 1, slowMs = 0) {
  const dir = await mkdtemp(join(tmpdir(), 'wrm-diag-'));
  await mkdir(join(dir, 'builtin'));
  await writeFile(join(dir, 'builtin', 'test-meter.json'), JSON.stringify(meter));
  const events: Emitted[] = [];
  const devices: MemoryLinkEnd[] = [];
  const want: SerialSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, ...meterSettings };
  const service = createDiagnosticsService({
    openLink: (path, serial) => {
      if (path !== '/dev/ttyTEST') {
        return Promise.reject(new CodedError('not-found', `no serial port ${path}`));
      }
      const [app, device] = createMemoryLinkPair();
      devices.push(device);
      if (JSON.stringify(serial) === JSON.stringify(want)) {
        const map = simulatorRegisterMap(meter, { flow: 12.5, totalInt: 106182 });
        // The meter lacks the profile's input register 300: reading it must give a named exception.
        const { 300: _absent, ...input } = map.input;
        const run = runSimulator(
          createModbusSlave({ unitId, holding: map.holding, input }),
          device,
          slowMs > 0 ? { fault: 'slow', slowDelayMs: slowMs } : {},
        );
        stops.push(() => run.stop());
      }
      return Promise.resolve(app);
    },
    emit: (event, payload) => events.push({ event, payload }),
    profiles: createProfileStore({ builtinDir: join(dir, 'builtin'), userDir: join(dir, 'user') }),
    logDir: join(dir, 'logs'),
    szy206: unavailableSzy206,
    listen: createListenDecoders(() => 0),
  });
  stops.push(() => service.close());
  return { service, events, dir, devices };
}

const ctx = { transport: 'websocket' } as const;
const settings: SerialSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };

describe('diagnostics service', () => {
  it('opens a port, reports the connection and reads registers with every frame recorded', async () => {
    const { service, events } = await rig();
    await service['diagnostics.open']({ path: '/dev/ttyTEST', serial: settings }, ctx);
    expect(events.find((e) => e.event === 'serial.connection')?.payload).toEqual({
      path: '/dev/ttyTEST',
      baudRate: 9600,
    });
    const read = await service['diagnostics.modbusRead'](
      { unitId: 1, functionCode: 3, address: 0, quantity: 2, timeoutMs: 500 },
      ctx,
    );
    expect(read.registers).toEqual([0x0000, 0x4148]);
    const frames = await service['diagnostics.frames']({}, ctx);
    expect(frames.map((f) => f.direction)).toEqual(['tx', 'rx']);
    expect(frames[0]?.hex).toBe('01 03 00 00 00 02 C4 0B');
    expect(events.filter((e) => e.event === 'diagnostics.frame')).toHaveLength(2);
  });

  it('reads a profile as named scaled values, with the cumulative volume and a named error for a missing register', async () => {
    const { service } = await rig();
    await service['diagnostics.open']({ path: '/dev/ttyTEST', serial: settings }, ctx);
    const r = await service['diagnostics.readProfile'](
      { unitId: 1, profileId: 'test-meter', timeoutMs: 300 },
      ctx,
    );
    expect(r.values.find((v) => v.key === 'flow')?.value).toBe(12.5);
    expect(r.cumulative).toEqual({ value: 106182, unit: 'm³' });
    expect(r.flowRatePerHour).toBe(12.5);
    expect(r.values.find((v) => v.key === 'missing')?.error).toMatch(/exception 02/);
    expect(r.values.find((v) => v.key === 'missing')?.cause).toEqual({
      kind: 'device-exception',
      exceptionCode: 2,
      unitId: 1,
    });
    expect(r.values.find((v) => v.key === 'flow')?.cause).toBeUndefined();
  });

  it('names timeouts and a vanished port, and refuses calls without a line', async () => {
    const { service } = await rig();
    await expect(
      service['diagnostics.modbusRead'](
        { unitId: 1, functionCode: 3, address: 0, quantity: 1, timeoutMs: 100 },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'unavailable', lineCause: { kind: 'not-connected' } });
    await service['diagnostics.open']({ path: '/dev/ttyTEST', serial: settings }, ctx);
    await expect(
      service['diagnostics.modbusRead'](
        { unitId: 9, functionCode: 3, address: 0, quantity: 1, timeoutMs: 100 },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'timeout', lineCause: { kind: 'timeout', timeoutMs: 100 } });
    await expect(
      service['diagnostics.open']({ path: '/dev/nope', serial: settings }, ctx),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  it('auto-detects a meter at 19200 8E1 unit 3 with progress events', async () => {
    const { service, events } = await rig({ baudRate: 19200, parity: 'even' }, 3);
    const summary = await service['diagnostics.detect'](
      {
        path: '/dev/ttyTEST',
        unitIds: [1, 3],
        baudRates: [9600, 19200],
        parities: ['none', 'even'],
        timeoutMs: 80,
        limit: 50,
        budgetMs: 45_000,
      },
      ctx,
    );
    expect(summary.found).toEqual([{ baudRate: 19200, parity: 'even', dataBits: 8, stopBits: 1, unitId: 3 }]);
    const progress = events.filter((e) => e.event === 'diagnostics.detectProgress');
    expect(progress.length).toBe(summary.attempts + 1);
    expect((await service['diagnostics.state']({}, ctx)).state).toBe('closed');
  });

  it('takes a late reply from another unit as the unit that answered', async () => {
    // The meter (unit 7) answers after 150 ms; the scan waits 80 ms, so its reply lands on the next probe.
    const { service } = await rig({}, 7, 150);
    const summary = await service['diagnostics.detect'](
      {
        path: '/dev/ttyTEST',
        unitIds: [7, 1, 2],
        baudRates: [9600],
        parities: ['none'],
        timeoutMs: 80,
        limit: 5,
        budgetMs: 45_000,
      },
      ctx,
    );
    expect(summary.found.map((c) => c.unitId)).toEqual([7]);
  });

  it('fails a pending read and closes the line with a message when the port vanishes', async () => {
    const { service, events, devices } = await rig({ baudRate: 4800 });
    await service['diagnostics.open']({ path: '/dev/ttyTEST', serial: settings }, ctx);
    const pending = service['diagnostics.modbusRead'](
      { unitId: 1, functionCode: 3, address: 0, quantity: 1, timeoutMs: 5000 },
      ctx,
    );
    devices[0]?.vanish(new Error('USB adapter unplugged'));
    await expect(pending).rejects.toMatchObject({ code: 'io', lineCause: { kind: 'port-vanished' } });
    const state = await service['diagnostics.state']({}, ctx);
    expect(state).toMatchObject({ state: 'closed', cause: { kind: 'port-vanished', path: '/dev/ttyTEST' } });
    expect(state.message).toMatch(/unplugged/);
    expect(events.filter((e) => e.event === 'serial.connection').at(-1)?.payload).toBeNull();
    await expect(
      service['diagnostics.modbusRead'](
        { unitId: 1, functionCode: 3, address: 0, quantity: 1, timeoutMs: 100 },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('listens for SL651 self-reports and pushes them decoded', async () => {
    const { service, events, devices } = await rig({ baudRate: 1200 });
    await service['diagnostics.open']({ path: '/dev/ttyTEST', serial: settings }, ctx);
    await service['diagnostics.listenStart']({ protocol: 'sl651-2014' }, ctx);
    expect((await service['diagnostics.state']({}, ctx)).state).toBe('listening');
    await devices[0]?.write(fromHex(beijingFrames[0]!));
    await new Promise((r) => setTimeout(r, 50));
    const heard = events.filter((e) => e.event === 'diagnostics.listened').map((e) => e.payload);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ ok: true, protocol: 'sl651-2014' });
    await service['diagnostics.listenStop']({}, ctx);
    expect((await service['diagnostics.state']({}, ctx)).state).toBe('open');
  });

  it('stops a scan that runs out of time and says so', async () => {
    const { service } = await rig({ baudRate: 115200 });
    const summary = await service['diagnostics.detect'](
      { path: '/dev/ttyTEST', timeoutMs: 300, limit: 100, budgetMs: 1000 },
      ctx,
    );
    expect(summary.hints).toEqual(['out-of-time']);
    expect(summary.attempts).toBeLessThan(6);
  });

  it('cancels a running scan', async () => {
    const { service } = await rig({ baudRate: 115200 });
    const scan = service['diagnostics.detect'](
      { path: '/dev/ttyTEST', timeoutMs: 100, limit: 100, budgetMs: 45_000 },
      ctx,
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(await service['diagnostics.detectCancel']({}, ctx)).toEqual({ cancelled: true });
    const summary = await scan;
    expect(summary.hints).toContain('cancelled');
    expect(summary.attempts).toBeLessThan(5);
  });

  it('sends raw bytes with a Modbus CRC, exports the log and saves a user profile', async () => {
    const { service, dir } = await rig();
    await service['diagnostics.open']({ path: '/dev/ttyTEST', serial: settings }, ctx);
    const sent = await service['diagnostics.rawSend'](
      { mode: 'hex', data: '01 03 00 00 00 02', crc: 'modbus', waitMs: 150 },
      ctx,
    );
    expect(sent.sentHex).toBe('01 03 00 00 00 02 C4 0B');
    expect(sent.received[0]?.summary).toBe('Modbus unit 1 FC 03: 2 registers');
    expect(sent.received[0]?.hex).toBe(
      '01 03 04 00 00 41 48 2A 5A'.slice(0, 20) + sent.received[0]?.hex.slice(20),
    );
    const log = await service['diagnostics.exportLog']({ name: 'visit' }, ctx);
    expect(log.path).toBe(join(dir, 'logs', 'visit.log'));
    expect(await readFile(log.path, 'utf8')).toMatch(/TX 01 03 00 00 00 02 C4 0B/);
    await expect(service['diagnostics.saveProfile']({ profile: meter }, ctx)).rejects.toMatchObject({
      code: 'conflict',
    });
    await service['diagnostics.saveProfile']({ profile: { ...meter, id: 'my-meter' } }, ctx);
    const listed = await service['diagnostics.listProfiles']({}, ctx);
    expect(listed.profiles.map((p) => [p.id, p.source])).toEqual([
      ['test-meter', 'builtin'],
      ['my-meter', 'user'],
    ]);
  });
});
