import { describe, expect, it } from 'vitest';
import { isRetryable, retryAfterMs } from './errors';

describe('waiting after a refusal', () => {
  it('reads the wait a rate-limited answer asked for, and nothing else', () => {
    expect(retryAfterMs([{ retryAfterSeconds: 30 }])).toBe(30_000);
    expect(retryAfterMs([{ retryAfterSeconds: 86_400 }])).toBe(3_600_000);
    expect(retryAfterMs(undefined)).toBe(0);
    expect(retryAfterMs([{ retryAfterSeconds: '30' }])).toBe(0);
    expect(retryAfterMs([{ retryAfterSeconds: -1 }])).toBe(0);
    expect(retryAfterMs([{ retryAfterSeconds: Number.NaN }])).toBe(0);
    expect(isRetryable('rate-limited')).toBe(true);
  });
});
