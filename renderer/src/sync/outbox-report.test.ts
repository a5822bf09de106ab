import { describe, expect, it } from 'vitest';
import { newId } from '#shared/domain/index';
import { outboxHeaders } from '#shared/sync/console';
import { createSyncClient, type HttpFetch } from '#shared/sync/index';
import { outboxReport } from './outbox-report';
import { initialSyncState, type SyncState } from './sync-store';

const at = (ms: number) => newId({ now: () => ms, random: (n) => new Uint8Array(n).fill(7) });

function withOutbox(): SyncState {
  const state = initialSyncState(null);
  return {
    ...state,
    collections: {
      ...state.collections,
      patrols: {
        ...state.collections.patrols,
        pending: 2,
        sent: 1,
        entries: [
          { id: at(1_700_000_300_000), status: 'pending' },
          { id: at(1_700_000_100_000), status: 'sent' },
        ],
      },
      readings: {
        ...state.collections.readings,
        refused: 1,
        stored: 40,
        entries: [{ id: at(1_700_000_200_000), status: 'refused' }],
      },
    },
  };
}

describe('the outbox a laptop reports', () => {
  it('counts every record the service has not stored and finds the oldest by its id', () => {
    expect(outboxReport(withOutbox())).toEqual({ depth: 4, oldestAt: 1_700_000_100_000 });
    expect(outboxReport(initialSyncState(null))).toEqual({ depth: 0, oldestAt: null });
  });

  it('travels on pushes and pulls as the two outbox headers', async () => {
    const seen: Record<string, string>[] = [];
    // The service's answer is not what this test is about: any answer will do.
    const fetch: HttpFetch = (_url, init) => {
      seen.push(init.headers);
      return Promise.resolve({
        status: 200,
        headers: { get: () => null },
        text: () => Promise.resolve('{}'),
      });
    };
    let report: { depth: number; oldestAt: number | null } = outboxReport(withOutbox());
    const client = createSyncClient({
      baseUrl: 'http://sync.invalid',
      fetch,
      token: () => 'wrmd_x',
      outbox: () => report,
    });
    await client.pull('patrols', { tx: '0', seq: 0 }, 10);
    report = { depth: 0, oldestAt: null };
    await client.push('patrols', { rows: [] });
    await client.me();
    expect(seen[0]).toMatchObject({
      [outboxHeaders.depth]: '4',
      [outboxHeaders.oldest]: '1700000100000',
    });
    expect(seen[0]?.['x-wrm-app-version']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(seen[1]?.[outboxHeaders.depth]).toBe('0');
    expect(seen[1]).not.toHaveProperty(outboxHeaders.oldest);
    // Only sync requests carry it.
    expect(seen[2]).not.toHaveProperty(outboxHeaders.depth);
  });
});
