// Per-token rate limiting as a token bucket: `rate` requests per second on average, bursts up to
// one second's worth (at least one request). The clock is passed in so tests need no waiting.

export interface RateLimiter {
  /** Takes one request from `key`'s bucket; returns 0 if allowed, else the ms until one is. */
  take(key: string, rate: number): number;
  reset(): void;
}

export function createRateLimiter(now: () => number = () => performance.now()): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, rate) {
      const capacity = Math.max(1, rate);
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: t };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * rate);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - bucket.tokens) / rate) * 1000);
    },
    reset() {
      buckets.clear();
    },
  };
}
