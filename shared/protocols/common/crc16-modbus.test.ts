import { describe, expect, it } from 'vitest';
import { crc16Modbus } from './crc16-modbus';
import { fromHex, toHex } from './hex';

describe('crc16Modbus', () => {
  it('gives the catalogue check value for "123456789"', () => {
    expect(crc16Modbus(new TextEncoder().encode('123456789'))).toBe(0x4b37);
  });

  it('matches the CRC of a published read request (sent low byte first)', () => {
    const frame = fromHex('01 03 00 64 00 02 85 D4');
    const crc = crc16Modbus(frame, 0, 6);
    expect([crc & 0xff, crc >>> 8]).toEqual([0x85, 0xd4]);
  });
});

describe('hex', () => {
  it('round-trips bytes through the text crews type', () => {
    expect(toHex(fromHex('0x01:03-0a ff'))).toBe('01 03 0A FF');
  });

  it('names the bad character and an odd digit count', () => {
    expect(() => fromHex('01 0G')).toThrow(/"G" at position 4/);
    expect(() => fromHex('010')).toThrow(/odd number of hex digits \(3\)/);
  });
});
