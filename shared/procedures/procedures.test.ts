import { describe, expect, it } from 'vitest';
import { demoPolicy, provincePolicySchema } from '../verdicts/policy';
import { demoProcedures } from './demo-procedures';
import { proceduresFor, proceduresSchema, type Procedure } from './procedures';

const ids = (list: readonly Procedure[]) => list.map((p) => p.id);

describe('operating procedures', () => {
  it('the demo procedures are valid, every one marked demo, each kind present', () => {
    expect(proceduresSchema.safeParse(demoProcedures).success).toBe(true);
    expect(demoProcedures.every((p) => p.demo)).toBe(true);
    expect(new Set(demoProcedures.map((p) => p.kind))).toEqual(new Set(['daily', 'fault', 'emergency']));
  });

  it('a checklist item opens the procedures naming it for the site’s kind, its own model’s first', () => {
    const rtu206 = { siteKind: 'intake' as const, models: ['EMF-100', 'rtu-206'] };
    expect(ids(proceduresFor(demoProcedures, { ...rtu206, itemId: 'rtu-clock' }))).toEqual([
      'daily-rtu-clock',
    ]);
    // Another RTU model: its clock procedure does not apply.
    expect(
      ids(proceduresFor(demoProcedures, { siteKind: 'intake', models: ['WR-427'], itemId: 'rtu-clock' })),
    ).toEqual([]);
    expect(ids(proceduresFor(demoProcedures, { ...rtu206, itemId: 'seal-intact' }))).toEqual([
      'daily-intake',
      'fault-metering',
    ]);
    // A water-quality station's checklist item does not open an intake point's procedures.
    expect(
      ids(proceduresFor(demoProcedures, { siteKind: 'source_quality', models: [], itemId: 'seal-intact' })),
    ).toEqual([]);
  });

  it('a fault opens the fault-handling procedures of its category and the emergency ones, never a daily one', () => {
    expect(
      ids(
        proceduresFor(demoProcedures, {
          siteKind: 'boundary_section',
          models: [],
          faultCategory: 'communication',
        }),
      ),
    ).toEqual(['fault-communication', 'emergency']);
    expect(
      ids(
        proceduresFor(demoProcedures, {
          siteKind: 'source_quality',
          models: ['WQ-9'],
          faultCategory: 'analyser',
        }),
      ),
    ).toEqual(['fault-analyser', 'emergency']);
    expect(
      ids(proceduresFor(demoProcedures, { siteKind: 'intake', models: [], faultCategory: null })),
    ).toEqual(['emergency']);
  });

  it('a policy stored before procedures existed reads the demo ones; a repeated id is refused by name', () => {
    const { procedures: _dropped, ...older } = demoPolicy;
    expect(provincePolicySchema.parse(older).procedures).toEqual(demoProcedures);
    const twice = proceduresSchema.safeParse([demoProcedures[0], demoProcedures[0]]);
    expect(twice.success).toBe(false);
    expect(JSON.stringify(twice.error?.issues)).toContain('daily-intake is used twice');
  });
});
