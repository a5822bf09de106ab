import { describe, expect, it } from 'vitest';
import { createRefusalStore, legacyRefusalStorageKey, refusalStorageKey } from './refusal-store';
import { memoryStorage } from './test-support';

const outside = {
  id: 'pt-1',
  code: 'forbidden',
  message: 'patrols pt-1: division 530102 is outside your region 530621',
  params: { division: '530102', region: '530621' },
};

describe('refusal store', () => {
  it('keeps refused rows across a restart (same storage) and forgets them only when the service stores them', () => {
    const storage = memoryStorage();
    let now = 1000;
    const first = createRefusalStore({ storage, now: () => now });
    first.applyPushOutcome('patrols', [], [outside, { id: 'pt-2', code: 'invalid-body', message: 'bad' }]);
    expect(first.of('patrols').map((r) => r.id)).toEqual(['pt-1', 'pt-2']);

    const second = createRefusalStore({ storage, now: () => now });
    expect(second.get('patrols', 'pt-1')).toEqual({
      collection: 'patrols',
      id: 'pt-1',
      code: 'forbidden',
      message: outside.message,
      params: { division: '530102', region: '530621' },
      firstRefusedAt: 1000,
      refusedAt: 1000,
      times: 1,
      exportedAt: null,
    });
    now = 5000;
    second.applyPushOutcome('patrols', ['pt-2'], [outside]);
    expect(second.has('patrols', 'pt-2')).toBe(false);
    expect(second.get('patrols', 'pt-1')).toMatchObject({ firstRefusedAt: 1000, refusedAt: 5000, times: 2 });
    expect(
      createRefusalStore({ storage, now: () => now })
        .list()
        .map((r) => r.id),
    ).toEqual(['pt-1']);
  });

  it('a refusal in one collection says nothing about the same id in another', () => {
    const store = createRefusalStore({ storage: null, now: () => 1 });
    store.applyPushOutcome('readings', [], [outside]);
    expect(store.has('readings', 'pt-1')).toBe(true);
    expect(store.has('patrols', 'pt-1')).toBe(false);
    store.applyPushOutcome('patrols', ['pt-1'], []);
    expect(store.has('readings', 'pt-1')).toBe(true);
  });

  it('release hands the refusal back for a resend and forgets it, also in storage', () => {
    const storage = memoryStorage();
    const store = createRefusalStore({ storage, now: () => 7 });
    store.applyPushOutcome('photos', [], [outside]);
    const released = store.release('photos', 'pt-1');
    expect(released).toMatchObject({ id: 'pt-1', code: 'forbidden' });
    expect(store.list()).toEqual([]);
    expect(createRefusalStore({ storage, now: () => 7 }).list()).toEqual([]);
    expect(store.release('photos', 'nothing')).toBeNull();
  });

  it('marks exported rows and keeps them listed; tells listeners of every change', () => {
    let now = 10;
    const store = createRefusalStore({ storage: memoryStorage(), now: () => now });
    let calls = 0;
    const stop = store.subscribe(() => (calls += 1));
    store.applyPushOutcome('fault_events', [], [outside]);
    now = 20;
    store.markExported('fault_events', ['pt-1', 'unknown']);
    expect(store.get('fault_events', 'pt-1')?.exportedAt).toBe(20);
    expect(store.list()).toHaveLength(1);
    store.applyPushOutcome('fault_events', [], []);
    expect(calls).toBe(2);
    stop();
    store.release('fault_events', 'pt-1');
    expect(calls).toBe(2);
  });

  it('reads the rows an earlier version kept, and ignores what it cannot read', () => {
    const storage = memoryStorage();
    storage.setItem(
      legacyRefusalStorageKey,
      JSON.stringify({
        patrols: [{ id: 'old-1', code: 'forbidden', message: 'm' }],
        nonsense: [{ id: 'x' }],
      }),
    );
    expect(createRefusalStore({ storage, now: () => 1 }).list()).toEqual([
      expect.objectContaining({ collection: 'patrols', id: 'old-1', code: 'forbidden', times: 1 }),
    ]);
    storage.setItem(refusalStorageKey, '{not json');
    expect(createRefusalStore({ storage, now: () => 1 }).list()).toHaveLength(1);
    storage.setItem(refusalStorageKey, JSON.stringify([{ collection: 'patrols', id: 3 }, null]));
    expect(createRefusalStore({ storage, now: () => 1 }).list()).toEqual([]);
  });

  it('keeps only plain string and number parameters from the answer', () => {
    const store = createRefusalStore({ storage: null, now: () => 1 });
    store.applyPushOutcome(
      'patrols',
      [],
      [
        {
          id: 'a',
          code: 'forbidden',
          message: '',
          params: { division: '530102', n: 3, bad: { x: 1 } } as never,
        },
      ],
    );
    expect(store.get('patrols', 'a')?.params).toEqual({ division: '530102', n: 3 });
  });
});
