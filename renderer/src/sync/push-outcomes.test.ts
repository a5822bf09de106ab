import { describe, expect, it } from 'vitest';
import type { CollectionName } from '#shared/domain/index';
import { createBackoff } from './backoff';
import { createSendingTracker } from './outbox-status';
import { createPushOutcomes, SyncRequestError } from './push-outcomes';
import { createRefusalStore } from './refusal-store';
import { createSyncStore, initialSyncState } from './sync-store';
import { enrolledSettings as settings, memoryStorage } from './test-support';

// Real store, backoff, tracker and refusal store; the replication side is recorded calls.

function setup(online = true) {
  const clock = { now: 1_000_000 };
  const now = () => clock.now;
  const store = createSyncStore(initialSyncState(settings), now);
  const backoff = createBackoff({ now, random: () => 0.5 });
  const tracker = createSendingTracker();
  const refusals = createRefusalStore({ storage: memoryStorage(), now });
  const calls = { recount: 0, paused: 0, reviews: 0, resynced: [] as CollectionName[] };
  const outcomes = createPushOutcomes({
    store,
    backoff,
    tracker,
    refusals,
    now,
    isOnline: () => online,
    scope: () => store.get().settings?.account.scope ?? null,
    recount: () => void (calls.recount += 1),
    resync: (name) => void calls.resynced.push(name),
    pauseAll: () => {
      calls.paused += 1;
      return Promise.resolve();
    },
    reviewsChanged: () => void (calls.reviews += 1),
  });
  return { clock, store, backoff, tracker, refusals, calls, outcomes };
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return null;
}

describe('push outcomes', () => {
  it('a failure waits out the backoff (at least what the service asked), says offline when the network is down, and throws its code', () => {
    const { store, backoff, outcomes, calls } = setup();
    const error = thrown(() =>
      outcomes.problem('patrols', 'rate-limited', 'slow down', [{ retryAfterSeconds: 30 }]),
    );
    expect(error).toBeInstanceOf(SyncRequestError);
    expect((error as SyncRequestError).code).toBe('rate-limited');
    const state = store.get();
    expect(state.phase).toBe('error');
    expect(state.nextRetryAt).toBe(1_000_000 + 30_000);
    expect(state.collections.patrols.lastError?.code).toBe('rate-limited');
    expect(state.log.at(-1)).toContain('patrols: rate-limited: slow down');
    expect(backoff.failures).toBe(1);
    expect(calls.paused).toBe(0);

    const offline = setup(false);
    thrown(() => offline.outcomes.problem(null, 'network', 'no route'));
    expect(offline.store.get().phase).toBe('offline');
    expect(offline.store.get().log.at(-1)).toContain('sync: network: no route');
  });

  it('a revoked token stops every replication instead of retrying', () => {
    const { store, backoff, outcomes, calls } = setup();
    expect(thrown(() => outcomes.problem('sites', 'revoked', 'device revoked'))).toBeInstanceOf(
      SyncRequestError,
    );
    expect(store.get().phase).toBe('revoked');
    expect(calls.paused).toBe(1);
    expect(backoff.failures).toBe(0);
    expect(store.get().nextRetryAt).toBeNull();
  });

  it('an answer clears the error and the backoff', () => {
    const { store, backoff, outcomes, clock } = setup();
    thrown(() => outcomes.problem('readings', 'network', 'down'));
    clock.now += 5_000;
    outcomes.answered('readings');
    const state = store.get();
    expect(state.phase).toBe('idle');
    expect(state.lastError).toBeNull();
    expect(state.nextRetryAt).toBeNull();
    expect(state.collections.readings).toMatchObject({ lastSyncAt: 1_005_000, lastError: null });
    expect(backoff.failures).toBe(0);
  });

  it('an answered push of field records: accepted ones stay sent until stamped, refused ones are kept for the crew, reviews are read again', async () => {
    const { store, tracker, refusals, outcomes, calls } = setup();
    const sent = ['p-ok', 'p-no'].map((id) => ({
      newDocumentState: { id, divisionCode: id === 'p-ok' ? '530621' : '530102' },
    }));
    tracker.sent('patrols', ['p-ok', 'p-no']);
    outcomes.pushed('patrols', sent, {
      accepted: ['p-ok'],
      conflicts: [],
      review: [{ id: 'p-ok', reviewId: 'r-1' }],
      rejected: [{ id: 'p-no', code: 'forbidden', message: 'outside your region' }],
      receivedAt: 1_000_000 + 2_500,
    });
    expect(tracker.isSending('patrols', 'p-ok')).toBe(true);
    expect(tracker.isSending('patrols', 'p-no')).toBe(false);
    expect(refusals.get('patrols', 'p-no')).toMatchObject({
      code: 'forbidden',
      params: { division: '530102', region: '530621' },
    });
    expect(store.get().clockSkewMs).toBe(2_500);
    expect(store.get().log.some((l) => l.includes('patrols/p-no refused: forbidden'))).toBe(true);
    expect(calls.reviews).toBe(1);
    expect(calls.recount).toBe(1);
    // The stamped copy is pulled at once, after the push's own bookkeeping.
    expect(calls.resynced).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.resynced).toEqual(['patrols']);
  });

  it('an answered push of reference records is done at once; a local-only record the service does not hold is not a refusal', () => {
    const { store, tracker, refusals, outcomes, calls } = setup();
    tracker.sent('sites', ['s-1', 's-local']);
    outcomes.pushed(
      'sites',
      [
        { newDocumentState: { id: 's-1' }, assumedMasterState: { id: 's-1' } },
        { newDocumentState: { id: 's-local', divisionCode: '530102' } },
      ],
      {
        accepted: [],
        conflicts: [],
        review: [],
        rejected: [{ id: 's-local', code: 'forbidden', message: 'outside' }],
        receivedAt: 1_000_000,
      },
    );
    expect(tracker.isSending('sites', 's-1')).toBe(false);
    expect(tracker.isSending('sites', 's-local')).toBe(false);
    expect(refusals.has('sites', 's-local')).toBe(false);
    expect(store.get().log.at(-1)).toContain('1 local-only record(s)');
    expect(calls.reviews).toBe(0);
  });
});
