import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff';

describe('sync backoff', () => {
  it('doubles the wait per failure up to a minute, resets on success, and "retry now" releases waiters', async () => {
    let now = 0;
    const backoff = createBackoff({ now: () => now, random: () => 0.5 });
    expect(backoff.nextRetryAt()).toBeNull();
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(() => backoff.failed())).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000,
    ]);
    backoff.succeeded();
    expect(backoff.nextRetryAt()).toBeNull();
    backoff.failed();
    now = 10;
    let released = false;
    const waiting = backoff.wait().then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false);
    backoff.reset();
    await waiting;
    expect(released).toBe(true);
  });

  it('waits at least as long as the service asked (a 429 Retry-After), even on the first failure', () => {
    const now = 5_000;
    const backoff = createBackoff({ now: () => now, random: () => 0.5 });
    expect(backoff.failed(30_000)).toBe(35_000);
    // A shorter request than the doubling keeps the doubling.
    expect(backoff.failed(500)).toBe(7_000);
  });
});
