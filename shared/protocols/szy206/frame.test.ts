import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../common/hex';
import { crc8Szy206 } from './crc8';
import { decodeSzy206Frame, encodeSzy206Frame } from './frame';

const realFrame = '681A68B35303810D00C00059000000826110000001106000004508090A3516';

describe('crc8Szy206', () => {
  it('gives the check value 0xF7 for "123456789"', () => {
    expect(crc8Szy206(new TextEncoder().encode('123456789'))).toBe(0xf7);
  });
  it('covers C … last data byte of the real C0 frame (CS 35)', () => {
    const bytes = fromHex(realFrame);
    expect(crc8Szy206(bytes, 3, bytes.length - 2)).toBe(0x35);
  });
});

describe('decodeSzy206Frame', () => {
  it('splits the verified frame into control, address, AFN and payload', () => {
    const result = decodeSzy206Frame(fromHex(realFrame));
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') {
      return;
    }
    expect(result.consumed).toBe(31);
    expect(result.value.control).toEqual({ direction: 'up', split: false, frameCount: 3, functionCode: 3 });
    expect(result.value.address).toEqual({ mode: 'division', division: '530381', station: 13 });
    expect(result.value.afn).toBe(0xc0);
    expect(toHex(result.value.payload, '')).toBe('0059000000826110000001106000004508090A');
  });

  it('names each broken part', () => {
    const bad = (hex: string) => {
      const r = decodeSzy206Frame(fromHex(hex));
      return r.status === 'invalid' ? r.reason : r.status;
    };
    expect(bad(realFrame.replace(/3516$/, '3616'))).toBe('CS expected 0x35, found 0x36');
    expect(bad(realFrame.replace(/16$/, '17'))).toBe('end byte expected 0x16, found 0x17 (L=26)');
    expect(bad('6A')).toBe('start byte expected 0x68, found 0x6A');
    expect(bad('680369')).toMatch(/shorter than control/);
    expect(bad('681A69')).toBe('second start byte expected 0x68, found 0x69');
    expect(bad('68086880AA03810D0002F07316')).toMatch(/CS expected/);
  });

  it('waits for the rest of a cut frame', () => {
    const bytes = fromHex(realFrame);
    for (let cut = 0; cut < bytes.length; cut += 1) {
      expect(decodeSzy206Frame(bytes.slice(0, cut)).status).toBe('incomplete');
    }
  });

  it('rejects a non-BCD division even with a right CS', () => {
    const frame = encodeSzy206Frame({
      control: { direction: 'up', split: false, frameCount: 0, functionCode: 0 },
      address: { mode: 'division', division: '530381', station: 13 },
      afn: 2,
      payload: Uint8Array.of(0xf0),
    });
    frame[4] = 0x5a;
    frame[frame.length - 2] = crc8Szy206(frame, 3, frame.length - 2);
    const r = decodeSzy206Frame(frame);
    expect(r.status === 'invalid' && r.reason).toBe('address A1 5A 03 81 is not a BCD division code');
  });

  it('round-trips a split frame and an SL/T 427 station-code address', () => {
    const input = {
      control: { direction: 'down', split: true, frameCount: 3, functionCode: 0 },
      splitCounter: 2,
      address: { mode: 'station-code', stationCode: '12AB34CD' },
      afn: 0x50,
      payload: Uint8Array.of(1, 2, 3),
    } as const;
    const r = decodeSzy206Frame(encodeSzy206Frame(input), 'sl427-2021');
    expect(r.status === 'ok' && r.value).toMatchObject({ ...input, payload: Uint8Array.of(1, 2, 3) });
  });
});
