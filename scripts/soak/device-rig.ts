// A field laptop for integration tests: the host's real secret store, photo store and upload queue
// behind the host contract, the renderer's device database and its sync controller — wired as the
// app wires them, with the transports the test chooses (to count or cut requests).
import 'fake-indexeddb/auto';
import { join } from 'node:path';
import type { HostClient } from '#shared/host/client';
import type { HostEvent } from '#shared/host/contract/index';
import { dispatchHostCall } from '#shared/host/dispatch';
import { testHandlers } from '#shared/host/test-handlers';
import type { HttpFetch } from '#shared/sync/index';
import { createPhotoStore } from '../../electron/host/photo-store';
import {
  createSecretsHandlers,
  createSecretStore,
  userOnlyFileCipher,
} from '../../electron/host/secret-store';
import { createUploadQueue, createUploadsHandlers } from '../../electron/host/upload-queue';
import { openAppDatabase } from '../../renderer/src/db/open-database';
import { testKey, uniqueDbName } from '../../renderer/src/db/test-support';
import { createSyncController } from '../../renderer/src/sync/controller';

export function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key: string) => map.get(key) ?? null,
    key: (index: number) => [...map.keys()][index] ?? null,
    removeItem: (key: string) => void map.delete(key),
    setItem: (key: string, value: string) => void map.set(key, String(value)),
  };
}

export type DeviceRigOptions = {
  /** A folder of the test's own: the host keeps its secrets, photos and upload queue there. */
  readonly dir: string;
  /** The host's transport (photo uploads). */
  readonly hostFetch: HttpFetch;
  /** The renderer's transport (replication). */
  readonly deviceFetch: HttpFetch;
  /** Replication identifier prefix (several rigs in one process). */
  readonly instance: string;
  /** Photo upload chunk size (small, so cuts land between chunks). */
  readonly chunkBytes?: number;
};

export async function openDeviceRig(options: DeviceRigOptions) {
  const closers: (() => Promise<void> | void)[] = [];
  const secrets = createSecretStore(join(options.dir, 'host', 'secrets.json'), userOnlyFileCipher);
  const photoStore = createPhotoStore(join(options.dir, 'host', 'photos'));
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = (event: HostEvent, payload: unknown) =>
    listeners.get(event)?.forEach((listener) => listener(payload));
  const queue = createUploadQueue({
    file: join(options.dir, 'host', 'uploads', 'queue.json'),
    photos: photoStore,
    token: () => secrets.get('device-token'),
    fetch: options.hostFetch,
    now: Date.now,
    emit: (status) => emit('uploads.changed', status),
    log: () => undefined,
    ...(options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes }),
  });
  closers.unshift(async () => {
    queue.stop();
    await queue.idle();
  });
  const handlers = testHandlers({ ...createSecretsHandlers(secrets), ...createUploadsHandlers(queue) });
  const host: HostClient = {
    call: (method, args) => dispatchHostCall(handlers, method, args, { transport: 'ipc' }) as never,
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => void set.delete(listener as (payload: unknown) => void);
    },
  };
  const opened = await openAppDatabase({
    name: uniqueDbName(options.instance),
    key: testKey,
    devMode: false,
  });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  const device = opened.value;
  closers.unshift(() => device.close().then(() => undefined));
  const controller = createSyncController({
    db: device,
    host,
    fetch: options.deviceFetch,
    streamFetch: (url, init) => fetch(url, init),
    storage: memoryStorage(),
    now: Date.now,
    isOnline: () => true,
    instance: options.instance,
  });
  closers.unshift(() => controller.stop());
  return {
    host,
    device,
    controller,
    photoStore,
    queue,
    /** Stops the controller, closes the database, drains the queue (in that order). */
    close: async () => {
      for (const close of closers) {
        await close();
      }
    },
  };
}
