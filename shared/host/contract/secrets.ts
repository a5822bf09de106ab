import { z } from 'zod';
import { method } from './define';

/**
 * Secrets the host keeps for the renderer, by a closed list of names: the key that encrypts personal
 * fields of the local database, and the device token of the sync service. Electron keeps them with
 * the OS keychain (safeStorage); the web host in a file only the user can read.
 */
export const secretNames = ['database-key', 'device-token'] as const;
export type SecretName = (typeof secretNames)[number];

const name = z.enum(secretNames);

export const secretsMethods = {
  /** The secret's value, or null when none is stored. */
  'secrets.get': method<{ readonly value: string | null }>()(z.object({ name }).strict()),
  'secrets.set': method<{ readonly stored: true }>()(
    z.object({ name, value: z.string().min(1).max(8192) }).strict(),
  ),
  'secrets.delete': method<{ readonly deleted: boolean }>()(z.object({ name }).strict()),
  /**
   * The database key, created on first use (32 random bytes, base64url). Never leaves the host
   * except to the renderer that opens the database.
   */
  'secrets.databaseKey': method<{ readonly key: string; readonly created: boolean }>()(z.object({}).strict()),
};

export const secretsEvents = {};
