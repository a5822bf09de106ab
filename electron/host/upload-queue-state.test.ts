import { describe, expect, it } from 'vitest';
import {
  emptyQueue,
  markFailed,
  markMissing,
  markStored,
  nextDue,
  nextWake,
  queuedItem,
  queueSummary,
  resumed,
  updateItem,
  type QueueState,
} from './upload-queue-state';

const queue = (...items: QueueState['items']): QueueState => ({
  ...emptyQueue,
  serviceUrl: 'http://svc',
  items,
});

describe('upload queue state', () => {
  it('takes the first photo whose wait is over, and wakes at the earliest wait', () => {
    const a = { ...queuedItem('a', 10), nextRetryAt: 5_000 };
    const b = queuedItem('b', 20);
    const done = { ...queuedItem('c', 1), state: 'done' as const, nextRetryAt: 1 };
    const s = queue(done, a, b);
    expect(nextDue(s, 1_000)?.sha256).toBe('b');
    expect(nextDue(s, 5_000)?.sha256).toBe('a');
    expect(nextWake(s)).toBe(5_000);
    expect(nextWake(queue(b))).toBeNull();
  });

  it('a failure counts the attempt and backs off; a missing photo waits an hour', () => {
    const item = { ...queuedItem('a', 10), attempts: 2 };
    const failed = markFailed(queue(item), item, { code: 'network', message: 'down' }, 1_000, 0);
    expect(failed.items[0]).toMatchObject({
      state: 'failed',
      attempts: 3,
      lastError: 'network: down',
      nextRetryAt: 1_000 + 8_000,
    });
    // The service asked for longer (Retry-After): it gets it.
    expect(
      markFailed(queue(item), item, { code: 'rate-limited', message: 'x' }, 0, 60_000).items[0]?.nextRetryAt,
    ).toBe(60_000);
    expect(markMissing(queue(item), item, 0).items[0]).toMatchObject({
      state: 'failed',
      attempts: 3,
      nextRetryAt: 3_600_000,
    });
  });

  it('a stored photo is done and counted; only the newest 500 done photos stay listed', () => {
    const old = Array.from({ length: 500 }, (_, i) => ({
      ...queuedItem(`old-${i}`, 1),
      state: 'done' as const,
      doneAt: i,
    }));
    const s = markStored(queue(...old, queuedItem('new', 10)), 'new', 10, 9_999);
    expect(s.items).toHaveLength(500);
    expect(s.items[0]?.sha256).toBe('old-1');
    expect(s.items.at(-1)).toMatchObject({
      sha256: 'new',
      state: 'done',
      sent: 10,
      doneAt: 9_999,
      lastError: null,
    });
    expect(s.lastSuccessAt).toBe(9_999);
    expect(queueSummary(s)).toMatchObject({ pending: 0, done: 500, failed: 0, nextRetryAt: null });
  });

  it('sums up pending, failed and the next retry for the Sync centre', () => {
    const s = queue(
      { ...queuedItem('a', 1), state: 'failed', nextRetryAt: 7 },
      updateItem(queue(queuedItem('b', 1)), 'b', { state: 'uploading', sent: 1 }).items[0]!,
    );
    expect(queueSummary(s)).toMatchObject({
      serviceUrl: 'http://svc',
      pending: 2,
      failed: 1,
      done: 0,
      nextRetryAt: 7,
    });
  });

  it('after a restart an upload that was running is queued again (it resumes at the service’s offset)', () => {
    const s = resumed(queue({ ...queuedItem('a', 10), state: 'uploading', sent: 4 }));
    expect(s.items[0]).toMatchObject({ state: 'queued', sent: 4 });
  });
});
