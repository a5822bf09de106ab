import type { Database } from '../db/database';

/**
 * A request budget per device token (a token bucket): a laptop may send bursts — an initial pull, a
 * day's photos — but one that keeps hammering the service (a bug, a stolen token in a script) is
 * slowed to the refill rate and told how long to wait. On PostgreSQL the buckets are in the database
 * (`request_budgets`, unlogged), one atomic statement per request, so a device spreading its requests
 * over several service nodes has one budget, not one per node. PGlite serves one process, and its one
 * connection is taken by any transaction in progress: there the buckets stay in memory, so a request
 * is never held up just to be counted.
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

export type RequestBudget = {
  /** Takes one request from the device's budget: null when it may go, else seconds to wait. */
  take(deviceId: string, now: number): Promise<number | null>;
};

export function createRequestBudget(
  db: Database,
  limits: RequestBudgetLimits = defaultRequestBudget,
): RequestBudget {
  return db.kind === 'postgres' ? databaseBudget(db, limits) : memoryBudget(limits);
}

/** Devices kept at most in memory; the longest idle go first (a full bucket is the same as none). */
const maxDevices = 50_000;

function memoryBudget(limits: RequestBudgetLimits): RequestBudget {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take: (deviceId, now) => {
      const bucket = buckets.get(deviceId) ?? { tokens: limits.burst, at: now };
      buckets.delete(deviceId); // re-inserted below: the map stays in order of last use
      if (buckets.size >= maxDevices) {
        const idle = buckets.keys().next().value;
        if (idle !== undefined) {
          buckets.delete(idle);
        }
      }
      bucket.tokens = Math.min(
        limits.burst,
        bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * limits.perSecond,
      );
      bucket.at = Math.max(bucket.at, now);
      buckets.set(deviceId, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Promise.resolve(null);
      }
      return Promise.resolve(Math.max(1, Math.ceil((1 - bucket.tokens) / limits.perSecond)));
    },
  };
}

function databaseBudget(db: Database, limits: RequestBudgetLimits): RequestBudget {
  return {
    async take(deviceId, now) {
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
