/**
 * A request budget per device token (a token bucket): a laptop may send bursts — an initial pull, a
 * day's photos — but one that keeps hammering the service (a bug, a stolen token in a script) is
 * slowed to the refill rate and told how long to wait. In memory, per service process.
 */
export type RequestBudgetLimits = {
  /** Requests a device may send at once. */
  readonly burst: number;
  /** Requests per second it gets back. */
  readonly perSecond: number;
};

export const defaultRequestBudget: RequestBudgetLimits = { burst: 3000, perSecond: 50 };

type Bucket = { tokens: number; at: number };

/** Devices kept at most; the longest idle go first (a full bucket is the same as none). */
const maxDevices = 50_000;

export function createRequestBudget(limits: RequestBudgetLimits = defaultRequestBudget) {
  const buckets = new Map<string, Bucket>();
  return {
    /** Takes one request from the device's budget: null when it may go, else seconds to wait. */
    take(deviceId: string, now: number): number | null {
      let bucket = buckets.get(deviceId);
      if (bucket === undefined) {
        if (buckets.size >= maxDevices) {
          const idle = buckets.keys().next().value;
          if (idle !== undefined) {
            buckets.delete(idle);
          }
        }
        bucket = { tokens: limits.burst, at: now };
      } else {
        buckets.delete(deviceId); // re-inserted below: the map stays in order of last use
        bucket.tokens = Math.min(limits.burst, bucket.tokens + ((now - bucket.at) / 1000) * limits.perSecond);
        bucket.at = now;
      }
      buckets.set(deviceId, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return null;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / limits.perSecond));
    },
  };
}

export type RequestBudget = ReturnType<typeof createRequestBudget>;
