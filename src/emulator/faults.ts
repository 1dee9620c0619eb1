// The fault knobs of the emulator, for reliability tests and benchmarks. Every random decision
// comes from a seeded stream, so a run is reproducible for a given order of requests.

import { createRateLimiter } from './rate-limit.js';
import { streamFor, type Random } from '../prng.js';

export interface FaultOptions {
  /** Milliseconds added before every request is handled. */
  latencyMs?: number;
  /** Requests per second allowed per API token (token bucket); 0 or absent = unlimited. */
  rateLimit?: number;
  /** Share (0..1) of requests answered 429 at random before anything else is done. */
  throttleRate?: number;
  /** The wait a random 429 asks for, in ms (Retry-After is this rounded up to seconds). Default 1000. */
  retryAfterMs?: number;
  /** Share (0..1) of requests answered 503 before anything else is done. */
  failRate?: number;
  /** Share (0..1) of successful writes that are committed and then get no answer: the connection is destroyed. */
  dropRate?: number;
}

type ResolvedFaults = Required<FaultOptions>;

const MAX_LATENCY_MS = 60_000;
const MAX_RETRY_AFTER_MS = 3_600_000;

export class FaultOptionError extends Error {}

/** Checks and fills in defaults; throws FaultOptionError naming the bad knob. */
function resolveFaults(options: FaultOptions = {}): ResolvedFaults {
  const share = (name: keyof FaultOptions, value: number | undefined): number => {
    if (value === undefined) return 0;
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new FaultOptionError(`${name} must be a number from 0 to 1, got ${value}`);
    }
    return value;
  };
  const bounded = (
    name: keyof FaultOptions,
    value: number | undefined,
    fallback: number,
    max: number,
  ): number => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < 0 || value > max) {
      throw new FaultOptionError(`${name} must be a number from 0 to ${max}, got ${value}`);
    }
    return value;
  };
  return {
    latencyMs: bounded('latencyMs', options.latencyMs, 0, MAX_LATENCY_MS),
    rateLimit: bounded('rateLimit', options.rateLimit, 0, 1_000_000),
    throttleRate: share('throttleRate', options.throttleRate),
    retryAfterMs: bounded('retryAfterMs', options.retryAfterMs, 1000, MAX_RETRY_AFTER_MS),
    failRate: share('failRate', options.failRate),
    dropRate: share('dropRate', options.dropRate),
  };
}

export interface Faults {
  readonly current: ResolvedFaults;
  /** Replaces every knob (absent ones are off); with `seed`, restarts the random streams. */
  set(options: FaultOptions, seed?: number): void;
  shouldFail(): boolean;
  shouldThrottle(): boolean;
  shouldDrop(): boolean;
  /** 0 if `token` may make a request now, else the ms to wait. */
  rateLimitWait(token: string): number;
}

export function createFaults(options: FaultOptions = {}, seed = 0): Faults {
  let current = resolveFaults(options);
  let streams = makeStreams(seed);
  const limiter = createRateLimiter();
  // A stream is only drawn from while its knob is on, so each knob's sequence is its own.
  const draw = (stream: Random, rate: number): boolean => rate > 0 && stream() < rate;
  return {
    get current() {
      return current;
    },
    set(next, nextSeed) {
      current = resolveFaults(next);
      limiter.reset();
      if (nextSeed !== undefined) streams = makeStreams(nextSeed);
    },
    shouldFail: () => draw(streams.fail, current.failRate),
    shouldThrottle: () => draw(streams.throttle, current.throttleRate),
    shouldDrop: () => draw(streams.drop, current.dropRate),
    rateLimitWait: (token) => (current.rateLimit > 0 ? limiter.take(token, current.rateLimit) : 0),
  };
}

function makeStreams(seed: number): { fail: Random; throttle: Random; drop: Random } {
  return {
    fail: streamFor(seed, 'fail'),
    throttle: streamFor(seed, 'throttle'),
    drop: streamFor(seed, 'drop'),
  };
}
