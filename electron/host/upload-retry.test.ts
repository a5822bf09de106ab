import { describe, expect, it } from 'vitest';
import { retryDelay } from './upload-queue-state';

describe('the upload queue after a failed photo', () => {
  it('doubles its wait, but waits as long as a rate-limited service asked when that is longer', () => {
    expect([1, 2, 3].map((n) => retryDelay(n, 'network'))).toEqual([2_000, 4_000, 8_000]);
    expect(retryDelay(1, 'rate-limited', 30_000)).toBe(30_000);
    expect(retryDelay(6, 'rate-limited', 30_000)).toBe(64_000);
    expect(retryDelay(1, 'invalid-body', 30_000)).toBe(3_600_000);
  });
});
