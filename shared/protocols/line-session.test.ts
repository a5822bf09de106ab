import { describe, expect, it } from 'vitest';
import { decoded, incomplete, invalid, type DecodeResult } from './common/decode-result';
import { fromHex, toHex } from './common/hex';
import { createLineSession, type LineSessionOptions } from './line-session';
import { createManualTimers, createMemoryLinkPair } from './line-session-testing';
import { decodeModbusResponse, encodeModbusRequest, type ModbusRequest } from './modbus/index';
import { createModbusSlave } from '../sim/modbus-slave';
import { runSimulator } from '../sim/run-simulator';
import type { SimulatorFault } from '../sim/simulator';

const read: ModbusRequest = { unitId: 1, functionCode: 3, address: 0, quantity: 2 };
const frame = (r: ModbusRequest) => {
  const encoded = encodeModbusRequest(r);
  if (!encoded.ok) {
    throw new Error(encoded.error.message);
  }
  return encoded.value;
};
const decodeFor = (r: ModbusRequest) => (bytes: Uint8Array) => decodeModbusResponse(bytes, r);

function rig(fault: SimulatorFault = 'none', options: Partial<LineSessionOptions> = {}) {
  const timers = createManualTimers();
  const [masterEnd, deviceEnd] = createMemoryLinkPair();
  const slave = createModbusSlave({ unitId: 1, holding: { 0: 0x0000, 1: 0xc148 } });
  const sim = runSimulator(slave, deviceEnd, { timers, fault, slowDelayMs: 300 });
  const session = createLineSession({ link: masterEnd, timers, defaultTimeoutMs: 500, ...options });
  return { timers, masterEnd, deviceEnd, slave, sim, session };
}

describe('createLineSession over a simulated meter', () => {
  it('reads registers and records every byte with its direction and time', async () => {
    const { session, timers } = rig();
    const pending = session.transact(frame(read), { decode: decodeFor(read) });
    await timers.advance(0);
    const result = await pending;
    expect(result).toEqual({
      ok: true,
      value: { kind: 'normal', unitId: 1, functionCode: 3, values: [0, 0xc148] },
    });
    expect(session.records().map((r) => [r.direction, r.hex])).toEqual([
      ['tx', '01 03 00 00 00 02 C4 0B'],
      ['rx', '01 03 04 00 00 C1 48 AB 95'],
    ]);
    expect(session.overhead().transactions).toBe(1);
  });

  it('keeps exactly one transaction in flight and answers queued ones in order', async () => {
    const { session, timers, masterEnd } = rig('slow');
    const results = [0, 1].map((address) => {
      const r: ModbusRequest = { ...read, address, quantity: 1 };
      return session.transact(frame(r), { decode: decodeFor(r) });
    });
    await timers.advance(10);
    expect(masterEnd.written).toHaveLength(1);
    await timers.advance(300);
    expect(masterEnd.written).toHaveLength(2);
    await timers.advance(300);
    const values = (await Promise.all(results)).map((r) =>
      r.ok && r.value.kind === 'normal' ? r.value : null,
    );
    expect(values.map((v) => (v !== null && 'values' in v ? v.values : null))).toEqual([[0], [0xc148]]);
  });

  it('fails with a named timeout when the meter is silent, then serves the next request', async () => {
    const { session, timers, sim } = rig('silent');
    const first = session.transact(frame(read), { decode: decodeFor(read), timeoutMs: 200 });
    await timers.advance(199);
    sim.setFault('none');
    await timers.advance(1);
    expect(await first).toEqual({
      ok: false,
      error: {
        code: 'timeout',
        message: 'no reply within 200 ms',
        cause: { kind: 'timeout', timeoutMs: 200 },
      },
    });
    const second = session.transact(frame(read), { decode: decodeFor(read) });
    await timers.advance(0);
    expect((await second).ok).toBe(true);
  });

  it('names a bad CRC as a protocol error without waiting for the whole timeout', async () => {
    const { session, timers } = rig('bad-crc');
    const pending = session.transact(frame(read), { decode: decodeFor(read), timeoutMs: 5000 });
    await timers.advance(100);
    const result = await pending;
    expect(result.ok ? null : result.error.code).toBe('protocol');
    expect(result.ok ? '' : result.error.message).toMatch(/^CRC expected 0x95AB, found 0x/);
    expect(result.ok ? null : result.error.cause).toEqual({ kind: 'crc-mismatch' });
    expect(session.records().some((r) => r.dropped?.startsWith('CRC expected') === true)).toBe(true);
  });

  it('names a reply from the wrong unit', async () => {
    const { session, timers } = rig('wrong-address');
    const pending = session.transact(frame(read), { decode: decodeFor(read) });
    await timers.advance(100);
    expect(await pending).toEqual({
      ok: false,
      error: {
        code: 'protocol',
        message: 'reply from unit 2, expected unit 1',
        cause: { kind: 'wrong-unit', unitId: 2, expectedUnitId: 1 },
      },
    });
  });

  it('passes an exception reply up decoded, for the caller to name', async () => {
    const { session, timers } = rig('exception');
    const pending = session.transact(frame(read), { decode: decodeFor(read) });
    await timers.advance(0);
    expect(await pending).toMatchObject({ ok: true, value: { kind: 'exception', exceptionCode: 4 } });
  });

  it('drops noise before the reply, records why, and still decodes it', async () => {
    const { session, timers } = rig('garbage');
    const pending = session.transact(frame(read), { decode: decodeFor(read) });
    await timers.advance(100);
    expect((await pending).ok).toBe(true);
    expect(session.records().some((r) => r.dropped !== undefined)).toBe(true);
  });

  it('reassembles a reply arriving one byte at a time and in odd chunks', async () => {
    for (const sizes of [[1], [2, 3], [4, 1, 7], [9]]) {
      const timers = createManualTimers();
      const [masterEnd, deviceEnd] = createMemoryLinkPair();
      const session = createLineSession({ link: masterEnd, timers });
      const pending = session.transact(frame(read), { decode: decodeFor(read) });
      const reply = fromHex('01 03 04 00 00 C1 48 AB 95');
      let offset = 0;
      for (let i = 0; offset < reply.length; i += 1) {
        const size = sizes[i % sizes.length] ?? 1;
        await deviceEnd.write(reply.subarray(offset, offset + size));
        offset += size;
        await timers.advance(1);
      }
      expect(await pending).toMatchObject({ ok: true, value: { values: [0, 0xc148] } });
    }
  });

  it('reports an incomplete reply at the timeout with the bytes that came', async () => {
    const timers = createManualTimers();
    const [masterEnd, deviceEnd] = createMemoryLinkPair();
    const session = createLineSession({ link: masterEnd, timers });
    const pending = session.transact(frame(read), { decode: decodeFor(read), timeoutMs: 300 });
    await deviceEnd.write(fromHex('01 03 04 00'));
    await timers.advance(300);
    expect(await pending).toEqual({
      ok: false,
      error: {
        code: 'timeout',
        message: 'reply incomplete after 300 ms: got 4 bytes (01 03 04 00)',
        cause: { kind: 'incomplete-reply', timeoutMs: 300, bytes: 4 },
      },
    });
  });

  it('cancels a transaction in flight and one still queued', async () => {
    const { session, timers } = rig('silent');
    const inFlight = session.start(frame(read), { decode: decodeFor(read) });
    const queued = session.start(frame(read), { decode: decodeFor(read) });
    queued.cancel('user pressed stop');
    inFlight.cancel();
    await timers.advance(0);
    expect(await inFlight.result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await queued.result).toEqual({
      ok: false,
      error: { code: 'cancelled', message: 'user pressed stop', cause: { kind: 'cancelled' } },
    });
  });

  it('fails pending and queued requests with a named io error when the line vanishes, never hanging', async () => {
    const { session, timers, deviceEnd, sim } = rig('silent');
    const first = session.transact(frame(read), { decode: decodeFor(read) });
    const second = session.transact(frame(read), { decode: decodeFor(read) });
    await timers.advance(10);
    deviceEnd.vanish(new Error('USB adapter unplugged'));
    const results = await Promise.all([first, second]);
    expect(results.map((r) => (r.ok ? null : r.error.code))).toEqual(['io', 'io']);
    expect(results[0]?.ok ? '' : results[0]?.error.message).toMatch(/vanished \(USB adapter unplugged\)/);
    expect(results.map((r) => (r.ok ? null : r.error.cause?.kind))).toEqual([
      'port-vanished',
      'port-vanished',
    ]);
    expect(session.closed()).toBe(true);
    const after = await session.transact(frame(read), { decode: decodeFor(read) });
    expect(after.ok ? null : after.error.code).toBe('io');
    await sim.stop();
  });

  it('fails with io when the write itself fails', async () => {
    const timers = createManualTimers();
    const [masterEnd] = createMemoryLinkPair();
    const broken = { ...masterEnd, write: () => Promise.reject(new Error('EIO')) };
    const session = createLineSession({ link: broken, timers });
    const result = await session.transact(frame(read), { decode: decodeFor(read) });
    expect(result).toEqual({
      ok: false,
      error: { code: 'io', message: 'could not write to the line: EIO', cause: { kind: 'write-failed' } },
    });
  });

  it('listens for unsolicited frames and drops what no listener recognises', async () => {
    const timers = createManualTimers();
    const [masterEnd, deviceEnd] = createMemoryLinkPair();
    const session = createLineSession({ link: masterEnd, timers, settleMs: 20 });
    // A toy protocol: 0x68, length, payload.
    const decode = (bytes: Uint8Array): DecodeResult<string> => {
      if (bytes[0] !== 0x68) {
        return invalid('no 68 start');
      }
      const length = bytes[1];
      if (length === undefined || bytes.length < 2 + length) {
        return incomplete();
      }
      return decoded(toHex(bytes.subarray(2, 2 + length)), 2 + length);
    };
    const frames: string[] = [];
    const stop = session.listen(decode, (value) => frames.push(value));
    await deviceEnd.write(fromHex('00 68 02 AA'));
    await deviceEnd.write(fromHex('BB 68 01'));
    await timers.advance(25);
    expect(frames).toEqual(['AA BB']);
    expect(
      session
        .records()
        .filter((r) => r.dropped !== undefined)
        .map((r) => r.hex),
    ).toEqual(['00', '68 01']);
    stop();
    await deviceEnd.write(fromHex('68 01 CC'));
    await timers.advance(0);
    expect(frames).toEqual(['AA BB']);
  });

  it('sends a broadcast with no reply in turn with transactions', async () => {
    const { session, timers, slave } = rig();
    const broadcast = frame({ unitId: 0, functionCode: 6, address: 1, value: 7 });
    const sent = session.send(broadcast);
    await timers.advance(0);
    expect(await sent).toEqual({ ok: true, value: undefined });
    expect(slave.holding.get(1)).toBe(7);
  });

  it('keeps the configured gap between transactions', async () => {
    const { session, timers, masterEnd } = rig('none', { frameGapMs: 5 });
    const a = session.transact(frame(read), { decode: decodeFor(read) });
    const b = session.transact(frame(read), { decode: decodeFor(read) });
    await timers.advance(1);
    expect(masterEnd.written).toHaveLength(1);
    await timers.advance(5);
    expect(masterEnd.written).toHaveLength(2);
    await timers.advance(1);
    expect([(await a).ok, (await b).ok]).toEqual([true, true]);
  });
  it('hands an unsolicited frame arriving mid-transaction to the listener, then decodes the reply', async () => {
    const timers = createManualTimers();
    const [masterEnd, deviceEnd] = createMemoryLinkPair();
    const session = createLineSession({ link: masterEnd, timers });
    const heard: string[] = [];
    session.listen(
      (bytes): DecodeResult<string> =>
        bytes[0] !== 0x68
          ? invalid('no 68')
          : bytes.length < 3
            ? incomplete()
            : decoded(toHex(bytes.subarray(0, 3)), 3),
      (value) => heard.push(value),
    );
    const pending = session.transact(frame(read), { decode: decodeFor(read) });
    await deviceEnd.write(fromHex('68 01 02 01 03 04 00 00 C1 48 AB 95'));
    await timers.advance(0);
    expect(heard).toEqual(['68 01 02']);
    expect((await pending).ok).toBe(true);
  });

  it('keeps the record bounded and reports the overhead of each transaction', async () => {
    const { session, timers } = rig('none', { maxRecords: 4 });
    for (let i = 0; i < 5; i += 1) {
      const pending = session.transact(frame(read), { decode: decodeFor(read) });
      await timers.advance(0);
      await pending;
    }
    expect(session.records().length).toBeLessThanOrEqual(5);
    const overhead = session.overhead();
    expect(overhead.transactions).toBe(5);
    expect(overhead.meanBusyMs).toBeGreaterThanOrEqual(0);
    expect(overhead.meanWallMs).toBeGreaterThanOrEqual(overhead.meanBusyMs);
    session.resetOverhead();
    expect(session.overhead().transactions).toBe(0);
  });
});
