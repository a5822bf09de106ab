import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretName } from '#shared/host/contract/index';
import type { HostHandlers } from '#shared/host/dispatch';
import { CodedError } from '#shared/result';

/** How secret values are sealed at rest: Electron's safeStorage, or the web host's user-only file. */
export type SecretCipher = {
  readonly kind: 'os-keychain' | 'user-only-file';
  readonly seal: (plain: string) => string;
  readonly open: (sealed: string) => string;
};

/** Electron: values sealed by safeStorage (DPAPI / Keychain / libsecret), passed in from main. */
export function safeStorageCipher(safeStorage: {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new CodedError('unavailable', 'the OS keychain is not available to seal secrets');
  }
  return {
    kind: 'os-keychain',
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}

/** Web host: the file itself is the protection (mode 0600 in a user-only folder). */
export const userOnlyFileCipher: SecretCipher = { kind: 'user-only-file', seal: (p) => p, open: (s) => s };

type SecretFile = {
  readonly version: 1;
  readonly kind: SecretCipher['kind'];
  readonly values: Partial<Record<SecretName, string>>;
};

/**
 * A small secret store in one JSON file, written atomically (temp file + rename) with mode 0600 so a
 * crash never leaves it half-written and other users cannot read it.
 */
export function createSecretStore(path: string, cipher: SecretCipher) {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  async function load(): Promise<SecretFile> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { version: 1, kind: cipher.kind, values: {} };
      }
      throw new CodedError('io', `cannot read the secret store: ${(error as Error).message}`);
    }
    try {
      const parsed = JSON.parse(text) as SecretFile;
      if (parsed.version !== 1 || typeof parsed.values !== 'object') {
        throw new Error('unknown format');
      }
      return parsed;
    } catch (error) {
      // Never silently reset: a damaged store would lose the database key.
      throw new CodedError(
        'io',
        `the secret store at ${path} is damaged (${(error as Error).message}); it was left untouched`,
      );
    }
  }

  async function save(file: SecretFile): Promise<void> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(file), { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, path);
  }

  const get = async (name: SecretName): Promise<string | null> => {
    const sealed = (await load()).values[name];
    return sealed === undefined ? null : cipher.open(sealed);
  };

  return {
    get: (name: SecretName) => serial(() => get(name)),
    set: (name: SecretName, value: string) =>
      serial(async () => {
        const file = await load();
        await save({ ...file, values: { ...file.values, [name]: cipher.seal(value) } });
      }),
    delete: (name: SecretName) =>
      serial(async () => {
        const file = await load();
        if (file.values[name] === undefined) {
          return false;
        }
        const values = { ...file.values };
        delete values[name];
        await save({ ...file, values });
        return true;
      }),
    databaseKey: () =>
      serial(async () => {
        const existing = await get('database-key');
        if (existing !== null) {
          return { key: existing, created: false };
        }
        const key = randomBytes(32).toString('base64url');
        const file = await load();
        await save({ ...file, values: { ...file.values, 'database-key': cipher.seal(key) } });
        return { key, created: true };
      }),
  };
}

export type SecretStore = ReturnType<typeof createSecretStore>;

export function createSecretsHandlers(
  store: SecretStore,
): Pick<HostHandlers, 'secrets.get' | 'secrets.set' | 'secrets.delete' | 'secrets.databaseKey'> {
  return {
    'secrets.get': async ({ name }) => ({ value: await store.get(name) }),
    'secrets.set': async ({ name, value }) => {
      await store.set(name, value);
      return { stored: true };
    },
    'secrets.delete': async ({ name }) => ({ deleted: await store.delete(name) }),
    'secrets.databaseKey': () => store.databaseKey(),
  };
}
