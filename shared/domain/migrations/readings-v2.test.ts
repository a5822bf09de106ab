import { describe, expect, it } from 'vitest';
import { collections, validateRecord } from '../index';
import { migrateDocumentDown } from './down';
import v0Reading from './fixtures/readings-v0.doc.json';
import v1Reading from './fixtures/readings-v1.doc.json';
import v1ReadingSchema from './fixtures/readings-v1.schema.json';
import { migrateDocument } from './index';
import { migrateReadingV1ToV2 } from './readings-v2';

const swap = {
  role: 'meter',
  oldEquipmentId: 'eq-1',
  oldSerial: 'A-100',
  oldFinal: 106_480.5,
  oldFinalPhotoId: 'ph-old',
  newSerial: 'B-200',
  newModel: 'LDG-80',
  newInitialPhotoId: 'ph-new',
  faultId: 'fault-1',
  correctionId: 'cr-1',
};

// Meter and RTU swaps (readings v2): the step up on a fixture saved under v1's own schema, and down for
// an app that still stores v1.
describe('readings v1 → v2', () => {
  it('v1 had no swap; the fixture is a whole v1 reading', () => {
    expect(v1ReadingSchema.version).toBe(1);
    expect(Object.keys(v1ReadingSchema.properties)).not.toContain('swap');
    for (const field of v1ReadingSchema.required) {
      expect(v1Reading).toHaveProperty(field);
    }
  });

  it('a v1 reading is no swap: swap = null, every v1 field kept, valid now', () => {
    const v2 = migrateReadingV1ToV2(v1Reading);
    expect(v2).toEqual({ ...v1Reading, swap: null });
    const parsed = validateRecord(collections.readings, v2);
    expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
  });

  it('a v0 reading comes up to the current schema', () => {
    const current = migrateDocument('readings', v0Reading, 0, collections.readings.version);
    expect(current).toEqual({ ...v0Reading, withdrawn: false, swap: null });
  });

  it('a swap is a valid reading now, and its nested patterns are flat', () => {
    const parsed = validateRecord(collections.readings, { ...v1Reading, value: 2, swap });
    expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
    const refused = validateRecord(collections.readings, { ...v1Reading, swap: { ...swap, newSerial: '' } });
    expect(refused.ok).toBe(false);
  });

  it('down: a plain reading loses only `swap`; a swap is read by a v1 app as the new meter’s reading with a note', () => {
    expect(migrateDocumentDown('readings', { ...v1Reading, swap: null }, 2, 1)).toEqual(v1Reading);
    const down = migrateDocumentDown('readings', { ...v1Reading, value: 2, note: '表头进水', swap }, 2, 1);
    expect(down).not.toHaveProperty('swap');
    expect(down).toMatchObject({ value: 2, element: 'volume' });
    expect(down?.['note']).toBe('换表：旧 A-100 止码 106480.5，新 B-200 起码 2；表头进水');
    const rtu = migrateDocumentDown(
      'readings',
      { ...v1Reading, value: 0, swap: { ...swap, role: 'rtu', oldSerial: null } },
      2,
      1,
    );
    expect(rtu?.['note']).toBe('更换遥测终端：止码 106480.5，新 B-200 起码 0');
    const parsed = validateRecord(collections.readings, down);
    expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
  });
});
