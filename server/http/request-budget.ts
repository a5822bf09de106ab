import type { Database } from '../db/database';

/**
 * A request budget per device token (a token bucket): a laptop may send bursts — an initial pull, a
 * day's photos — but one that keeps hammering the service (a bug, a stolen token in a script) is
 * slowed to the refill rate and told how long to wait. The buckets are in the database
 * (`request_budgets`, unlogged), one atomic statement per request, so a device spreading its requests
 * over several service nodes has one budget, not one per node.
 */
export type RequestBudgetLimits = {
  /** Requests a device may send at once. */
  readonly burst: number;
  /** Requests per second it gets back. */
  readonly perSecond: number;
};

export const defaultRequestBudget: RequestBudgetLimits = { burst: 3000, perSecond: 50 };

// The bucket refilled to `now` (never above the burst, never back in time), less the request.
const refilled = 'least($2::float8, b.tokens + greatest(0, $3::bigint - b.at) / 1000.0 * $4::float8)';

export function createRequestBudget(db: Database, limits: RequestBudgetLimits = defaultRequestBudget) {
  return {
    /** Takes one request from the device's budget: null when it may go, else seconds to wait. */
    async take(deviceId: string, now: number): Promise<number | null> {
      const { rows } = await db.query(
        `insert into request_budgets as b (device_id, tokens, at) values ($1, $2::float8 - 1, $3)
         on conflict (device_id) do update set tokens = ${refilled} - 1, at = greatest(b.at, $3::bigint)
         where ${refilled} >= 1
         returning device_id`,
        [deviceId, limits.burst, now, limits.perSecond],
      );
      if (rows.length > 0) {
        return null;
      }
      const { rows: left } = await db.query<{ tokens: number }>(
        `select ${refilled} as tokens from request_budgets b where device_id = $1`,
        [deviceId, limits.burst, now, limits.perSecond],
      );
      const tokens = Number(left[0]?.tokens ?? 0);
      return Math.max(1, Math.ceil((1 - tokens) / limits.perSecond));
    },
  };
}

export type RequestBudget = ReturnType<typeof createRequestBudget>;
