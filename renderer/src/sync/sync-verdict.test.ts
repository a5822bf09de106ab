import { describe, expect, it } from 'vitest';
import { photoFilesStatus } from './photo-queue-status';
import type { Refusal } from './refusal-store';
import {
  initialSyncState,
  pendingTotal,
  statusBarCounts,
  type SyncSettings,
  type SyncState,
} from './sync-store';
import { shownLastSync, syncVerdict } from './sync-verdict';

const settings: SyncSettings = {
  serviceUrl: 'http://svc',
  account: { id: 'a', username: 'tech', displayName: 'T', role: 'technician', scope: '530621' },
  deviceId: 'd',
  deviceName: 'laptop',
  enrolledAt: 0,
};

function idle(): SyncState {
  return { ...initialSyncState(settings), phase: 'idle' };
}

function withPatrols(state: SyncState, patch: Partial<SyncState['collections']['patrols']>): SyncState {
  return {
    ...state,
    collections: { ...state.collections, patrols: { ...state.collections.patrols, ...patch } },
  };
}

const refusal: Refusal = {
  collection: 'patrols',
  id: 'pt-1',
  code: 'forbidden',
  message: '',
  params: {},
  firstRefusedAt: 0,
  refusedAt: 0,
  times: 1,
  exportedAt: null,
};

describe('sync verdict', () => {
  it('is green only when nothing is pending, sent, refused or failed', () => {
    expect(syncVerdict(idle())).toEqual({ key: 'phase.idle', params: {}, tone: 'success' });
    expect(syncVerdict(withPatrols(idle(), { pending: 2 }))).toEqual({
      key: 'verdict.waiting',
      params: { count: 2 },
      tone: 'processing',
    });
    expect(syncVerdict(withPatrols(idle(), { sent: 1 })).tone).toBe('processing');
    expect(syncVerdict(withPatrols(idle(), { inReview: 1 })).tone).toBe('success');
  });

  it('the reported defect: every request answered (idle) but 15 records refused is red, not 已同步', () => {
    const state = { ...withPatrols(idle(), { refused: 15 }), refusals: Array(15).fill(refusal) as Refusal[] };
    expect(syncVerdict(state)).toEqual({ key: 'verdict.refused', params: { count: 15 }, tone: 'error' });
    // Offline does not hide them.
    expect(syncVerdict({ ...state, phase: 'offline' }).key).toBe('verdict.refused');
  });

  it('a photo whose record was refused keeps the header red', () => {
    const photoFiles = photoFilesStatus(
      null,
      [{ id: 'ph-1', storedSha256: 'a'.repeat(64), stored: true }],
      () => true,
    );
    expect(syncVerdict({ ...idle(), photoFiles })).toMatchObject({ tone: 'error', params: { count: 1 } });
    const failedUpload = photoFilesStatus(
      {
        serviceUrl: 'http://svc',
        pending: 0,
        failed: 1,
        done: 0,
        lastSuccessAt: 5,
        nextRetryAt: null,
        items: [
          {
            sha256: 'a'.repeat(64),
            bytes: 1,
            sent: 0,
            state: 'failed',
            attempts: 3,
            lastError: 'x',
            nextRetryAt: null,
            doneAt: null,
          },
        ],
      },
      [{ id: 'ph-1', storedSha256: 'a'.repeat(64), stored: true }],
      () => false,
    );
    expect(syncVerdict({ ...idle(), photoFiles: failedUpload }).tone).toBe('processing');
  });

  it('orders the other states: not enrolled, revoked, offline, error, connecting', () => {
    expect(syncVerdict(initialSyncState(null)).key).toBe('phase.not-enrolled');
    expect(syncVerdict({ ...idle(), phase: 'revoked' })).toMatchObject({
      tone: 'error',
      key: 'phase.revoked',
    });
    expect(syncVerdict(withPatrols({ ...idle(), phase: 'offline' }, { pending: 1 })).key).toBe(
      'phase.offline',
    );
    expect(syncVerdict({ ...idle(), phase: 'error' }).tone).toBe('warning');
    expect(syncVerdict({ ...idle(), phase: 'syncing' })).toMatchObject({
      key: 'phase.syncing',
      tone: 'processing',
    });
  });
});

describe('last successful sync on a row', () => {
  it('never stands on a row that failed', () => {
    const row = { lastSyncAt: 1000, refused: 0, failed: 0, hasError: false };
    expect(shownLastSync(row)).toBe(1000);
    expect(shownLastSync({ ...row, refused: 3 })).toBeNull();
    expect(shownLastSync({ ...row, failed: 1 })).toBeNull();
    expect(shownLastSync({ ...row, hasError: true })).toBeNull();
  });
});

describe('the status bar count', () => {
  it('never reads 0 while a refused record is not on the service', () => {
    expect(pendingTotal(idle())).toBe(0);
    expect(pendingTotal(withPatrols(idle(), { pending: 2, sent: 1 }))).toBe(3);
    expect(pendingTotal({ ...idle(), refusals: [refusal] })).toBe(1);
  });

  it('shows refused records apart from the pending ones (refused is not pending)', () => {
    expect(statusBarCounts(idle())).toEqual({ pending: 0, refused: 0 });
    const both = { ...withPatrols(idle(), { pending: 2, sent: 1 }), refusals: [refusal] };
    expect(statusBarCounts(both)).toEqual({ pending: 3, refused: 1 });
    expect(statusBarCounts({ ...idle(), refusals: [refusal] })).toEqual({ pending: 0, refused: 1 });
  });
});
