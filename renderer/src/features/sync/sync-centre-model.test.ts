import { describe, expect, it } from 'vitest';
import { photoFilesStatus } from '../../sync/photo-queue-status';
import { initialSyncState, type SyncState } from '../../sync/sync-store';
import { syncRows, updateRequiredBanner } from './sync-centre-model';

const settings = {
  serviceUrl: 'http://svc',
  account: { id: 'a', username: 'tech', displayName: 'T', role: 'technician' as const, scope: '530621' },
  deviceId: 'd',
  deviceName: 'laptop',
  enrolledAt: 0,
};

function state(): SyncState {
  const s = { ...initialSyncState(settings), phase: 'idle' as const };
  const collections = Object.fromEntries(
    Object.entries(s.collections).map(([k, v]) => [k, { ...v, lastSyncAt: 1000 }]),
  ) as SyncState['collections'];
  return { ...s, collections };
}

describe('sync centre rows', () => {
  it('the reported defect: a row with refused records shows no "last successful sync"', () => {
    const s = state();
    const refused: SyncState = {
      ...s,
      collections: {
        ...s.collections,
        patrols: { ...s.collections.patrols, refused: 1, entries: [{ id: 'p', status: 'refused' }] },
      },
    };
    const rows = syncRows(refused);
    expect(rows.find((r) => r.key === 'patrols')).toMatchObject({
      refused: 1,
      lastSyncAt: null,
      lastSyncWithheld: true,
      entries: [{ id: 'p', status: 'refused' }],
    });
    expect(rows.find((r) => r.key === 'readings')).toMatchObject({
      lastSyncAt: 1000,
      lastSyncWithheld: false,
    });
  });

  it('a failed last request withholds the time too, and names its code', () => {
    const s = state();
    const rows = syncRows({
      ...s,
      collections: {
        ...s.collections,
        sites: { ...s.collections.sites, lastError: { code: 'unavailable', message: 'down', at: 5 } },
      },
    });
    expect(rows.find((r) => r.key === 'sites')).toMatchObject({
      lastSyncAt: null,
      lastSyncWithheld: true,
      errorCode: 'unavailable',
    });
  });

  it('the photo row: a photo whose record was refused is blocked, not 0 pending and 0 failed', () => {
    const s = state();
    const photos = {
      serviceUrl: 'http://svc',
      pending: 0,
      failed: 0,
      done: 1,
      lastSuccessAt: 900,
      nextRetryAt: null,
      items: [],
    };
    const photoFiles = photoFilesStatus(
      photos,
      [{ id: 'ph', storedSha256: 'e'.repeat(64), stored: false }],
      () => true,
    );
    const row = syncRows({ ...s, photos, photoFiles }).at(-1);
    expect(row).toMatchObject({
      key: 'photo-files',
      pending: 0,
      failed: 0,
      blocked: 1,
      lastSyncAt: null,
      lastSyncWithheld: true,
    });
    const fine = syncRows({ ...s, photos, photoFiles: photoFilesStatus(photos, [], () => false) }).at(-1);
    expect(fine).toMatchObject({ blocked: 0, lastSyncAt: 900, lastSyncWithheld: false, errorCode: null });
  });

  it('reads the code of a failed upload', () => {
    const s = state();
    const photos = {
      serviceUrl: 'http://svc',
      pending: 0,
      failed: 1,
      done: 0,
      lastSuccessAt: null,
      nextRetryAt: null,
      items: [
        {
          sha256: 'f'.repeat(64),
          bytes: 1,
          sent: 0,
          state: 'failed' as const,
          attempts: 2,
          lastError: 'rate-limited: slow down',
          nextRetryAt: null,
          doneAt: null,
        },
      ],
    };
    const photoFiles = photoFilesStatus(
      photos,
      [{ id: 'ph', storedSha256: 'f'.repeat(64), stored: true }],
      () => false,
    );
    expect(syncRows({ ...s, photos, photoFiles }).at(-1)).toMatchObject({
      failed: 1,
      errorCode: 'rate-limited',
    });
  });
});

describe('the update-required banner', () => {
  const update = { reason: 'app-too-old' as const, appVersion: '0.0.9', minAppVersion: '0.1.0' };

  it('shows while any collection last heard update-required, even after another collection synced', () => {
    expect(updateRequiredBanner(state())).toBeNull();
    const s = state();
    const refused = {
      ...s,
      lastError: null,
      collections: {
        ...s.collections,
        readings: {
          ...s.collections.readings,
          lastError: { code: 'update-required' as const, message: 'm', at: 1, update },
        },
      },
    };
    expect(updateRequiredBanner(refused)).toEqual(update);
  });

  it('says nothing for other errors', () => {
    expect(
      updateRequiredBanner({ ...state(), lastError: { code: 'unavailable', message: 'm', at: 1 } }),
    ).toBeNull();
  });
});
