import { addRxPlugin, createRxDatabase } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { describe, expect, it } from 'vitest';
import { sampleRecords } from './fixtures';
import {
  collectionNames,
  collections,
  migrationStrategiesFor,
  toRxJsonSchema,
  validateRecord,
  type CollectionSpec,
} from './index';

// RxDB's dev-mode checks each derived schema the way the device database will load it.
disableWarnings();
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

describe('collection registry', () => {
  it('derives a valid RxDB schema for every collection and stores its sample record', async () => {
    const db = await createRxDatabase({
      name: `schemas${Date.now()}`,
      storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
      password: 'test-password-long-enough',
      ignoreDuplicate: true,
    });
    try {
      await db.addCollections(
        Object.fromEntries(
          collectionNames.map((name) => {
            const schema = { ...toRxJsonSchema(collections[name]), encrypted: [] };
            return [name, { schema: schema as never, migrationStrategies: migrationStrategiesFor(name) }];
          }),
        ),
      );
      for (const name of collectionNames) {
        const parsed = validateRecord(collections[name] as CollectionSpec, sampleRecords[name]);
        expect(parsed.ok, `${name}: ${parsed.ok ? '' : parsed.message}`).toBe(true);
        await db.collections[name]!.insert(sampleRecords[name]);
        expect(await db.collections[name]!.count().exec()).toBe(1);
      }
      // The device validator refuses what the zod schema refuses.
      await expect(
        db.collections['sites']!.insert({ ...sampleRecords.sites, id: 'site-2', divisionCode: '53038' }),
      ).rejects.toThrow();
    } finally {
      await db.remove();
    }
  });

  it('names the field and the rule of an invalid record', () => {
    const result = validateRecord(collections.sites, {
      ...sampleRecords.sites,
      divisionCode: '5303',
      position: { lat: 99, lng: 104 },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain('sites: ');
      expect(result.message).toContain('divisionCode: must be a 6-digit GB/T 2260 division code');
      expect(result.message).toContain('position.lat');
    }
  });

  it('marks append-only and server-authoritative collections', () => {
    expect(collections.fault_events.kind).toBe('event');
    expect(collections.sites.kind).toBe('reference');
    expect(collections.water_users.encrypted).toEqual(['contactName', 'contactPhone']);
  });
});
