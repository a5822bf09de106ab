import { describe, expect, it } from 'vitest';
import { collectionNames, collections, validateRecord } from '../index';
import v0Session from './fixtures/diagnostic_sessions-v0.doc.json';
import v0SessionSchema from './fixtures/diagnostic_sessions-v0.schema.json';
import v1SessionSchema from './fixtures/diagnostic_sessions-v1.schema.json';
import v0Site from './fixtures/sites-v0.doc.json';
import v0SiteSchema from './fixtures/sites-v0.schema.json';
import v1SiteSchema from './fixtures/sites-v1.schema.json';
import v2SiteSchema from './fixtures/sites-v2.schema.json';
import { migrateDocument, migrationSteps } from './index';
import { migrateDiagnosticSessionV0ToV1 } from './diagnostic-sessions-v1';
import { migrateDiagnosticSessionV1ToV2 } from './diagnostic-sessions-v2';
import { migrateSiteV0ToV1 } from './sites-v1';
import { migrateSiteV1ToV2 } from './sites-v2';
import { migrateSiteV2ToV3 } from './sites-v3';

describe('schema migrations', () => {
  it('has exactly one step per version bump of every collection', () => {
    for (const name of collectionNames) {
      const steps = Object.keys(migrationSteps[name] ?? {})
        .map(Number)
        .sort((a, b) => a - b);
      const expected = Array.from({ length: collections[name].version }, (_, i) => i + 1);
      expect({ name, steps }).toEqual({ name, steps: expected });
    }
  });

  it('sites v0 → v1 adds allowedDelayMinutes = null and keeps every v0 field', () => {
    expect(v0SiteSchema.version).toBe(0);
    expect(Object.keys(v0SiteSchema.properties)).not.toContain('allowedDelayMinutes');
    const migrated = migrateSiteV0ToV1(v0Site);
    expect(migrated).toEqual({ ...v0Site, allowedDelayMinutes: null });
    // The fixture was valid under v0's own schema: every required v0 field is present.
    for (const field of v0SiteSchema.required) {
      expect(v0Site).toHaveProperty(field);
    }
  });

  it('sites v1 → v2 adds station = null and keeps every v1 field', () => {
    expect(v1SiteSchema.version).toBe(1);
    expect(Object.keys(v1SiteSchema.properties)).not.toContain('station');
    const v1Site = migrateSiteV0ToV1(v0Site);
    for (const field of v1SiteSchema.required) {
      expect(v1Site).toHaveProperty(field);
    }
    expect(migrateSiteV1ToV2(v1Site)).toEqual({ ...v1Site, station: null });
  });

  it('sites v2 → v3 adds instrumentRanges = [] and keeps every v2 field', () => {
    expect(v2SiteSchema.version).toBe(2);
    expect(Object.keys(v2SiteSchema.properties)).not.toContain('instrumentRanges');
    const v2Site = migrateSiteV1ToV2(migrateSiteV0ToV1(v0Site));
    for (const field of v2SiteSchema.required) {
      expect(v2Site).toHaveProperty(field);
    }
    expect(migrateSiteV2ToV3(v2Site)).toEqual({ ...v2Site, instrumentRanges: [] });
  });

  it('brings a v0 site up to the current schema', () => {
    const current = migrateDocument('sites', v0Site, 0, collections.sites.version);
    const parsed = validateRecord(collections.sites, current);
    expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
  });

  it('diagnostic_sessions v0 → v1 keeps a session as it was saved and it stays valid', () => {
    expect(v0SessionSchema.version).toBe(0);
    const verdict = v0SessionSchema.properties.verdicts.items as { properties: Record<string, unknown> };
    expect(Object.keys(verdict.properties)).not.toContain('code');
    expect(migrateDiagnosticSessionV0ToV1(v0Session)).toEqual(v0Session);
    const current = migrateDocument(
      'diagnostic_sessions',
      v0Session,
      0,
      collections.diagnostic_sessions.version,
    );
    const parsed = validateRecord(collections.diagnostic_sessions, current);
    expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
  });

  it('diagnostic_sessions v1 → v2 carries a session over as is (v2 only adds pollingRuns)', () => {
    expect(v1SessionSchema.version).toBe(1);
    expect(Object.keys(v1SessionSchema.properties)).not.toContain('pollingRuns');
    const v1 = migrateDiagnosticSessionV0ToV1(v0Session);
    for (const field of v1SessionSchema.required) {
      expect(v1).toHaveProperty(field);
    }
    expect(migrateDiagnosticSessionV1ToV2(v1)).toEqual(v1);
    const withRun = {
      ...v1,
      pollingRuns: [
        {
          name: '瞬时流量',
          source: 'modbus:em-converter-1010/flow',
          unit: 'm³/h',
          everyMs: 1000,
          durationMs: 60_000,
          startedAt: 1_700_000_000_000,
          endedAt: 1_700_000_003_000,
          count: 3,
          valid: 2,
          min: 1,
          max: 3,
          mean: 2,
          std: 1,
          keptEvery: 1,
          offsetsMs: [0, 1000, 2000],
          values: [1, null, 3],
        },
      ],
    };
    expect(validateRecord(collections.diagnostic_sessions, withRun).ok).toBe(true);
    const unbounded = { ...withRun.pollingRuns[0]!, values: new Array<number>(2001).fill(1) };
    expect(validateRecord(collections.diagnostic_sessions, { ...v1, pollingRuns: [unbounded] }).ok).toBe(
      false,
    );
  });

  it('refuses a version it has no step for', () => {
    expect(() => migrateDocument('permits', {}, 0, 1)).toThrow('permits: no migration step to version 1');
  });
});
