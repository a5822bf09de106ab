import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSerialLink } from '../../electron/host/serial-link';
import { missingTool, openPtyPair, type PtyPair } from '../../electron/host/testing/pty-pair';
import type { ByteLink } from '#shared/protocols/common/byte-link';
import { createModbusSlave, type ModbusSlave } from '#shared/sim/modbus-slave';
import { runSimulator, type SimulatorRun } from '#shared/sim/run-simulator';
import type { CliIo } from '../io';
import { main } from '../main';

const socatMissing = missingTool('socat');
if (socatMissing !== null && process.env['CI'] === 'true') {
  throw new Error(`CI must run the CLI serial tests: ${socatMissing}`);
}

function captureIo(env: Record<string, string> = { WRM_LANG: 'en' }): CliIo & {
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env,
    interrupted: new Promise(() => undefined),
    out: () => out,
    err: () => err,
  };
}

async function run(args: string[]) {
  const io = captureIo();
  const code = await main(['modbus', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('wrm modbus: bad arguments exit 2 naming the argument', () => {
  it.each([
    [['read', '--unit', '1', '--address', '0', '--count', '2'], /--port is required/],
    [
      ['read', '--port', '/dev/null', '--unit', '300', '--address', '0', '--count', '2'],
      /--unit "300" must be an integer 1–247/,
    ],
    [['read', '--port', '/dev/null', '--unit', '1', '--address', '0', '--count', '200'], /--count "200"/],
    [
      ['read', '--port', 'p', '--unit', '1', '--address', '0', '--count', '1', '--parity', 'X'],
      /--parity "X" must be N, E or O/,
    ],
    [['read', '--port', 'p', '--unit', '1', '--address', '0', '--count', '1', '--fc', '6'], /--fc "6"/],
    [
      ['read', '--port', 'p', '--unit', '1', '--address', '0', '--count', '1', '--order', 'ACBD'],
      /--order "ACBD"/,
    ],
    [
      ['read', '--port', 'p', '--unit', '1', '--address', '0', '--count', '1', '--baud', '300'],
      /--baud "300"/,
    ],
    [
      ['read', '--port', 'p', '--unit', '1', '--address', '0', '--count', '1', '--colour', 'red'],
      /unknown option --colour/,
    ],
    [['write', '--port', 'p', '--unit', '1', '--address', '0'], /--value is required/],
    [
      ['write', '--port', 'p', '--unit', '1', '--address', '0', '--value', '70000'],
      /--value value 70000 does not fit uint16/,
    ],
    [
      ['write', '--port', 'p', '--unit', '1', '--address', '0', '--value', '1,2', '--fc', '6'],
      /--fc 6 writes one register/,
    ],
    [['scan', '--port', 'p', '--units', '5-1'], /--units range "5-1" runs backwards/],
    [['frobnicate'], /unknown subcommand "frobnicate"/],
  ])('%j', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});

describe.skipIf(socatMissing !== null)('wrm modbus against a simulated meter on a socat pty', () => {
  let pair: PtyPair;
  let meterLink: ByteLink;
  let slave: ModbusSlave;
  let sim: SimulatorRun;
  beforeAll(async () => {
    pair = await openPtyPair();
    meterLink = await openSerialLink(pair.b, { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
  });
  beforeEach(async () => {
    await sim?.stop();
    slave = createModbusSlave({
      unitId: 3,
      holding: { 0: 0x0000, 1: 0xc148, 2: 0, 3: 0, 4: 0, 5: 0 },
      input: { 0: 0x806b, 1: 0x4212 },
    });
    sim = runSimulator(slave, meterLink);
  });
  afterAll(async () => {
    await sim.stop();
    await meterLink.close();
    await pair.close();
  });

  it('reads holding registers as a CDAB float', async () => {
    const result = await run([
      'read',
      '--port',
      pair.a,
      '--unit',
      '3',
      '--address',
      '0',
      '--count',
      '2',
      '--type',
      'float32',
      '--order',
      'CDAB',
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('0xC148');
    expect(result.out).toContain('float32 CDAB: -12.5');
  });

  it('reads input registers as JSON with the frames on the wire', async () => {
    const result = await run([
      'read',
      '--port',
      pair.a,
      '--unit',
      '3',
      '--fc',
      '4',
      '--address',
      '0',
      '--count',
      '2',
      '--type',
      'float32',
      '--order',
      'CDAB',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.out) as {
      registers: number[];
      values: number[];
      frames: { direction: string; hex: string }[];
    };
    expect(doc.registers).toEqual([0x806b, 0x4212]);
    expect(doc.values[0]).toBeCloseTo(36.625, 3);
    expect(doc.frames.map((f) => f.direction)).toEqual(['tx', 'rx']);
    expect(doc.frames[0]?.hex).toBe('03 04 00 00 00 02 70 29');
  });

  it('writes one register with FC 06 and several with FC 10, including a float', async () => {
    expect(
      (await run(['write', '--port', pair.a, '--unit', '3', '--address', '2', '--value', '513'])).code,
    ).toBe(0);
    expect(slave.holding.get(2)).toBe(513);
    expect(
      (await run(['write', '--port', pair.a, '--unit', '3', '--address', '3', '--value', '7,8'])).code,
    ).toBe(0);
    expect([slave.holding.get(3), slave.holding.get(4)]).toEqual([7, 8]);
    const float = await run([
      'write',
      '--port',
      pair.a,
      '--unit',
      '3',
      '--address',
      '4',
      '--value',
      '-12.5',
      '--type',
      'float32',
      '--order',
      'CDAB',
    ]);
    expect(float.out).toMatch(/FC 10: wrote 2 register/);
    expect([slave.holding.get(4), slave.holding.get(5)]).toEqual([0x0000, 0xc148]);
    expect(slave.served.map((r) => r.functionCode)).toEqual([6, 16, 16]);
  });

  it('exits 1 with a JSON error naming the exception, the timeout and a missing port', async () => {
    const exception = await run([
      'read',
      '--port',
      pair.a,
      '--unit',
      '3',
      '--address',
      '100',
      '--count',
      '1',
      '--json',
    ]);
    expect(exception.code).toBe(1);
    expect(JSON.parse(exception.out)).toEqual({
      error: {
        code: 'protocol',
        message: 'unit 3 answered exception 02 illegal data address',
        cause: { kind: 'device-exception', exceptionCode: 2, unitId: 3 },
      },
    });
    const silent = await run([
      'read',
      '--port',
      pair.a,
      '--unit',
      '9',
      '--address',
      '0',
      '--count',
      '1',
      '--timeout',
      '100',
      '--json',
    ]);
    expect(JSON.parse(silent.out)).toEqual({
      error: {
        code: 'timeout',
        message: 'no reply within 100 ms',
        cause: { kind: 'timeout', timeoutMs: 100 },
      },
    });
    const missing = await run([
      'read',
      '--port',
      '/dev/pts/no-such',
      '--unit',
      '3',
      '--address',
      '0',
      '--count',
      '1',
      '--json',
    ]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out)).toMatchObject({ error: { code: 'not-found' } });
    sim.setFault('bad-crc');
    const garbled = await run(['read', '--port', pair.a, '--unit', '3', '--address', '0', '--count', '1']);
    expect(garbled.code).toBe(1);
    expect(garbled.err).toBe('wrm modbus read: protocol: reply failed its checksum (CRC)\n');
    // The same failures for a Chinese reader (the default), units included.
    sim.setFault('none');
    const io = captureIo({});
    expect(
      await main(
        [
          'modbus',
          'read',
          '--port',
          pair.a,
          '--unit',
          '9',
          '--address',
          '0',
          '--count',
          '1',
          '--timeout',
          '100',
        ],
        io,
      ),
    ).toBe(1);
    expect(io.err()).toBe('wrm modbus read: timeout: 100 毫秒内无应答\n');
    const english = captureIo({});
    await main(
      [
        'modbus',
        'read',
        '--port',
        pair.a,
        '--unit',
        '9',
        '--address',
        '0',
        '--count',
        '1',
        '--timeout',
        '100',
        '--lang',
        'en',
      ],
      english,
    );
    expect(english.err()).toBe('wrm modbus read: timeout: no reply within 100 ms\n');
    const read = captureIo({});
    expect(
      await main(['modbus', 'read', '--port', pair.a, '--unit', '3', '--address', '0', '--count', '2'], read),
    ).toBe(0);
    expect(read.out()).toMatch(/^从站 3 功能码 03，9600 8N1：自地址 0 起 2 个寄存器\n/);
  });

  it('scans bauds, parities and units and prints what answered', async () => {
    const result = await run([
      'scan',
      '--port',
      pair.a,
      '--bauds',
      '9600,19200',
      '--parities',
      'N',
      '--units',
      '1-4',
      '--timeout',
      '60',
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      '9600 8N1 unit 3: answered (register 0 = 0)\n19200 8N1 unit 3: answered (register 0 = 0)\n',
    );
    const none = await run([
      'scan',
      '--port',
      pair.a,
      '--bauds',
      '9600',
      '--parities',
      'E',
      '--units',
      '5',
      '--timeout',
      '50',
      '--json',
    ]);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.out)).toMatchObject({ answered: [], error: { code: 'not-found' } });
  });
});
