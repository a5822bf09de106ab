import { describe, expect, it } from 'vitest';
import { collections, validateRecord, type DivisionCode, type Equipment } from '../domain/index';
import { sampleRecords } from '../domain/fixtures';
import { counterSwapsOf } from '../verdicts/counter-swap';
import { demoPolicy } from '../verdicts/policy';
import type { Author } from './author';
import { buildCounterSwap, type SwapInput } from './counter-swap';
import { compareWithPlatform } from './readings';

const at = Date.UTC(2026, 10, 20, 2); // 2026-11-20 10:00 Beijing
let n = 0;
const author: Author = { deviceId: 'dev-1', operatorId: 'tech-1', now: () => at, newId: () => `id-${++n}` };
const meter = sampleRecords.equipment as Equipment;

const input: SwapInput = {
  site: { id: 'site-1', divisionCode: '530381' as DivisionCode },
  role: 'meter',
  oldEquipment: { id: meter.id, serialNumber: 'A-100', model: 'LDG-50', installedOn: '2019-05-01' },
  element: 'volume',
  unit: 'm³',
  oldFinal: 106_480.5,
  newInitial: 0.2,
  newSerial: ' B-200 ',
  newModel: 'LDG-80',
  oldFinalPhotoId: 'ph-old',
  newInitialPhotoId: 'ph-new',
  faultId: 'fault-1',
  patrolId: null,
  reason: '表头进水，计数停止',
  lastReading: { time: at - 3_600_000, value: 106_470 },
};

describe('a swap built from the form', () => {
  it('is one valid swap reading and a proposal per registry field that changes', () => {
    const r = buildCounterSwap(input, demoPolicy, author);
    expect(r.ok).toBe(true);
    if (!r.ok) {
      return;
    }
    const { reading, corrections } = r.value;
    expect(validateRecord(collections.readings, reading).ok).toBe(true);
    for (const c of corrections) {
      const v = validateRecord(collections.corrections, c);
      expect(v.ok, v.ok ? '' : v.message).toBe(true);
    }
    expect(corrections.map((c) => [c.targetCollection, c.targetId, c.field, c.proposedValueJson])).toEqual([
      ['equipment', meter.id, 'serialNumber', '"B-200"'],
      ['equipment', meter.id, 'model', '"LDG-80"'],
      ['equipment', meter.id, 'installedOn', '"2026-11-20"'],
    ]);
    expect(reading).toMatchObject({
      element: 'volume',
      value: 0.2,
      takenAt: at,
      equipmentId: meter.id,
      swap: { oldFinal: 106_480.5, oldSerial: 'A-100', newSerial: 'B-200', faultId: 'fault-1' },
    });
    expect(reading.swap?.correctionId).toBe(corrections[0]?.id);
    expect(counterSwapsOf([reading])).toEqual([
      { id: reading.id, element: 'volume', at, oldFinal: 106_480.5, newInitial: 0.2 },
    ]);
  });

  it('converts a reading typed in 万m³ to m³', () => {
    const r = buildCounterSwap(
      { ...input, unit: '万m³', oldFinal: 10.64805, newInitial: 0 },
      demoPolicy,
      author,
    );
    expect(r.ok && [r.value.reading.swap?.oldFinal, r.value.reading.value, r.value.reading.unit]).toEqual([
      106_480.5,
      0,
      'm³',
    ]);
  });

  it('without a registry instrument it proposes nothing and still records the swap', () => {
    const r = buildCounterSwap({ ...input, oldEquipment: null }, demoPolicy, author);
    expect(r.ok && [r.value.corrections.length, r.value.reading.swap?.correctionId]).toEqual([0, null]);
  });

  it('refuses what the form lacks or what cannot be a swap, naming it', () => {
    const refusal = (over: Partial<SwapInput>) => {
      const r = buildCounterSwap({ ...input, ...over }, demoPolicy, author);
      return r.ok ? null : r.error.code;
    };
    expect(refusal({ newInitialPhotoId: null })).toBe('photo-required');
    expect(refusal({ newSerial: '  ' })).toBe('serial-required');
    expect(refusal({ reason: '' })).toBe('reason-required');
    expect(refusal({ unit: 'kWh' })).toBe('bad-unit');
    expect(refusal({ newInitial: -1 })).toBe('initial-not-a-counter');
    expect(refusal({ oldFinal: 106_000 })).toBe('old-final-below-last-reading');
    expect(refusal({ newSerial: 'A-100' })).toBe('new-serial-same-as-old');
  });
});

describe('reconciliation with the platform across a swap', () => {
  const platform = { element: 'volume', value: 106_470, unit: 'm³', at: at - 3_600_000 };
  it('a new meter read after the swap is not "below the platform" when the platform still has the old one', () => {
    const reading = { element: 'volume', value: 0.7, takenAt: at + 1_800_000 };
    expect(compareWithPlatform(reading, platform).flags.map((f) => f.rule)).toContain('cumulative-decrease');
    const swaps = [{ id: 's', element: 'volume', at, oldFinal: 106_480.5, newInitial: 0.2 }];
    const judged = compareWithPlatform(reading, platform, swaps);
    expect(judged.flags).toEqual([]);
    expect(judged.difference).toBeCloseTo(11);
    expect(
      compareWithPlatform(reading, platform, [{ ...swaps[0]!, oldFinal: 106_460 }]).flags.map((f) => f.rule),
    ).toEqual(['cumulative-decrease']);
  });
});
