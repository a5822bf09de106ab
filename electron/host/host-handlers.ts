import type { HostEventSink, HostHandlers } from '../../shared/host/dispatch';
import { join } from 'node:path';
import { createAppHandlers, type AppServiceDeps } from './app-service';
import { createPhotoStore } from './photo-store';
import { createUploadQueue, createUploadsHandlers } from './upload-queue';
import { createSecretsHandlers, type SecretStore } from './secret-store';
import { createSerialHandlers, type SerialServiceDeps } from './serial-service';

/** Everything the host services need from their shell; each shell builds this once at start. */
export type HostServiceDeps = {
  readonly app: AppServiceDeps;
  readonly serial: SerialServiceDeps;
  readonly secrets: SecretStore;
  /** Where the host pushes events (Electron: the app windows; web host: authenticated sockets). */
  readonly emit: HostEventSink;
  /** Per-user data folder of the host (photos, tiles, secrets, logs). */
  readonly dataDir: string;
};

/** One handler per contract method; a method without a handler fails to compile here. */
export function createHostHandlers(deps: HostServiceDeps): HostHandlers {
  const uploads = createUploadQueue({
    file: join(deps.dataDir, 'uploads', 'queue.json'),
    photos: createPhotoStore(join(deps.dataDir, 'photos')),
    token: () => deps.secrets.get('device-token'),
    fetch: (url, init) => fetch(url, init as RequestInit),
    now: Date.now,
    emit: (status) => deps.emit('uploads.changed', status),
    log: deps.app.log,
  });
  return {
    ...createAppHandlers(deps.app),
    ...createSerialHandlers(deps.serial),
    ...createSecretsHandlers(deps.secrets),
    ...createUploadsHandlers(uploads),
  };
}
