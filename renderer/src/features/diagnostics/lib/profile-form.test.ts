import { describe, expect, it } from 'vitest';
import {
  meterProfileSchema,
  type MeterProfile,
  type ProfileRegister,
} from '#shared/diagnostics/meter-profile';
import { checkProfileDraft, nextRegister, overlapWarnings } from './profile-form';

const flow: ProfileRegister = {
  key: 'flow',
  name: { zh: '瞬时流量', en: 'Flow' },
  address: 4112,
  functionCode: 3,
  type: 'float32',
  wordOrder: 'CDAB',
  scale: 1,
  unit: 'm³/h',
  writable: false,
};
const profile: MeterProfile = meterProfileSchema.parse({
  id: 'my-meter',
  name: { zh: '我的表', en: 'My meter' },
  defaults: { baudRate: 9600, parity: 'none', stopBits: 1, unitId: 1 },
  source: 'user',
  registers: [flow],
});

describe('the meter profile form', () => {
  it('accepts a valid draft and returns the profile the host will store', () => {
    const check = checkProfileDraft(profile);
    expect(check.ok).toBe(true);
    expect(check.ok && check.profile.registers[0]?.key).toBe('flow');
  });

  it('puts each problem on its register row and field', () => {
    const check = checkProfileDraft({
      ...profile,
      registers: [flow, { ...flow, key: 'flow', address: 70000 }],
    });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.issues).toContainEqual({
        row: 1,
        field: 'address',
        message: expect.any(String) as string,
      });
    }
    const dup = checkProfileDraft({ ...profile, registers: [flow, { ...flow, address: 4200 }] });
    expect(dup.ok).toBe(false);
    if (!dup.ok) {
      expect(dup.issues).toEqual([{ row: 1, field: 'key', message: 'duplicate key "flow"' }]);
    }
    const id = checkProfileDraft({ ...profile, id: 'My Meter' });
    expect(id.ok).toBe(false);
    if (!id.ok) {
      expect(id.issues[0]).toMatchObject({ row: null, field: 'id' });
    }
  });

  it('warns when two registers of one table share a word, not across tables', () => {
    const total = { ...flow, key: 'total', address: 4113, type: 'uint32' as const };
    expect(overlapWarnings([flow, total])).toEqual([
      { row: 1, field: 'address', message: 'total overlaps flow' },
    ]);
    expect(overlapWarnings([flow, { ...total, functionCode: 4 as const }])).toEqual([]);
    expect(overlapWarnings([flow, { ...total, address: 4114 }])).toEqual([]);
  });

  it('adds a register after the last one with a fresh key', () => {
    const next = nextRegister([flow, { ...flow, key: 'reg3', address: 4120, type: 'uint16' }]);
    expect(next).toMatchObject({ key: 'reg4', address: 4121, functionCode: 3, type: 'uint16' });
    expect(nextRegister([])).toMatchObject({ key: 'reg1', address: 0 });
    expect(checkProfileDraft({ ...profile, registers: [flow, nextRegister([flow])] }).ok).toBe(true);
  });
});
