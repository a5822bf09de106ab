import { describe, expect, it } from 'vitest';
import { collectionNames, collections, validateRecord } from '../index';
import v0Site from './fixtures/sites-v0.doc.json';
import v0SiteSchema from './fixtures/sites-v0.schema.json';
import { migrateDocument, migrationSteps } from './index';
import { migrateSiteV0ToV1 } from './sites-v1';

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

  it('brings a v0 site up to the current schema', () => {
    const current = migrateDocument('sites', v0Site, 0, collections.sites.version);
    const parsed = validateRecord(collections.sites, current);
    expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
  });

  it('refuses a version it has no step for', () => {
    expect(() => migrateDocument('permits', {}, 0, 1)).toThrow('permits: no migration step to version 1');
  });
});
