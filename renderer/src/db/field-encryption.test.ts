import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import { decryptField, encryptField, FieldDecryptionError } from './field-encryption';
import { openAppDatabase } from './open-database';
import { rawRows, testKey, uniqueDbName } from './test-support';

// WebCrypto is Node's own here (the same API as Chromium's); IndexedDB is fake-indexeddb.
async function key(): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new Uint8Array(32).fill(7), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

describe('field encryption', () => {
  it('round-trips values, with a fresh IV each time', async () => {
    const k = await key();
    const a = await encryptField(k, 'water_users/wu-1/contactPhone', '13800000000');
    const b = await encryptField(k, 'water_users/wu-1/contactPhone', '13800000000');
    expect(a).toMatch(/^g1\./);
    expect(a).not.toBe(b);
    expect(await decryptField(k, 'water_users/wu-1/contactPhone', a)).toBe('13800000000');
    expect(
      await decryptField(
        k,
        'water_users/wu-1/contactName',
        await encryptField(k, 'water_users/wu-1/contactName', null),
      ),
    ).toBeNull();
  });

  it('refuses a value moved to another record or field, and a damaged one', async () => {
    const k = await key();
    const sealed = await encryptField(k, 'water_users/wu-1/contactPhone', '13800000000');
    await expect(decryptField(k, 'water_users/wu-2/contactPhone', sealed)).rejects.toThrow(
      FieldDecryptionError,
    );
    await expect(decryptField(k, 'water_users/wu-1/contactName', sealed)).rejects.toThrow(
      FieldDecryptionError,
    );
    const flipped = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expect(decryptField(k, 'water_users/wu-1/contactPhone', flipped)).rejects.toThrow(
      'cannot decrypt water_users/wu-1/contactPhone: wrong key or damaged data',
    );
  });

  it('stores only ciphertext for the personal fields of a water user', async () => {
    const name = uniqueDbName('enc');
    const opened = await openAppDatabase({ name, key: testKey, devMode: false });
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    await opened.value.collections.water_users.insert(sampleRecords.water_users as never);
    const [row] = (await rawRows(`rxdb-dexie-${name}--0--water_users`, 'docs')) as Record<string, unknown>[];
    expect(String(row?.['contactName'])).toMatch(/^g1\./);
    expect(String(row?.['contactPhone'])).toMatch(/^g1\./);
    const back = await opened.value.collections.water_users.findOne('wu-1').exec();
    expect([back?.contactName, back?.contactPhone]).toEqual(['张工', '13800000000']);
    await opened.value.close();
  });
});
