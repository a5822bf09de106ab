/**
 * Slows down guessing: failed password logins and enrolment codes are counted per account and per
 * client address in a fixed window; past the limit, further attempts are refused with `rate-limited`
 * and the seconds until the window ends, without checking the password (so a correct guess during
 * the lockout is not revealed). A successful login clears its account's count. In memory: a restart
 * forgets the counts, which only shortens a lockout.
 */
export type AttemptLimits = {
  readonly windowMs: number;
  /** Failures per account name (password login). */
  readonly perAccount: number;
  /** Failures per client address (login and enrolment codes together). */
  readonly perAddress: number;
};

export const defaultAttemptLimits: AttemptLimits = {
  windowMs: 15 * 60_000,
  perAccount: 10,
  perAddress: 50,
};

export type AttemptKey = { readonly kind: 'account' | 'address'; readonly value: string };

type Count = { failures: number; windowStart: number };

/** Keys kept at most; the oldest windows go first (an address flood cannot grow memory). */
const maxKeys = 20_000;

export function createAttemptGuard(limits: AttemptLimits = defaultAttemptLimits) {
  const counts = new Map<string, Count>();
  const id = (key: AttemptKey) =>
    `${key.kind}:${key.kind === 'account' ? key.value.toLowerCase() : key.value}`;
  const limitOf = (key: AttemptKey) => (key.kind === 'account' ? limits.perAccount : limits.perAddress);
  const current = (key: AttemptKey, now: number): Count | null => {
    const count = counts.get(id(key));
    if (count === undefined) {
      return null;
    }
    if (now - count.windowStart >= limits.windowMs) {
      counts.delete(id(key));
      return null;
    }
    return count;
  };

  return {
    /** Seconds to wait when any key is past its limit, else null. */
    blockedFor(keys: readonly AttemptKey[], now: number): number | null {
      let wait: number | null = null;
      for (const key of keys) {
        const count = current(key, now);
        if (count !== null && count.failures >= limitOf(key)) {
          const seconds = Math.max(1, Math.ceil((count.windowStart + limits.windowMs - now) / 1000));
          wait = Math.max(wait ?? 0, seconds);
        }
      }
      return wait;
    },
    failed(keys: readonly AttemptKey[], now: number): void {
      for (const key of keys) {
        const count = current(key, now);
        if (count === null) {
          if (counts.size >= maxKeys) {
            const oldest = counts.keys().next().value;
            if (oldest !== undefined) {
              counts.delete(oldest);
            }
          }
          counts.set(id(key), { failures: 1, windowStart: now });
        } else {
          count.failures += 1;
        }
      }
    },
    succeeded(key: AttemptKey): void {
      counts.delete(id(key));
    },
  };
}

export type AttemptGuard = ReturnType<typeof createAttemptGuard>;
