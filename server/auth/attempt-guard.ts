import type { Database } from '../db/database';

/**
 * Slows down guessing: failed password logins and enrolment codes are counted per account and per
 * client address in a fixed window; past the limit, further attempts are refused with `rate-limited`
 * and the seconds until the window ends, without checking the password (so a correct guess during
 * the lockout is not revealed). A successful login clears its account's count.
 *
 * The counts are in the database (`sign_in_failures`, unlogged), so every service node behind a
 * balancer counts the same attempts: ten wrong passwords are ten, however they are spread. A database
 * crash forgets them, which only shortens a lockout.
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

const id = (key: AttemptKey) => `${key.kind}:${key.kind === 'account' ? key.value.toLowerCase() : key.value}`;

export function createAttemptGuard(db: Database, limits: AttemptLimits = defaultAttemptLimits) {
  const limitOf = (key: AttemptKey) => (key.kind === 'account' ? limits.perAccount : limits.perAddress);
  return {
    /** Seconds to wait when any key is past its limit, else null. */
    async blockedFor(keys: readonly AttemptKey[], now: number): Promise<number | null> {
      const { rows } = await db.query<{ key: string; failures: number; window_start: number }>(
        'select key, failures, window_start from sign_in_failures where key = any($1::text[]) and window_start > $2',
        [keys.map(id), now - limits.windowMs],
      );
      let wait: number | null = null;
      for (const key of keys) {
        const count = rows.find((r) => r.key === id(key));
        if (count !== undefined && count.failures >= limitOf(key)) {
          const seconds = Math.max(1, Math.ceil((count.window_start + limits.windowMs - now) / 1000));
          wait = Math.max(wait ?? 0, seconds);
        }
      }
      return wait;
    },
    async failed(keys: readonly AttemptKey[], now: number): Promise<void> {
      // One statement per key, atomic on the row: two nodes counting at once both count.
      for (const key of keys) {
        await db.query(
          `insert into sign_in_failures as f (key, failures, window_start) values ($1, 1, $2)
           on conflict (key) do update set
             failures = case when f.window_start <= $2 - $3 then 1 else f.failures + 1 end,
             window_start = case when f.window_start <= $2 - $3 then $2 else f.window_start end`,
          [id(key), now, limits.windowMs],
        );
      }
      // Windows that ended are forgotten, so a flood of addresses does not keep growing the table.
      await db.query('delete from sign_in_failures where window_start <= $1', [now - limits.windowMs]);
    },
    async succeeded(key: AttemptKey): Promise<void> {
      await db.query('delete from sign_in_failures where key = $1', [id(key)]);
    },
  };
}

export type AttemptGuard = ReturnType<typeof createAttemptGuard>;
