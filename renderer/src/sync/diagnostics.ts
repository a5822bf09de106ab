import type { AppInfo } from '#shared/host/contract/index';
import type { SyncState } from './sync-store';

/**
 * The diagnostic bundle a crew sends when sync misbehaves: sync state, refusals, the photo queue and
 * the recent sync log — never the device token or any record's content.
 */
export function diagnosticBundle(state: SyncState, info: AppInfo | null, now: number, online: boolean) {
  return {
    kind: 'wrm-field sync diagnostics',
    generatedAt: new Date(now).toISOString(),
    online,
    app:
      info === null
        ? null
        : { version: info.version, shell: info.shell, platform: info.platform, arch: info.arch },
    phase: state.phase,
    service: state.settings?.serviceUrl ?? null,
    account:
      state.settings === null
        ? null
        : {
            username: state.settings.account.username,
            role: state.settings.account.role,
            scope: state.settings.account.scope,
            deviceId: state.settings.deviceId,
            deviceName: state.settings.deviceName,
            enrolledAt: state.settings.enrolledAt,
          },
    clockSkewMs: state.clockSkewMs,
    nextRetryAt: state.nextRetryAt,
    lastError: state.lastError,
    collections: state.collections,
    refusals: state.refusals,
    photoFiles: state.photoFiles,
    photos:
      state.photos === null
        ? null
        : { ...state.photos, items: state.photos.items.filter((i) => i.state !== 'done').slice(0, 200) },
    log: state.log,
  };
}
