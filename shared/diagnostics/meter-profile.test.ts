import { describe, expect, it } from 'vitest';
import {
  cumulativeVolume,
  decodeRegisterValue,
  duplicateProfile,
  encodeRegisterValue,
  parseMeterProfile,
  simulatorRegisterMap,
  validateMeterProfile,
  type MeterProfileInput,
  type ProfileRegister,
} from './meter-profile';

const profile: MeterProfileInput = {
  id: 'test-meter',
  name: { zh: '测试表', en: 'Test meter' },
  defaults: { baudRate: 9600, parity: 'none', stopBits: 1, unitId: 1 },
  registers: [
    {
      key: 'velocity',
      name: { zh: '流速', en: 'Velocity' },
      address: 0,
      functionCode: 3,
      type: 'float32',
      wordOrder: 'CDAB',
      unit: 'm/s',
    },
    {
      key: 'totalInt',
      name: { zh: '累积整数', en: 'Total int' },
      address: 8,
      functionCode: 3,
      type: 'int32',
      wordOrder: 'CDAB',
      unit: 'm³',
      cumulative: 'int',
    },
    {
      key: 'totalFrac',
      name: { zh: '累积小数', en: 'Total frac' },
      address: 10,
      functionCode: 4,
      type: 'float32',
      wordOrder: 'CDAB',
      unit: 'm³',
      cumulative: 'fraction',
    },
    {
      key: 'level',
      name: { zh: '液位', en: 'Level' },
      address: 20,
      functionCode: 3,
      type: 'int16',
      scale: 0.01,
      unit: 'm',
    },
  ],
};

const reg = (over: Partial<ProfileRegister>): ProfileRegister => ({
  key: 'x',
  name: { zh: 'x', en: 'x' },
  address: 0,
  functionCode: 3,
  type: 'float32',
  wordOrder: 'ABCD',
  scale: 1,
  unit: '',
  writable: false,
  ...over,
});

describe('meter profiles', () => {
  it('validates and fills defaults', () => {
    const p = validateMeterProfile('test.json', profile);
    expect(p.source).toBe('builtin');
    expect(p.registers[0]?.scale).toBe(1);
  });

  it('names the file and the field of a bad profile', () => {
    const bad = { ...profile, registers: [{ ...profile.registers[0], wordOrder: 'XYZW' }] };
    expect(() => validateMeterProfile('bad.json', bad)).toThrow(/bad\.json: registers\.0\.wordOrder/);
    expect(() => parseMeterProfile('broken.json', '{')).toThrow(/broken\.json: not JSON/);
  });

  it('refuses two cumulative totals and duplicate keys', () => {
    const regs = profile.registers.map((r) => ({ ...r, key: 'same' }));
    expect(() => validateMeterProfile('dup.json', { ...profile, registers: regs })).toThrow(/duplicate key/);
    const twoTotals = profile.registers.map((r) => ({ ...r, cumulative: 'total' as const }));
    expect(() => validateMeterProfile('t.json', { ...profile, registers: twoTotals })).toThrow(/cumulative/);
  });

  it('decodes the published CDAB velocity −12.5 (words 0000 C148)', () => {
    expect(decodeRegisterValue(reg({ wordOrder: 'CDAB' }), [0x0000, 0xc148])).toBe(-12.5);
  });

  it('decodes the TUF-2000M temperature example (80 6B 42 12, CDAB)', () => {
    expect(decodeRegisterValue(reg({ wordOrder: 'CDAB' }), [0x806b, 0x4212])).toBeCloseTo(36.625, 3);
  });

  it('round-trips every type and word order', () => {
    for (const wordOrder of ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const) {
      for (const [type, v] of [
        ['float32', -3.25],
        ['int32', -70000],
        ['uint32', 3_000_000_000],
        ['int16', -5],
        ['uint16', 65000],
      ] as const) {
        const r = reg({ type, wordOrder });
        expect(decodeRegisterValue(r, encodeRegisterValue(r, v))).toBe(v);
      }
    }
    const scaled = reg({ type: 'int16', scale: 0.01 });
    expect(decodeRegisterValue(scaled, encodeRegisterValue(scaled, 1.23))).toBeCloseTo(1.23, 6);
  });

  it('builds a simulator register map per table and sums the cumulative volume', () => {
    const p = validateMeterProfile('t.json', profile);
    const map = simulatorRegisterMap(p, { velocity: -12.5, totalInt: 106182, totalFrac: 0.25, level: 3.5 });
    expect([map.holding[0], map.holding[1]]).toEqual([0x0000, 0xc148]);
    expect(map.input[10]).toBeDefined();
    expect(map.holding[10]).toBeUndefined();
    expect(map.holding[20]).toBe(350);
    const decoded = Object.fromEntries(
      p.registers.map((r) => {
        const table = r.functionCode === 3 ? map.holding : map.input;
        return [r.key, decodeRegisterValue(r, [table[r.address] ?? 0, table[r.address + 1] ?? 0])];
      }),
    );
    expect(cumulativeVolume(p, decoded)).toEqual({ value: 106182.25, unit: 'm³' });
  });

  it('duplicates into an editable user profile', () => {
    const copy = duplicateProfile(validateMeterProfile('t.json', profile), 'test-meter-copy');
    expect(copy.source).toBe('user');
    expect(copy.name.en).toBe('Test meter (copy)');
  });
});
