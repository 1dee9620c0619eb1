// The small deterministic pieces under the fault knobs and timestamps.
import { describe, expect, test } from 'vitest';
import { createClock } from '../../src/emulator/clock.js';
import { mulberry32, streamFor } from '../../src/prng.js';
import { createRateLimiter } from '../../src/emulator/rate-limit.js';

describe('clock', () => {
  test('strictly increasing even when the wall clock stands still or goes back', () => {
    let now = Date.parse('2025-01-01T00:00:00.000Z');
    const clock = createClock(null, () => now);
    const a = clock.tick();
    const b = clock.tick();
    now -= 60_000;
    const c = clock.tick();
    expect(a).toBe('2025-01-01T00:00:00.000Z');
    expect([b, c]).toStrictEqual(['2025-01-01T00:00:00.001Z', '2025-01-01T00:00:00.002Z']);
  });

  test('starts after the newest stored timestamp', () => {
    const clock = createClock('2030-01-01T00:00:00.000Z', () =>
      Date.parse('2025-01-01T00:00:00.000Z'),
    );
    expect(clock.tick()).toBe('2030-01-01T00:00:00.001Z');
  });
});

describe('prng', () => {
  test('same seed, same numbers in [0, 1); streams differ by name', () => {
    const take = (r: () => number) => Array.from({ length: 5 }, r);
    expect(take(mulberry32(1))).toStrictEqual(take(mulberry32(1)));
    expect(take(mulberry32(1))).not.toStrictEqual(take(mulberry32(2)));
    expect(take(streamFor(1, 'fail'))).not.toStrictEqual(take(streamFor(1, 'drop')));
    expect(take(mulberry32(99)).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('rate limiter', () => {
  test('a burst up to the rate, then the wait until the next request is allowed', () => {
    let now = 0;
    const limiter = createRateLimiter(() => now);
    expect([limiter.take('t', 2), limiter.take('t', 2)]).toStrictEqual([0, 0]);
    expect(limiter.take('t', 2)).toBe(500);
    expect(limiter.take('other', 2)).toBe(0);
    now = 500;
    expect(limiter.take('t', 2)).toBe(0);
    expect(limiter.take('t', 2)).toBe(500);
  });

  test('rates below one a second allow one request, then ask for the long wait', () => {
    let now = 0;
    const limiter = createRateLimiter(() => now);
    expect(limiter.take('t', 0.5)).toBe(0);
    expect(limiter.take('t', 0.5)).toBe(2000);
    now = 2000;
    expect(limiter.take('t', 0.5)).toBe(0);
  });
});
