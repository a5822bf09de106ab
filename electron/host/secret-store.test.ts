import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretStore, userOnlyFileCipher, type SecretCipher } from './secret-store';

async function freshPath() {
  return join(await mkdtemp(join(tmpdir(), 'wrm-secrets-')), 'nested', 'secrets.json');
}

describe('secret store', () => {
  it('keeps values in a file only the user can read', async () => {
    const path = await freshPath();
    const store = createSecretStore(path, userOnlyFileCipher);
    expect(await store.get('device-token')).toBeNull();
    await store.set('device-token', 'tok-123');
    expect(await store.get('device-token')).toBe('tok-123');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await store.delete('device-token')).toBe(true);
    expect(await store.delete('device-token')).toBe(false);
    expect(await store.get('device-token')).toBeNull();
  });

  it('creates the database key once and returns the same key afterwards, also after a restart', async () => {
    const path = await freshPath();
    const first = await createSecretStore(path, userOnlyFileCipher).databaseKey();
    expect(first.created).toBe(true);
    expect(first.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await createSecretStore(path, userOnlyFileCipher).databaseKey();
    expect(again).toEqual({ key: first.key, created: false });
  });

  it('concurrent first calls agree on one key', async () => {
    const store = createSecretStore(await freshPath(), userOnlyFileCipher);
    const keys = await Promise.all([store.databaseKey(), store.databaseKey(), store.databaseKey()]);
    expect(new Set(keys.map((k) => k.key)).size).toBe(1);
  });

  it('seals values with the given cipher (the OS keychain in Electron)', async () => {
    // A reversible stand-in for safeStorage, which needs the Electron binary.
    const rot: SecretCipher = {
      kind: 'os-keychain',
      seal: (p) => `sealed:${Buffer.from(p).toString('hex')}`,
      open: (s) => Buffer.from(s.slice(7), 'hex').toString(),
    };
    const path = await freshPath();
    const store = createSecretStore(path, rot);
    await store.set('device-token', 'plain-token');
    expect(await readFile(path, 'utf8')).not.toContain('plain-token');
    expect(await store.get('device-token')).toBe('plain-token');
  });

  it('reports a damaged store and leaves it untouched instead of resetting it', async () => {
    const path = await freshPath();
    const store = createSecretStore(path, userOnlyFileCipher);
    await store.databaseKey();
    await writeFile(path, '{"version":1,"values":{"database-key":"x"');
    await expect(store.databaseKey()).rejects.toMatchObject({ code: 'io' });
    expect(await readFile(path, 'utf8')).toBe('{"version":1,"values":{"database-key":"x"');
  });
});
