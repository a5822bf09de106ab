import { describe, expect, it } from 'vitest';
import type { Refusal } from '../../sync/refusal-store';
import { initialSyncState, type SyncState } from '../../sync/sync-store';
import { enrolledSettings } from '../../sync/test-support';
import { accountChangeNotice } from './account-change';

function withCounts(counts: { patrols?: number; readingsSent?: number; refusals?: number }): SyncState {
  const base = initialSyncState(enrolledSettings);
  const refusal: Refusal = {
    collection: 'patrols',
    id: 'x',
    code: 'forbidden',
    message: '',
    params: {},
    firstRefusedAt: 0,
    refusedAt: 0,
    times: 1,
    exportedAt: null,
  };
  return {
    ...base,
    collections: {
      ...base.collections,
      patrols: { ...base.collections.patrols, pending: counts.patrols ?? 0 },
      readings: { ...base.collections.readings, sent: counts.readingsSent ?? 0 },
    },
    refusals: Array.from({ length: counts.refusals ?? 0 }, (_, i) => ({ ...refusal, id: `r${i}` })),
  };
}

describe('the sign-out confirmation', () => {
  it('counts unsent records (pending and sent without an answer) and refused ones, and says what happens to each', () => {
    expect(accountChangeNotice(withCounts({ patrols: 2, readingsSent: 1, refusals: 3 }))).toEqual([
      { key: 'accountChange.unsent', count: 3 },
      { key: 'accountChange.refused', count: 3 },
      { key: 'accountChange.meanwhile', count: 0 },
    ]);
  });

  it('says plainly when everything reached the service, and names no refusals that do not exist', () => {
    expect(accountChangeNotice(withCounts({}))).toEqual([
      { key: 'accountChange.nothingUnsent', count: 0 },
      { key: 'accountChange.meanwhile', count: 0 },
    ]);
  });
});
