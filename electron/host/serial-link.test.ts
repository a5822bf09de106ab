import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SerialSettings } from '#shared/domain/schemas/equipment';
import type { ByteLink } from '#shared/protocols/common/byte-link';
import { createLineSession } from '#shared/protocols/line-session';
import {
  decodeModbusResponse,
  encodeModbusRequest,
  type ModbusRequest,
} from '#shared/protocols/modbus/index';
import { CodedError } from '#shared/result';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSerialSettings, openSerialLink } from './serial-link';
import { causeFromErrno, probeSerialPath } from './serial-open-probe';
import { missingTool, openPtyPair, type PtyPair } from './testing/pty-pair';

const socatMissing = missingTool('socat');
if (socatMissing !== null && process.env['CI'] === 'true') {
  throw new Error(`CI must run the serial tests: ${socatMissing}`);
}

const settings: SerialSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };

function received(link: ByteLink, length: number): Promise<Uint8Array> {
  return new Promise((resolve) => {
    let bytes = new Uint8Array(0);
    const remove = link.onData((chunk) => {
      const joined = new Uint8Array(bytes.length + chunk.length);
      joined.set(bytes);
      joined.set(chunk, bytes.length);
      bytes = joined;
      if (bytes.length >= length) {
        remove();
        resolve(bytes);
      }
    });
  });
}

describe('checkSerialSettings and the open probe', () => {
  it('names the setting that is out of range', () => {
    expect(checkSerialSettings(settings)).toBeNull();
    expect(checkSerialSettings({ ...settings, baudRate: 600 })).toMatch(/baud rate 600/);
    expect(checkSerialSettings({ ...settings, dataBits: 6 as 8 })).toMatch(/data bits 6/);
    expect(checkSerialSettings({ ...settings, parity: 'mark' as 'none' })).toMatch(/parity "mark"/);
    expect(checkSerialSettings({ ...settings, stopBits: 3 as 1 })).toMatch(/stop bits 3/);
  });

  it('maps OS error names (never message words) to causes, per platform', () => {
    const kind = (errno: string | null, platform: NodeJS.Platform) =>
      causeFromErrno(errno, 'COM7', platform).kind;
    expect(kind('ENOENT', 'linux')).toBe('port-not-found');
    expect(kind('ENOENT', 'win32')).toBe('port-not-found');
    expect(kind('EACCES', 'linux')).toBe('permission-denied');
    expect(kind('EPERM', 'win32')).toBe('port-busy');
    expect(kind('EBUSY', 'linux')).toBe('port-busy');
    expect(kind('EIO', 'linux')).toBe('open-failed');
    expect(causeFromErrno('EIO', '/dev/ttyS9', 'linux')).toEqual({
      kind: 'open-failed',
      path: '/dev/ttyS9',
      errno: 'EIO',
    });
    expect(kind(null, 'linux')).toBe('open-failed');
  });

  it('probes a real missing path and a real file that is no terminal', async () => {
    expect(await probeSerialPath('/dev/pts/no-such-port')).toEqual({
      kind: 'port-not-found',
      path: '/dev/pts/no-such-port',
      errno: 'ENOENT',
    });
    const dir = mkdtempSync(join(tmpdir(), 'wrm-probe-'));
    const file = join(dir, 'not-a-port');
    writeFileSync(file, 'x');
    try {
      expect(await probeSerialPath(file)).toEqual({ kind: 'not-a-serial-port', path: file });
      await expect(openSerialLink(file, settings)).rejects.toMatchObject({
        code: 'invalid-argument',
        lineCause: { kind: 'not-a-serial-port' },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(socatMissing !== null)('openSerialLink over a socat pty pair', () => {
  let pair: PtyPair;
  const links: ByteLink[] = [];
  beforeEach(async () => {
    pair = await openPtyPair();
  });
  afterEach(async () => {
    await Promise.all(links.splice(0).map((l) => l.close()));
    await pair.close();
  });
  const open = async (path: string, s: SerialSettings = settings) => {
    const link = await openSerialLink(path, s, { presenceCheckMs: 50 });
    links.push(link);
    return link;
  };

  it.each([
    { baudRate: 1200, dataBits: 7, parity: 'even', stopBits: 1 },
    { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 2 },
    { baudRate: 19200, dataBits: 8, parity: 'odd', stopBits: 1 },
    { baudRate: 115200, dataBits: 8, parity: 'even', stopBits: 2 },
    { baudRate: 14400, dataBits: 8, parity: 'none', stopBits: 1 },
  ] satisfies SerialSettings[])('carries bytes both ways at %o', async (s) => {
    const host = await open(pair.a, s);
    const meter = await open(pair.b, s);
    const toMeter = received(meter, 4);
    await host.write(Uint8Array.of(0x01, 0x03, 0x00, 0xff));
    expect([...(await toMeter)]).toEqual([0x01, 0x03, 0x00, 0xff]);
    const toHost = received(host, 2);
    await meter.write(Uint8Array.of(0xaa, 0x55));
    expect([...(await toHost)]).toEqual([0xaa, 0x55]);
  });

  it('names a missing port not-found and a port held by another program busy', async () => {
    await expect(openSerialLink('/dev/pts/no-such-port', settings)).rejects.toMatchObject({
      code: 'not-found',
      lineCause: { kind: 'port-not-found', errno: 'ENOENT' },
    });
    expect(await probeSerialPath(pair.a)).toBeNull();
    await open(pair.a);
    const second = openSerialLink(pair.a, settings);
    await expect(second).rejects.toBeInstanceOf(CodedError);
    await expect(second).rejects.toMatchObject({ code: 'busy', lineCause: { kind: 'port-busy' } });
  });

  it('refuses bad settings before touching the port', async () => {
    await expect(openSerialLink(pair.a, { ...settings, baudRate: 300 })).rejects.toMatchObject({
      code: 'invalid-argument',
    });
  });

  it('closes with an error when the port vanishes, failing a waiting transaction with io at once', async () => {
    const host = await open(pair.a);
    const closed = new Promise<Error | null>((resolve) => host.onClose(resolve));
    const session = createLineSession({ link: host, defaultTimeoutMs: 10_000 });
    const request: ModbusRequest = { unitId: 1, functionCode: 3, address: 0, quantity: 1 };
    const frame = encodeModbusRequest(request);
    if (!frame.ok) {
      throw new Error(frame.error.message);
    }
    const started = Date.now();
    const pending = session.transact(frame.value, { decode: (b) => decodeModbusResponse(b, request) });
    await new Promise((r) => setTimeout(r, 50));
    await pair.close();
    const result = await pending;
    expect(result.ok ? null : result.error.code).toBe('io');
    expect(result.ok ? null : result.error.cause).toEqual({ kind: 'port-vanished', path: pair.a });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await closed)?.message).toMatch(/vanished/);
  });
});
