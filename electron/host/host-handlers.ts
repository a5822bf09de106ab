import { join } from 'node:path';
import type { HostEventSink, HostHandlers } from '#shared/host/dispatch';
import { createAppHandlers, type AppServiceDeps } from './app-service';
import { createUploadQueue, createUploadsHandlers, type UploadQueueDeps } from './upload-queue';
import { createChecklistsHandlers } from './checklists-service';
import type { PhotoLimits } from './photo-pipeline';
import { createPhotoStore } from './photo-store';
import { createPhotosHandlers } from './photos-service';
import { createReportsHandlers } from './reports-service';
import { createDiagnosticsService, type DiagnosticsServiceDeps } from './diagnostics-service';
import { createProfileStore } from './diagnostics-profiles';
import { rawListenDecoders, unavailableSzy206 } from './diagnostics-protocols';
import { createGnssService, type GnssServiceDeps } from './gnss-service';
import { createSecretsHandlers, type SecretStore } from './secret-store';
import { createSerialHandlers, type SerialServiceDeps } from './serial-service';
import { createTilesService, type TilesServiceDeps } from './tiles-service';

/** Everything the host services need from their shell; each shell builds this once at start. */
export type HostServiceDeps = {
  readonly app: AppServiceDeps;
  readonly serial: SerialServiceDeps;
  readonly secrets: SecretStore;
  /** Where the host pushes events (Electron: the app windows; web host: authenticated sockets). */
  readonly emit: HostEventSink;
  /** Per-user data folder of the host (photos, tiles, secrets, logs). */
  readonly dataDir: string;
  /** The app's `resources/` folder (checklists, meter profiles). */
  readonly resourcesDir: string;
  /** Prints report HTML to PDF (Electron: printToPDF; web shell: headless Chromium). */
  readonly renderPdf: (html: string) => Promise<Uint8Array>;
  readonly photoLimits?: PhotoLimits;
  readonly now?: () => number;
  /** Offline tiles; defaults: `<dataDir>/tiles`, the platform fetch. */
  readonly tiles?: Partial<Omit<TilesServiceDeps, 'emit'>>;
  /** The GNSS receiver's port opener (serialport in both shells). */
  readonly gnss: Pick<GnssServiceDeps, 'openLink'>;
  /** The diagnostics line's port opener (serialport with full line settings in both shells). */
  readonly diagnostics: Pick<DiagnosticsServiceDeps, 'openLink'> &
    Partial<Pick<DiagnosticsServiceDeps, 'szy206' | 'listen'>>;
  /** The upload queue's retry timer (tests pass their own). */
  readonly uploadTimer?: UploadQueueDeps['setTimer'];
};

/** The host's handlers, and how to let go of what they hold when the shell quits. */
export type HostServices = {
  readonly handlers: HostHandlers;
  /**
   * Releases every serial port (GNSS, diagnostics), stops the timers (upload retries, GNSS watchdog,
   * tile downloads) and closes the tile files. Each part is closed even when another fails.
   */
  readonly close: () => Promise<void>;
};

/** One handler per contract method; a method without a handler fails to compile here. */
export function createHostServices(deps: HostServiceDeps): HostServices {
  const photoStore = createPhotoStore(join(deps.dataDir, 'photos'));
  const uploads = createUploadQueue({
    file: join(deps.dataDir, 'uploads', 'queue.json'),
    photos: photoStore,
    token: () => deps.secrets.get('device-token'),
    fetch: (url, init) => fetch(url, init as RequestInit),
    now: Date.now,
    emit: (status) => deps.emit('uploads.changed', status),
    log: deps.app.log,
    ...(deps.uploadTimer ? { setTimer: deps.uploadTimer } : {}),
  });
  const now = deps.now ?? (() => Date.now());
  const { close: closeTiles, ...tiles } = createTilesService({
    dir: join(deps.dataDir, 'tiles'),
    fetch: (url, init) => fetch(url, init),
    ...deps.tiles,
    emit: deps.emit,
  });
  const { close: closeGnss, ...gnss } = createGnssService({ ...deps.gnss, emit: deps.emit });
  const { close: closeDiagnostics, ...diagnostics } = createDiagnosticsService({
    openLink: deps.diagnostics.openLink,
    emit: deps.emit,
    profiles: createProfileStore({
      builtinDir: join(deps.resourcesDir, 'meter-profiles'),
      userDir: join(deps.dataDir, 'meter-profiles'),
    }),
    logDir: join(deps.dataDir, 'diagnostics'),
    szy206: deps.diagnostics.szy206 ?? unavailableSzy206,
    listen: deps.diagnostics.listen ?? rawListenDecoders,
  });
  const handlers: HostHandlers = {
    ...createAppHandlers(deps.app),
    ...createSerialHandlers(deps.serial),
    ...tiles,
    ...gnss,
    ...createSecretsHandlers(deps.secrets),
    ...createUploadsHandlers(uploads),
    ...createPhotosHandlers({
      store: photoStore,
      now,
      ...(deps.photoLimits ? { limits: deps.photoLimits } : {}),
    }),
    ...createReportsHandlers({ renderPdf: deps.renderPdf, reportsDir: join(deps.dataDir, 'reports') }),
    ...createChecklistsHandlers({ dir: join(deps.resourcesDir, 'checklists') }),
    ...diagnostics,
  };
  const close = async (): Promise<void> => {
    uploads.stop();
    const parts = { tiles: closeTiles, gnss: closeGnss, diagnostics: closeDiagnostics };
    await Promise.all(
      Object.entries(parts).map(([name, closePart]) =>
        closePart().catch((error: unknown) =>
          deps.app.log(`closing ${name} failed: ${error instanceof Error ? error.message : String(error)}`),
        ),
      ),
    );
  };
  return { handlers, close };
}
