import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  registersInEveryOrder,
  registersToValue,
  registersToValues,
  valueToRegisters,
  wordOrders,
  type RegisterValueType,
} from './register-values';

describe('registersToValue', () => {
  it('reads the TUF-2000 temperature 80 6B 42 12 as 36.625 °C only in CDAB', () => {
    const every = registersInEveryOrder([0x806b, 0x4212], 'float32');
    expect(every.CDAB).toBeCloseTo(36.625, 3);
    expect([every.ABCD, every.BADC, every.DCBA].some((v) => Math.abs(v - 36.625) < 1)).toBe(false);
  });

  it('reads the EM water meter velocity 00 00 C1 48 as -12.5 in CDAB', () => {
    expect(registersToValue([0x0000, 0xc148], 'float32', 'CDAB')).toBe(-12.5);
  });

  it('reads one 32-bit integer in all four orders', () => {
    // 0x12345678 = 305419896
    expect(registersToValue([0x1234, 0x5678], 'uint32', 'ABCD')).toBe(0x12345678);
    expect(registersToValue([0x5678, 0x1234], 'uint32', 'CDAB')).toBe(0x12345678);
    expect(registersToValue([0x3412, 0x7856], 'uint32', 'BADC')).toBe(0x12345678);
    expect(registersToValue([0x7856, 0x3412], 'uint32', 'DCBA')).toBe(0x12345678);
    expect(registersToValue([0xffff, 0xfffe], 'int32', 'ABCD')).toBe(-2);
  });

  it('reads 16-bit values, byte-swapped for BADC and DCBA, with a scale', () => {
    expect(registersToValue([0xfffe], 'int16')).toBe(-2);
    expect(registersToValue([0x3412], 'uint16', 'BADC')).toBe(0x1234);
    expect(registersToValue([1234], 'uint16', 'ABCD', 0.01)).toBeCloseTo(12.34, 10);
    expect(registersToValues([1, 2, 3], 'uint32')).toEqual([0x00010002]);
  });
});

describe('valueToRegisters', () => {
  it('writes the reverse of each read', () => {
    expect(valueToRegisters(-12.5, 'float32', 'CDAB')).toEqual({ ok: true, value: [0x0000, 0xc148] });
    expect(valueToRegisters(0x12345678, 'uint32', 'BADC')).toEqual({ ok: true, value: [0x3412, 0x7856] });
    expect(valueToRegisters(-2, 'int16')).toEqual({ ok: true, value: [0xfffe] });
    expect(valueToRegisters(12.34, 'uint16', 'ABCD', 0.01)).toEqual({ ok: true, value: [1234] });
  });

  it('names a value that does not fit', () => {
    const failure = valueToRegisters(70000, 'uint16');
    expect(failure.ok ? '' : failure.error.message).toBe(
      'value 70000 does not fit uint16 (0–65535 after scale 1)',
    );
    expect(valueToRegisters(Number.NaN, 'float32').ok).toBe(false);
    expect(valueToRegisters(1, 'int32', 'ABCD', 0).ok).toBe(false);
  });

  const integerTypes: readonly [RegisterValueType, number, number][] = [
    ['uint16', 0, 0xffff],
    ['int16', -0x8000, 0x7fff],
    ['uint32', 0, 0xffffffff],
    ['int32', -0x80000000, 0x7fffffff],
  ];
  it('round-trips every integer type in every order', () => {
    for (const [type, min, max] of integerTypes) {
      fc.assert(
        fc.property(fc.integer({ min, max }), fc.constantFrom(...wordOrders), (value, order) => {
          const registers = valueToRegisters(value, type, order);
          expect(registers.ok && registersToValue(registers.value, type, order)).toBe(value);
        }),
        { numRuns: 500 },
      );
    }
  });

  it('round-trips float32 in every order', () => {
    fc.assert(
      fc.property(
        fc.float({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(...wordOrders),
        (value, order) => {
          const registers = valueToRegisters(value, 'float32', order);
          expect(registers.ok && registersToValue(registers.value, 'float32', order)).toBe(value);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
