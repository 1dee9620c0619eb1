// The retry rules and the page assembly as pure functions: what the emulator cannot be made to
// send (a Retry-After without Retry-After-Ms, an HTTP-date) and the whole decision table.
import { describe, expect, test } from 'vitest';
import { readAllPages } from '../../src/remote/pages.js';
import {
  BACKOFF_CAP_MS,
  RETRY_AFTER_CAP_MS,
  backoffMs,
  decideRetry,
  retryAfterMs,
} from '../../src/remote/retry.js';
import type { Failure, RetryPolicy } from '../../src/remote/retry.js';
import { TransportError } from '../../src/remote/transport.js';
import type { HttpMethod } from '../../src/remote/transport.js';

const NOW = Date.parse('2025-03-01T10:00:00Z');

describe('Retry-After', () => {
  test('Retry-After-Ms wins, then seconds, then an HTTP-date; capped at 60 s', () => {
    expect(retryAfterMs({ 'retry-after': '2', 'retry-after-ms': '1500' }, NOW)).toBe(1500);
    expect(retryAfterMs({ 'retry-after': '2' }, NOW)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': '0' }, NOW)).toBe(0);
    expect(retryAfterMs({ 'retry-after': 'Sat, 01 Mar 2025 10:00:07 GMT' }, NOW)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 'Sat, 01 Mar 2025 09:59:00 GMT' }, NOW)).toBe(0);
    expect(retryAfterMs({ 'retry-after': '86400' }, NOW)).toBe(RETRY_AFTER_CAP_MS);
    expect(retryAfterMs({}, NOW)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after-ms': 'x', 'retry-after': '3' }, NOW)).toBe(3000);
  });
});

describe('backoff', () => {
  test('full jitter under an exponential ceiling, capped', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((retry) => backoffMs(retry, () => 0.999999))).toStrictEqual([
      199, 399, 799, 1599, 3199, 4999, 4999,
    ]);
    expect(backoffMs(3, () => 0)).toBe(0);
    for (let retry = 0; retry < 12; retry++)
      expect(backoffMs(retry, Math.random)).toBeLessThan(BACKOFF_CAP_MS);
  });
});

describe('decideRetry', () => {
  const policy: RetryPolicy = { maxRetries: 5, random: () => 0.5, now: () => NOW };
  const status = (code: number, headers: Record<string, string> = {}): Failure => ({
    type: 'status',
    status: code,
    headers,
  });
  const transport = (kind: TransportError['kind'], sent: boolean): Failure => ({
    type: 'transport',
    error: new TransportError(kind, sent, kind),
  });
  const retries = (method: HttpMethod, failure: Failure, idempotent = method === 'GET'): boolean =>
    decideRetry(method, idempotent, failure, 0, policy).retry;

  test.each(['GET', 'POST', 'PATCH', 'DELETE'] as HttpMethod[])(
    '%s: 429 always; refused and dns always',
    (method) => {
      expect(retries(method, status(429))).toBe(true);
      expect(retries(method, transport('refused', false))).toBe(true);
      expect(retries(method, transport('dns', false))).toBe(true);
    },
  );

  test('GET: 5xx, timeouts, resets and other failures are retried; 4xx are not', () => {
    for (const failure of [
      status(500),
      status(502),
      status(503),
      transport('timeout', true),
      transport('reset', true),
      transport('other', true),
    ]) {
      expect(retries('GET', failure)).toBe(true);
    }
    for (const code of [400, 401, 403, 404, 409, 413])
      expect(retries('GET', status(code))).toBe(false);
  });

  test.each(['POST', 'PATCH', 'DELETE'] as HttpMethod[])(
    '%s: never after 5xx, timeout or reset',
    (method) => {
      for (const failure of [
        status(500),
        status(503),
        transport('timeout', true),
        transport('reset', true),
        transport('other', true),
        status(400),
        status(409),
      ]) {
        expect(retries(method, failure)).toBe(false);
      }
    },
  );

  test('the login (a POST that changes nothing) is retried like a GET', () => {
    expect(retries('POST', status(503), true)).toBe(true);
    expect(retries('POST', transport('reset', true), true)).toBe(true);
  });

  test('429 waits as asked, or backs off when not told; nothing after maxRetries', () => {
    expect(
      decideRetry('POST', false, status(429, { 'retry-after': '3' }), 0, policy),
    ).toStrictEqual({ retry: true, delayMs: 3000, throttled: true, reason: '429' });
    expect(decideRetry('POST', false, status(429), 2, policy)).toStrictEqual({
      retry: true,
      delayMs: 400,
      throttled: true,
      reason: '429',
    });
    expect(decideRetry('GET', true, status(429), 5, policy)).toStrictEqual({ retry: false });
    expect(decideRetry('GET', true, status(503), 5, policy)).toStrictEqual({ retry: false });
  });
});

describe('readAllPages', () => {
  const records = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => ({ id: from + i + 1 }));

  test('a server with smaller pages than asked: offsets follow its page size', async () => {
    const asked: number[] = [];
    const all = records(0, 120);
    const items = await readAllPages(
      async (offset) => {
        asked.push(offset);
        return { count: 120, next: null, previous: null, results: all.slice(offset, offset + 50) };
      },
      { limit: 100, concurrency: 8 },
    );
    expect(items).toStrictEqual(all);
    expect(asked.sort((a, b) => a - b)).toStrictEqual([0, 50, 100]);
  });

  test('duplicates across pages are dropped, keeping offset order', async () => {
    const pages: Record<number, { id: number }[]> = {
      0: [{ id: 1 }, { id: 2 }],
      2: [{ id: 2 }, { id: 3 }],
    };
    const onRetry: string[] = [];
    // Four distinct ids are promised, three come: read again, then given up on.
    await expect(
      readAllPages(
        async (offset) => ({ count: 4, next: null, previous: null, results: pages[offset] ?? [] }),
        {
          limit: 2,
          concurrency: 2,
          onRetry: (o) => onRetry.push(o),
        },
      ),
    ).rejects.toThrow(/count 4, but 3 distinct records/);
    expect(onRetry).toHaveLength(1);
    const items = await readAllPages(
      async (offset) => ({
        count: 3,
        next: null,
        previous: null,
        results: (pages[offset] ?? []).slice(0, 2),
      }),
      {
        limit: 2,
        concurrency: 2,
      },
    );
    expect(items).toStrictEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });
});
