import { describe, expect, it } from 'vitest';
import { createAttemptGuard, type AttemptKey } from './attempt-guard';

const limits = { windowMs: 60_000, perAccount: 3, perAddress: 5 };
const alice: AttemptKey = { kind: 'account', value: 'Alice' };
const here: AttemptKey = { kind: 'address', value: '10.0.0.7' };

describe('the sign-in attempt guard', () => {
  it('blocks an account after its failures, until the window ends, whatever the case of the name', () => {
    const guard = createAttemptGuard(limits);
    for (let i = 0; i < 3; i += 1) {
      expect(guard.blockedFor([alice], 1_000 + i)).toBeNull();
      guard.failed([{ kind: 'account', value: i % 2 === 0 ? 'alice' : 'ALICE' }], 1_000 + i);
    }
    expect(guard.blockedFor([alice], 2_000)).toBe(59);
    expect(guard.blockedFor([alice], 60_999)).toBe(1);
    expect(guard.blockedFor([alice], 61_000)).toBeNull();
  });

  it('blocks an address across accounts, and a success clears only its account', () => {
    const guard = createAttemptGuard(limits);
    for (let i = 0; i < 5; i += 1) {
      guard.failed([{ kind: 'account', value: `user${i}` }, here], 0);
    }
    expect(guard.blockedFor([{ kind: 'account', value: 'user9' }, here], 10)).toBe(60);
    expect(guard.blockedFor([{ kind: 'address', value: '10.0.0.8' }], 10)).toBeNull();
    guard.failed([alice], 0);
    guard.failed([alice], 0);
    guard.succeeded(alice);
    guard.failed([alice], 1);
    expect(guard.blockedFor([alice], 2)).toBeNull();
  });

  it('keeps its memory bounded under a flood of addresses', () => {
    const guard = createAttemptGuard(limits);
    for (let i = 0; i < 25_000; i += 1) {
      guard.failed([{ kind: 'address', value: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}` }], 0);
    }
    // The first addresses were dropped to make room; the latest still count.
    expect(guard.blockedFor([{ kind: 'address', value: '10.0.0.0' }], 1)).toBeNull();
    for (let i = 0; i < 4; i += 1) {
      guard.failed([{ kind: 'address', value: '10.0.97.167' }], 0);
    }
    expect(guard.blockedFor([{ kind: 'address', value: '10.0.97.167' }], 1)).toBe(60);
  });
});
