// Retries against the emulator's fault knobs. Sleeps are recorded, not waited (except under the
// rate limit, whose bucket only refills with time), and nothing asserts on elapsed time.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import type { StepRecord } from '../../src/remote/contract.js';
import { caught, createSteps, routeCount, startTestEmulator, testClient } from './helpers.js';

let emu: Emulator;
let seeded: StepRecord[];
beforeAll(async () => {
  emu = await startTestEmulator();
  seeded = await createSteps(testClient(emu.url).client, 3, 250, 'seeded');
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.setFaults({});
  emu.resetStats();
});

/** With random() = 0.5 the full-jitter backoff waits half of min(5000, 200·2^retry). */
const BACKOFFS = [100, 200, 400, 800, 1600, 2500];

describe('reads under failures', () => {
  test('GETs survive 30% injected 503s, each retried after a backoff', async () => {
    emu.setFaults({ failRate: 0.3, seed: 11 });
    const { client, sleeps, events } = testClient(emu.url);
    for (let i = 0; i < 20; i++) expect((await client.getShop(1)).name).toBe('Alpha');
    expect(await client.listSteps(3)).toStrictEqual(seeded);
    const { injected } = emu.stats();
    expect(injected.failed).toBeGreaterThan(0);
    expect(client.stats().retries).toBe(injected.failed);
    expect(client.stats().requests).toBe(20 + 3 + injected.failed);
    expect(sleeps).toHaveLength(injected.failed);
    for (const ms of sleeps) expect(BACKOFFS).toContain(ms);
    expect(events.every((e) => e.type === 'retry' && e.reason === '503')).toBe(true);
  });

  test('a GET that keeps failing gives up after maxRetries with a server error', async () => {
    emu.setFaults({ failRate: 1 });
    const { client, sleeps } = testClient(emu.url);
    const error = await caught(client.getStep(3, seeded[0]?.id ?? 0));
    expect(error).toMatchObject({
      kind: 'server',
      status: 503,
      attempts: 6,
      outcome: 'not-applied',
      method: 'GET',
    });
    expect(error.message).toContain('after 6 attempts');
    expect(sleeps).toStrictEqual(BACKOFFS.slice(0, 5));
    expect(routeCount(emu, 'GET /api/steps/{id}/')).toBe(6);
  });

  test('maxRetries 0 means one attempt', async () => {
    emu.setFaults({ failRate: 1 });
    const { client, sleeps } = testClient(emu.url, { maxRetries: 0 });
    expect((await caught(client.getShop(1))).attempts).toBe(1);
    expect(sleeps).toStrictEqual([]);
  });
});

describe('throttling (429)', () => {
  test('Retry-After is honoured: the wait asked for is the wait taken', async () => {
    emu.setFaults({ throttleRate: 0.5, retryAfterMs: 20, seed: 5 });
    const { client, sleeps, events } = testClient(emu.url);
    for (let i = 0; i < 20; i++) await client.getShop(3);
    const throttled = emu.stats().injected.throttled;
    expect(throttled).toBeGreaterThan(0);
    expect(sleeps).toStrictEqual(new Array(throttled).fill(20));
    expect(client.stats().throttled).toBe(throttled);
    expect(events.filter((e) => e.type === 'throttled')).toHaveLength(throttled);
  });

  test('a very long Retry-After is capped at 60 s, and a 429 that never ends is a throttled error', async () => {
    emu.setFaults({ throttleRate: 1, retryAfterMs: 3_600_000 });
    const { client, sleeps } = testClient(emu.url, { maxRetries: 2 });
    const error = await caught(
      client.request('POST', '/api/steps/', { shop_id: 1 }, { name: 'never', type: 'message' }),
    );
    expect(error).toMatchObject({
      kind: 'throttled',
      status: 429,
      attempts: 3,
      outcome: 'not-applied',
    });
    expect(error.message).toContain('throttling');
    expect(sleeps).toStrictEqual([60_000, 60_000]);
  });

  test('writes are retried on 429 (nothing was done), and each lands exactly once', async () => {
    emu.setFaults({ throttleRate: 0.5, retryAfterMs: 10, seed: 9 });
    const { client } = testClient(emu.url);
    for (let i = 0; i < 15; i++)
      await client.request(
        'POST',
        '/api/steps/',
        { shop_id: 1 },
        { name: 'throttled-write', type: 'message' },
      );
    const throttled = emu.stats().injected.throttled;
    expect(throttled).toBeGreaterThan(0);
    expect(client.stats().throttled).toBe(throttled);
    emu.setFaults({});
    expect(await client.listSteps(1, { name: 'throttled-write' })).toHaveLength(15);
  });

  test('under the rate limit every call gets through, waiting as told', async () => {
    // A bucket of 4 refilled at 4 a second: 7 calls in a row meet an empty bucket unless they take
    // over 750 ms, so waits do happen; they are real here, as only time refills the bucket.
    emu.setFaults({ rateLimit: 4 });
    const waits: number[] = [];
    const { client } = testClient(emu.url, {
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    for (let i = 0; i < 7; i++) await client.getShop(1);
    const limited = emu.stats().injected.rateLimited;
    expect(limited).toBeGreaterThan(0);
    expect(client.stats().throttled).toBe(limited);
    expect(waits).toHaveLength(limited);
    for (const ms of waits) expect(ms).toBeGreaterThan(0);
  });
});

describe('writes whose outcome is unknown', () => {
  test('a 5xx on POST, PATCH or DELETE is not retried: outcome unknown', async () => {
    const { client, sleeps } = testClient(emu.url);
    const target = seeded[1];
    if (!target) throw new Error('no seeded step');
    emu.setFaults({ failRate: 1 });
    const calls: [string, () => Promise<unknown>][] = [
      [
        'POST /api/steps/',
        () => client.request('POST', '/api/steps/', { shop_id: 3 }, { name: 'x', type: 'message' }),
      ],
      [
        'PATCH /api/steps/{id}/',
        () =>
          client.request('PATCH', `/api/steps/${target.id}/`, { shop_id: 3 }, { text: 'changed' }),
      ],
      [
        'DELETE /api/steps/{id}/',
        () => client.request('DELETE', `/api/steps/${target.id}/`, { shop_id: 3 }),
      ],
    ];
    for (const [route, call] of calls) {
      const error = await caught(call());
      expect(error).toMatchObject({ kind: 'server', status: 503, outcome: 'unknown', attempts: 1 });
      expect(error.message).toContain('outcome is unknown');
      expect(routeCount(emu, route)).toBe(1);
    }
    expect(sleeps).toStrictEqual([]);
    expect(client.stats().retries).toBe(0);
  });

  test('a dropped answer (committed, then the connection cut) is a network error with outcome unknown', async () => {
    emu.setFaults({ dropRate: 1 });
    const { client, sleeps } = testClient(emu.url);
    const error = await caught(
      client.request(
        'POST',
        '/api/steps/',
        { shop_id: 1 },
        { name: 'dropped-create', type: 'message' },
      ),
    );
    expect(error).toMatchObject({
      kind: 'network',
      outcome: 'unknown',
      method: 'POST',
      path: '/api/steps/',
      attempts: 1,
    });
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('broke before an answer came');
    expect(error.message).toContain('outcome is unknown');
    expect(routeCount(emu, 'POST /api/steps/')).toBe(1);
    expect(emu.stats().injected.dropped).toBe(1);
    expect(sleeps).toStrictEqual([]);
    // GETs are never dropped, and the write did happen: exactly once.
    const found = await client.listSteps(1, { name: 'dropped-create' });
    expect(found).toHaveLength(1);
  });
});
