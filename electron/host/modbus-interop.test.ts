import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedFrame } from '#shared/diagnostics/session-record';
import type { HostMethod } from '#shared/host/contract/index';
import { dispatchHostCall, type HostHandlers } from '#shared/host/dispatch';
import type { ByteLink } from '#shared/protocols/common/byte-link';
import { createLineSession, type LineSession } from '#shared/protocols/line-session';
import { createModbusMaster, type ModbusMaster } from '#shared/protocols/modbus/master';
import { createModbusSlave, type ModbusSlave } from '#shared/sim/modbus-slave';
import { runSimulator, type SimulatorRun } from '#shared/sim/run-simulator';
import { szy206DiagnosticsProtocol } from '#shared/protocols/szy206/index';
import { createListenDecoders } from './diagnostics-listen';
import { createProfileStore } from './diagnostics-profiles';
import { createDiagnosticsService } from './diagnostics-service';
import { diagnosticsShellDeps } from './diagnostics-shell';
import { openSerialLink } from './serial-link';
import { buildLibmodbusTool, libmodbusMissing, startLibmodbusSlave } from './testing/libmodbus-tools';
import { missingTool, openPtyPair, type PtyPair } from './testing/pty-pair';

// Interop over real ptys with independent Modbus implementations: libmodbus as the slave our master
// talks to, and Debian's mbpoll as a master talking to our simulator. Under CI nothing may skip.
const socatMissing = missingTool('socat');
const mbpollMissing = missingTool('mbpoll');
const libmodbusAbsent = libmodbusMissing();
if (process.env['CI'] === 'true') {
  const missing = [socatMissing, mbpollMissing, libmodbusAbsent].filter((m) => m !== null);
  if (missing.length > 0) {
    throw new Error(`CI must run the Modbus interop tests: ${missing.join('; ')}`);
  }
}

const settings = { baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 } as const;

describe.skipIf(socatMissing !== null || libmodbusAbsent !== null)(
  'our master against a libmodbus slave',
  () => {
    let pair: PtyPair;
    let slave: ChildProcess;
    let link: ByteLink;
    let session: LineSession;
    let master: ModbusMaster;
    let binary: string;
    beforeAll(async () => {
      binary = buildLibmodbusTool('libmodbus-slave');
      pair = await openPtyPair();
      slave = await startLibmodbusSlave(binary, pair.b, 19200, 'E', 17);
      link = await openSerialLink(pair.a, settings);
      session = createLineSession({ link, defaultTimeoutMs: 1000 });
      master = createModbusMaster(session);
    });
    afterAll(async () => {
      await session.close();
      slave.kill();
      await pair.close();
      rmSync(dirname(binary), { recursive: true, force: true });
    });

    it('reads holding (FC 03) and input (FC 04) registers', async () => {
      expect(await master.readRegisters(17, 3, 0, 10)).toEqual({
        ok: true,
        value: Array.from({ length: 10 }, (_, i) => 1000 + i),
      });
      expect(await master.readRegisters(17, 4, 95, 5)).toEqual({
        ok: true,
        value: [0, 1, 2, 3, 4].map((i) => 0xa000 + 95 + i),
      });
    });

    it('reads coils (FC 01) and discrete inputs (FC 02), trimmed to the quantity asked', async () => {
      const coils = await master.request({ unitId: 17, functionCode: 1, address: 0, quantity: 10 });
      expect(coils.ok && 'values' in coils.value ? coils.value.values : null).toEqual(
        Array.from({ length: 10 }, (_, i) => i % 3 === 0),
      );
      const inputs = await master.request({ unitId: 17, functionCode: 2, address: 3, quantity: 9 });
      expect(inputs.ok && 'values' in inputs.value ? inputs.value.values : null).toEqual(
        Array.from({ length: 9 }, (_, i) => (i + 3) % 2 === 1),
      );
    });

    it('writes with FC 05, 06, 0F and 10 and reads the writes back', async () => {
      expect((await master.request({ unitId: 17, functionCode: 5, address: 1, value: true })).ok).toBe(true);
      expect(
        (
          await master.request({
            unitId: 17,
            functionCode: 0x0f,
            address: 10,
            values: [true, true, false, true],
          })
        ).ok,
      ).toBe(true);
      const coils = await master.request({ unitId: 17, functionCode: 1, address: 0, quantity: 14 });
      expect(
        coils.ok && 'values' in coils.value
          ? coils.value.values.slice(0, 2).concat(coils.value.values.slice(10, 14))
          : null,
      ).toEqual([true, true, true, true, false, true]);
      expect(await master.writeRegisters(17, 50, [0xbeef])).toEqual({ ok: true, value: undefined });
      expect(await master.writeRegisters(17, 60, [1, 2, 3])).toEqual({ ok: true, value: undefined });
      expect(await master.readRegisters(17, 3, 50, 1)).toEqual({ ok: true, value: [0xbeef] });
      expect(await master.readRegisters(17, 3, 60, 3)).toEqual({ ok: true, value: [1, 2, 3] });
    });

    it('names libmodbus exception replies and stays in step afterwards', async () => {
      expect(await master.readRegisters(17, 3, 99, 5)).toEqual({
        ok: false,
        error: {
          code: 'protocol',
          message: 'unit 17 answered exception 02 illegal data address',
          cause: { kind: 'device-exception', exceptionCode: 2, unitId: 17 },
        },
      });
      expect(await master.readRegisters(17, 3, 0, 1)).toEqual({ ok: true, value: [1000] });
    });

    it('times out on a unit nobody is', async () => {
      const result = await master.request({ unitId: 18, functionCode: 3, address: 0, quantity: 1 }, 200);
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'timeout',
          message: 'no reply within 200 ms',
          cause: { kind: 'timeout', timeoutMs: 200 },
        },
      });
    });
  },
);

// The Diagnostics page's own path: the host's diagnostics service as both shells wire it (the real
// serial opener of diagnosticsShellDeps), called through the host dispatcher with the contract's
// validation and result envelope, against the same independent libmodbus slave.
describe.skipIf(socatMissing !== null || libmodbusAbsent !== null)(
  "the Diagnostics page's host path against a libmodbus slave",
  () => {
    let pair: PtyPair;
    let slave: ChildProcess;
    let binary: string;
    let dir: string;
    let service: ReturnType<typeof createDiagnosticsService>;
    const frames: RecordedFrame[] = [];
    const call = (method: HostMethod, args: unknown) =>
      // Only diagnostics methods are called: the service's handlers are all the dispatcher needs here.
      dispatchHostCall(service as unknown as HostHandlers, method, args, { transport: 'websocket' });
    beforeAll(async () => {
      binary = buildLibmodbusTool('libmodbus-slave');
      pair = await openPtyPair();
      slave = await startLibmodbusSlave(binary, pair.b, 19200, 'E', 17);
      dir = mkdtempSync(join(tmpdir(), 'wrm-interop-'));
      mkdirSync(join(dir, 'builtin'));
      writeFileSync(
        join(dir, 'builtin', 'libmodbus-map.json'),
        JSON.stringify({
          id: 'libmodbus-map',
          name: { zh: 'libmodbus 表', en: 'libmodbus map' },
          defaults: { baudRate: 19200, parity: 'even', stopBits: 1, unitId: 17 },
          registers: [
            {
              key: 'h0',
              name: { zh: '保持 0', en: 'Holding 0' },
              address: 0,
              functionCode: 3,
              type: 'uint16',
            },
            {
              key: 'h1',
              name: { zh: '保持 1', en: 'Holding 1' },
              address: 1,
              functionCode: 3,
              type: 'uint16',
            },
            {
              key: 'in5',
              name: { zh: '输入 5', en: 'Input 5' },
              address: 5,
              functionCode: 4,
              type: 'uint16',
            },
            {
              key: 'gone',
              name: { zh: '越界', en: 'Beyond' },
              address: 150,
              functionCode: 3,
              type: 'uint16',
            },
          ],
        }),
      );
      const shell = diagnosticsShellDeps();
      service = createDiagnosticsService({
        openLink: shell.openLink,
        szy206: szy206DiagnosticsProtocol,
        listen: createListenDecoders(),
        emit: (event, payload) => {
          if (event === 'diagnostics.frame') {
            frames.push(payload as RecordedFrame);
          }
        },
        profiles: createProfileStore({ builtinDir: join(dir, 'builtin'), userDir: join(dir, 'user') }),
        logDir: join(dir, 'logs'),
      });
    });
    afterAll(async () => {
      await service.close();
      slave.kill();
      await pair.close();
      rmSync(dirname(binary), { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    });

    it('opens the port and reads holding and input registers, logging each exchange', async () => {
      expect(await call('diagnostics.open', { path: pair.a, serial: settings })).toMatchObject({
        ok: true,
        value: { state: 'open', path: pair.a },
      });
      const read = { unitId: 17, functionCode: 3, address: 0, quantity: 10, timeoutMs: 1000 };
      expect(await call('diagnostics.modbusRead', read)).toMatchObject({
        ok: true,
        value: { registers: Array.from({ length: 10 }, (_, i) => 1000 + i) },
      });
      expect(frames.slice(-2).map((f) => [f.direction, f.summary])).toEqual([
        ['tx', 'unit 17 FC 03: read 10 from 0'],
        ['rx', 'unit 17 FC 03: 10 registers'],
      ]);
      const input = { unitId: 17, functionCode: 4, address: 95, quantity: 5, timeoutMs: 1000 };
      expect(await call('diagnostics.modbusRead', input)).toMatchObject({
        ok: true,
        value: { registers: [0, 1, 2, 3, 4].map((i) => 0xa000 + 95 + i) },
      });
    });

    it('writes registers (FC 10) and reads them back', async () => {
      const write = { unitId: 17, address: 60, values: [7, 8, 9], timeoutMs: 1000 };
      expect((await call('diagnostics.modbusWrite', write)).ok).toBe(true);
      const back = { unitId: 17, functionCode: 3, address: 60, quantity: 3, timeoutMs: 1000 };
      expect(await call('diagnostics.modbusRead', back)).toMatchObject({
        ok: true,
        value: { registers: [7, 8, 9] },
      });
    });

    it('carries a libmodbus exception reply to the page as a coded cause', async () => {
      const beyond = { unitId: 17, functionCode: 3, address: 99, quantity: 5, timeoutMs: 1000 };
      expect(await call('diagnostics.modbusRead', beyond)).toMatchObject({
        ok: false,
        error: { code: 'protocol', cause: { kind: 'device-exception', exceptionCode: 2, unitId: 17 } },
      });
    });

    it('reads a meter profile, keeping the exception of a register libmodbus does not map', async () => {
      const reading = await call('diagnostics.readProfile', {
        unitId: 17,
        profileId: 'libmodbus-map',
        timeoutMs: 500,
      });
      expect(reading.ok).toBe(true);
      const values = reading.ok
        ? (reading.value as { values: { key: string; value: number | null; cause?: unknown }[] }).values
        : [];
      expect(values.map((v) => [v.key, v.value])).toEqual([
        ['h0', 1000],
        ['h1', 1001],
        ['in5', 0xa005],
        ['gone', null],
      ]);
      expect(values[3]?.cause).toEqual({ kind: 'device-exception', exceptionCode: 2, unitId: 17 });
    });

    it('auto-detects the slave at 19200 8E1 unit 17', async () => {
      await call('diagnostics.close', {});
      const found = await call('diagnostics.detect', {
        path: pair.a,
        // A pty carries bytes whatever the line settings, so only the unit id can be searched here.
        baudRates: [19200],
        parities: ['even'],
        unitIds: [17],
        timeoutMs: 200,
        budgetMs: 20_000,
        limit: 10,
      });
      expect(found).toMatchObject({
        ok: true,
        value: { found: [{ baudRate: 19200, parity: 'even', unitId: 17 }] },
      });
    });

    // Last: after a request to a unit that is not there, libmodbus misses the next request once.
    it('carries silence from a unit nobody is to the page as a coded timeout', async () => {
      await call('diagnostics.open', { path: pair.a, serial: settings });
      const nobody = { unitId: 18, functionCode: 3, address: 0, quantity: 1, timeoutMs: 200 };
      expect(await call('diagnostics.modbusRead', nobody)).toMatchObject({
        ok: false,
        error: { code: 'timeout', cause: { kind: 'timeout', timeoutMs: 200 } },
      });
    });
  },
);

function mbpoll(args: readonly string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('mbpoll', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => resolve({ code, out }));
  });
}

/** mbpoll prints one "[ref]: value" line per item read. */
function mbpollValues(out: string): Record<number, string> {
  return Object.fromEntries(
    [...out.matchAll(/^\[(\d+)\]:\s+(\S+)/gm)].map((m) => [Number(m[1]), m[2] ?? '']),
  );
}

describe.skipIf(socatMissing !== null || mbpollMissing !== null)(
  'mbpoll as master against our simulator',
  () => {
    let pair: PtyPair;
    let meter: ByteLink;
    let slave: ModbusSlave;
    let sim: SimulatorRun;
    const common = () => ['-m', 'rtu', '-a', '5', '-b', '19200', '-P', 'even', '-o', '0.5', '-1'];
    beforeAll(async () => {
      pair = await openPtyPair();
      meter = await openSerialLink(pair.b, settings);
      slave = createModbusSlave({
        unitId: 5,
        holding: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, 100 + i])),
        input: { 0: 0x806b, 1: 0x4212 },
        coils: { 0: true, 1: false, 2: true },
        discreteInputs: { 0: false, 1: true },
      });
      sim = runSimulator(slave, meter);
    });
    afterAll(async () => {
      await sim.stop();
      await meter.close();
      await pair.close();
    });

    it('reads 10 holding registers (1-based reference 1 is wire address 0)', async () => {
      const { code, out } = await mbpoll([...common(), '-t', '4', '-r', '1', '-c', '10', pair.a]);
      expect(code).toBe(0);
      expect(mbpollValues(out)).toEqual(
        Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i + 1, String(100 + i)])),
      );
    });

    it('reads input registers as a float, coils and discrete inputs with 0-based references', async () => {
      const float = await mbpoll([...common(), '-0', '-t', '3:float', '-r', '0', '-c', '1', pair.a]);
      expect(Number(mbpollValues(float.out)[0])).toBeCloseTo(36.625, 3);
      const coils = await mbpoll([...common(), '-0', '-t', '0', '-r', '0', '-c', '3', pair.a]);
      expect(mbpollValues(coils.out)).toEqual({ 0: '1', 1: '0', 2: '1' });
      const inputs = await mbpoll([...common(), '-0', '-t', '1', '-r', '0', '-c', '2', pair.a]);
      expect(mbpollValues(inputs.out)).toEqual({ 0: '0', 1: '1' });
    });

    it('writes single and multiple registers and a coil into our simulator', async () => {
      expect((await mbpoll([...common(), '-0', '-t', '4', '-r', '3', pair.a, '4242'])).code).toBe(0);
      expect((await mbpoll([...common(), '-0', '-t', '4', '-r', '6', pair.a, '7', '8', '9'])).code).toBe(0);
      expect((await mbpoll([...common(), '-0', '-t', '0', '-r', '1', pair.a, '1'])).code).toBe(0);
      expect([3, 6, 7, 8].map((a) => slave.holding.get(a))).toEqual([4242, 7, 8, 9]);
      expect(slave.coils.get(1)).toBe(true);
      expect(slave.served.map((r) => r.functionCode)).toContain(0x10);
    });

    it('sees our exception reply for an unmapped register', async () => {
      const { code, out } = await mbpoll([...common(), '-0', '-t', '4', '-r', '50', '-c', '1', pair.a]);
      expect(code).not.toBe(0);
      expect(out).toMatch(/Illegal data address/i);
    });
  },
);
