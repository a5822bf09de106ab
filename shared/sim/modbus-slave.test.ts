import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../protocols/common/hex';
import { createModbusSlave } from './modbus-slave';

const slave = () =>
  createModbusSlave({
    unitId: 1,
    holding: { 0: 0x0000, 1: 0xc148, 2: 7, 3: 8, 0x64: 0x1234, 0x65: 0x5678 },
    input: new Map([
      [0, 0x0102],
      [1, 0x0304],
    ]),
    coils: { 0: true, 1: false, 2: true },
    discreteInputs: { 0: false, 1: true },
  });

function ask(hex: string, s = slave()): string[] {
  return s.receive(fromHex(hex), 0).map((b) => toHex(b));
}

describe('createModbusSlave', () => {
  it('answers FC 03 with the registers of its map (published request 01 03 00 64 00 02)', () => {
    expect(ask('01 03 00 64 00 02 85 D4')).toEqual(['01 03 04 12 34 56 78 81 07']);
  });

  it('answers the EM water meter velocity read with the published reply bytes', () => {
    const s = createModbusSlave({ unitId: 1, holding: { 0: 0x0000, 1: 0xc148 } });
    expect(ask('01 03 00 00 00 02 C4 0B', s)).toEqual(['01 03 04 00 00 C1 48 AB 95']);
  });

  it('answers FC 04, 01 and 02 from input registers, coils and discrete inputs', () => {
    expect(ask('01 04 00 00 00 02 71 CB')).toEqual(['01 04 04 01 02 03 04 5A 8B']);
    const [coils] = ask('01 01 00 00 00 03 7C 0B');
    expect(coils?.slice(0, 11)).toBe('01 01 01 05');
    const [inputs] = ask('01 02 00 00 00 02 F9 CB');
    expect(inputs?.slice(0, 11)).toBe('01 02 01 02');
  });

  it('executes FC 06 and FC 10 writes and echoes them', () => {
    const s = slave();
    expect(ask('01 06 00 01 00 03 98 0B', s)).toEqual(['01 06 00 01 00 03 98 0B']);
    expect(ask('01 10 00 01 00 02 04 00 0A 01 02 92 30', s)).toEqual(['01 10 00 01 00 02 10 08']);
    expect([s.holding.get(1), s.holding.get(2)]).toEqual([0x000a, 0x0102]);
    expect(s.served).toHaveLength(2);
  });

  it('answers exception 02 for an unmapped address and 01 for an unsupported function code', () => {
    expect(ask('01 03 00 10 00 01 85 CF')).toEqual(['01 83 02 C0 F1']);
    // FC 2B (read device identification) is not served.
    const [reply] = ask('01 2B 0E 01 00 70 77');
    expect(reply?.slice(0, 8)).toBe('01 AB 01');
  });

  it('stays silent to other units and on broadcasts, but executes broadcast writes', () => {
    const s = slave();
    expect(ask('02 03 00 00 00 01 84 39', s)).toEqual([]);
    expect(ask('00 06 00 02 00 09 E9 DD', s)).toEqual([]);
    expect(s.holding.get(2)).toBe(9);
  });

  it('reassembles a request fed byte by byte and resyncs after noise and silence', () => {
    const s = slave();
    const bytes = fromHex('FF 00 01 03 00 64 00 02 85 D4');
    const replies = [...bytes].flatMap((b, i) => s.receive(Uint8Array.of(b), i));
    expect(replies.map((r) => toHex(r))).toEqual(['01 03 04 12 34 56 78 81 07']);
    expect(s.droppedBytes()).toBe(2);
    // A half request followed by a long silence is dropped, then a whole one is served.
    expect(s.receive(fromHex('01 03 00'), 1000)).toEqual([]);
    expect(s.receive(fromHex('01 03 00 64 00 02 85 D4'), 2000)).toHaveLength(1);
  });

  it('shows protocol faults on its replies', () => {
    const s = slave();
    const [reply] = s.receive(fromHex('01 03 00 64 00 02 85 D4'), 0);
    if (reply === undefined) {
      throw new Error('no reply');
    }
    expect(toHex(s.withFault?.(reply, 'exception') ?? reply)).toBe('01 83 04 40 F3');
    expect(toHex(s.withFault?.(reply, 'wrong-address') ?? reply).slice(0, 2)).toBe('02');
    expect(toHex(s.withFault?.(reply, 'bad-crc') ?? reply)).not.toBe(toHex(reply));
  });

  it('refuses a unit id outside 1–247', () => {
    expect(() => createModbusSlave({ unitId: 0 })).toThrow(/unit id 0/);
  });
});
