import { getPrimaryFieldOfPrimaryKey, wrapRxStorageInstance, type RxJsonSchema } from 'rxdb';
import type { AnyRxStorage } from './storage-types';

/**
 * Encrypts each schema's `encrypted` fields at rest with AES-256-GCM (WebCrypto), under a key derived
 * by HKDF from the host's database key (RxDB's `password`). The ciphertext is bound to collection,
 * document id and field (GCM additional data), so a value cannot be moved to another record unnoticed.
 *
 * Why not RxDB's encryption-crypto-js plugin: it runs a password-based key derivation in JavaScript
 * for every value, about 1 ms per field on this hardware — a water-user list of a province took
 * seconds to read (docs/benchmarks.md). Native AES-GCM does the same work in microseconds and also
 * authenticates it. Stored format per field: `g1.` + base64(iv ‖ ciphertext ‖ tag).
 */
const prefix = 'g1.';
const info = new TextEncoder().encode('wrm-field/database-fields/v1');
const keys = new Map<string, Promise<CryptoKey>>();

function fieldKey(password: string): Promise<CryptoKey> {
  let key = keys.get(password);
  if (key === undefined) {
    key = crypto.subtle
      .importKey('raw', new TextEncoder().encode(password), 'HKDF', false, ['deriveKey'])
      .then((base) =>
        crypto.subtle.deriveKey(
          // A fixed salt is fine: the input is a random 256-bit key, not a human password.
          { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info },
          base,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        ),
      );
    keys.set(password, key);
  }
  return key;
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i += 1) {
    out[i] = raw.charCodeAt(i);
  }
  return out;
}

export class FieldDecryptionError extends Error {
  constructor(where: string) {
    super(`cannot decrypt ${where}: wrong key or damaged data`);
    this.name = 'FieldDecryptionError';
  }
}

export async function encryptField(key: CryptoKey, where: string, value: unknown): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(where) },
      key,
      plain,
    ),
  );
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv);
  out.set(sealed, iv.length);
  return prefix + toBase64(out);
}

export async function decryptField(key: CryptoKey, where: string, stored: unknown): Promise<unknown> {
  if (typeof stored !== 'string' || !stored.startsWith(prefix)) {
    throw new FieldDecryptionError(where);
  }
  try {
    const bytes = fromBase64(stored.slice(prefix.length));
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: new TextEncoder().encode(where) },
      key,
      bytes.subarray(12),
    );
    return JSON.parse(new TextDecoder().decode(plain)) as unknown;
  } catch {
    throw new FieldDecryptionError(where);
  }
}

/**
 * The plaintext of values this instance sealed last, by place and ciphertext: RxDB reads back every
 * document it writes (its change events go through the storage wrapper), and a province load would
 * otherwise decrypt each personal field right after encrypting it. A hit needs the exact ciphertext
 * (random IV) at the exact place, which only the write that produced it has; anything else is
 * decrypted and authenticated as before. Bounded; values are kept as JSON and parsed on each hit.
 */
class SealedValues {
  private readonly entries = new Map<string, string>();
  constructor(private readonly limit = 4096) {}
  remember(where: string, stored: string, value: unknown): void {
    if (this.entries.size >= this.limit) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) {
        this.entries.delete(oldest.value);
      }
    }
    this.entries.set(`${where}\n${stored}`, JSON.stringify(value));
  }
  recall(where: string, stored: unknown): Promise<unknown> | undefined {
    const json = typeof stored === 'string' ? this.entries.get(`${where}\n${stored}`) : undefined;
    return json === undefined ? undefined : Promise.resolve(JSON.parse(json) as unknown);
  }
}

/** Storage wrapper: encrypts `schema.encrypted` (top-level fields) with the database's password. */
export function wrappedFieldEncryptionStorage(args: { readonly storage: AnyRxStorage }): AnyRxStorage {
  return {
    ...args.storage,
    async createStorageInstance(params) {
      const schema = params.schema as RxJsonSchema<Record<string, unknown>>;
      const fields = schema.encrypted ?? [];
      if (fields.length === 0) {
        return args.storage.createStorageInstance(params);
      }
      if (typeof params.password !== 'string' || params.password.length < 16) {
        throw new Error(`${params.collectionName}: encrypted fields need the database key`);
      }
      if (fields.some((f) => f.includes('.')) || schema.attachments?.encrypted) {
        throw new Error(`${params.collectionName}: only top-level fields can be encrypted`);
      }
      const key = await fieldKey(params.password);
      const inner: RxJsonSchema<Record<string, unknown>> = {
        ...schema,
        properties: { ...schema.properties },
      };
      delete inner.encrypted;
      for (const f of fields) {
        (inner.properties as Record<string, unknown>)[f] = { type: 'string' };
      }
      const instance = await args.storage.createStorageInstance({ ...params, schema: inner });
      const primary = getPrimaryFieldOfPrimaryKey(schema.primaryKey);
      const where = (doc: Record<string, unknown>, field: string) =>
        `${params.collectionName}/${String(doc[primary])}/${field}`;
      const sealed = new SealedValues();
      const seal = async (k: CryptoKey, at: string, value: unknown) => {
        const stored = await encryptField(k, at, value);
        sealed.remember(at, stored, value);
        return stored;
      };
      const open = (k: CryptoKey, at: string, stored: unknown) =>
        sealed.recall(at, stored) ?? decryptField(k, at, stored);
      const transform =
        (op: (key: CryptoKey, where: string, value: unknown) => Promise<unknown>) =>
        async (doc: Record<string, unknown>) => {
          const out = { ...doc };
          const present = fields.filter((f) => out[f] !== undefined);
          // The fields of one document at once: each is a round trip to WebCrypto.
          const values = await Promise.all(present.map((f) => op(key, where(doc, f), out[f])));
          present.forEach((f, i) => {
            out[f] = values[i];
          });
          return out;
        };
      // RxDB's helper types the modifiers over its document type; ours are over plain records.
      return wrapRxStorageInstance(
        params.schema,
        instance as never,
        transform(seal) as never,
        transform(open) as never,
      );
    },
  };
}
