import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { FaultOptionError, startEmulator } from '../../src/emulator/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { ALICE, BOB, client, makeStep, startTestEmulator } from './helpers.js';
import type { Page, StepBody } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.setFaults({});
  emu.resetStats();
});

async function statuses(count: number): Promise<number[]> {
  const api = client(emu);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await api.get('/api/shops/')).status);
  return out;
}

describe('failRate', () => {
  test('fails that share of requests with 503, the same ones under the same seed', async () => {
    emu.setFaults({ failRate: 0.5, seed: 42 });
    const first = await statuses(40);
    emu.setFaults({ failRate: 0.5, seed: 42 });
    const again = await statuses(40);
    expect(again).toStrictEqual(first);
    expect(new Set(first)).toStrictEqual(new Set([200, 503]));
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
    emu.setFaults({ failRate: 0.5, seed: 43 });
    expect(await statuses(40)).not.toStrictEqual(first);
  });

  test('a 503 does nothing', async () => {
    emu.setFaults({ failRate: 1 });
    const res = await client(emu).post('/api/steps/?shop_id=1', { name: 'never', type: 'message' });
    expect(res.status).toBe(503);
    expect(res.body.detail).toMatch(/temporarily unavailable/);
    emu.setFaults({});
    expect(
      (await client(emu).get<Page<StepBody>>('/api/steps/?shop_id=1&name=never')).body.count,
    ).toBe(0);
    expect(emu.stats().injected.failed).toBe(1);
  });

  test('the same seed at start gives the same sequence', async () => {
    const run = async (): Promise<number[]> => {
      const other = await startTestEmulator({ faults: { failRate: 0.3 }, rngSeed: 7 });
      const api = client(other);
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await api.get('/api/shops/')).status);
      await other.close();
      return out;
    };
    expect(await run()).toStrictEqual(await run());
  });
});

describe('throttleRate', () => {
  test('answers 429 with Retry-After (seconds) and Retry-After-Ms', async () => {
    emu.setFaults({ throttleRate: 1 });
    const res = await client(emu).get('/api/shops/');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('retry-after-ms')).toBe('1000');
    expect(res.body).toStrictEqual({
      detail: 'Request was throttled. Expected available in 1 second.',
    });
  });

  test('retryAfterMs sets the wait asked for; Retry-After rounds it up to whole seconds', async () => {
    emu.setFaults({ throttleRate: 1, retryAfterMs: 50 });
    const short = await client(emu).get('/api/shops/');
    expect([short.headers.get('retry-after'), short.headers.get('retry-after-ms')]).toStrictEqual([
      '1',
      '50',
    ]);
    emu.setFaults({ throttleRate: 1, retryAfterMs: 2500 });
    const long = await client(emu).get('/api/shops/');
    expect([long.headers.get('retry-after'), long.headers.get('retry-after-ms')]).toStrictEqual([
      '3',
      '2500',
    ]);
  });

  test('is deterministic under a seed, and independent of the other knobs', async () => {
    emu.setFaults({ throttleRate: 0.4, seed: 5 });
    const alone = await statuses(30);
    emu.setFaults({ throttleRate: 0.4, dropRate: 0.9, seed: 5 });
    expect(await statuses(30)).toStrictEqual(alone);
  });
});

describe('rateLimit', () => {
  test('limits each token on its own; the excess gets 429 with Retry-After', async () => {
    // One request per 1000 s: the second one is over the limit however fast or slow the machine is.
    emu.setFaults({ rateLimit: 0.001 });
    expect((await client(emu, ALICE).get('/api/shops/')).status).toBe(200);
    const over = await client(emu, ALICE).get('/api/shops/');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(900);
    expect((await client(emu, BOB).get('/api/shops/')).status).toBe(200);
    expect(emu.stats().injected.rateLimited).toBe(1);
  });

  test('allows a burst of one second at the rate', async () => {
    emu.setFaults({ rateLimit: 2 });
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => client(emu).get('/api/shops/')),
    );
    const ok = answers.filter((a) => a.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(2);
    expect(ok).toBeLessThan(30);
  });
});

describe('dropRate', () => {
  test('commits the write, then hangs up without an answer', async () => {
    emu.setFaults({ dropRate: 1 });
    const res = await fetch(`${emu.url}/api/steps/?shop_id=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'dropped but done', type: 'message' }),
    }).then(
      () => 'answered',
      (error: Error) => `failed: ${error.message}`,
    );
    expect(res).toMatch(/^failed/);
    emu.setFaults({});
    const found = await client(emu).get<Page<StepBody>>(
      '/api/steps/?shop_id=1&name=dropped%20but%20done',
    );
    expect(found.body.count).toBe(1);
    expect(emu.stats().injected.dropped).toBe(1);
  });

  test('drops patches and deletes after they happen too', async () => {
    const step = await makeStep(client(emu), { name: 'drop-target', text: 'before' });
    emu.setFaults({ dropRate: 1 });
    const send = (method: string, body?: unknown) =>
      fetch(`${emu.url}/api/steps/${step.id}/?shop_id=1`, {
        method,
        headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then(
        () => 'answered',
        () => 'dropped',
      );
    expect(await send('PATCH', { text: 'after' })).toBe('dropped');
    emu.setFaults({});
    expect((await client(emu).get(`/api/steps/${step.id}/?shop_id=1`)).body.text).toBe('after');
    emu.setFaults({ dropRate: 1 });
    expect(await send('DELETE')).toBe('dropped');
    emu.setFaults({});
    expect((await client(emu).get(`/api/steps/${step.id}/?shop_id=1`)).status).toBe(404);
  });

  test('never drops reads, logins or failed writes', async () => {
    emu.setFaults({ dropRate: 1 });
    expect((await client(emu).get('/api/shops/')).status).toBe(200);
    expect(
      (
        await client(emu, null).post('/api/auth/login/', {
          username: 'alice',
          password: 'alice-pw',
        })
      ).status,
    ).toBe(200);
    expect(
      (await client(emu).post('/api/steps/?shop_id=1', { name: '', type: 'message' })).status,
    ).toBe(400);
  });

  test('drops the same writes under the same seed', async () => {
    const run = async (): Promise<string[]> => {
      emu.setFaults({ dropRate: 0.5, seed: 11 });
      const out: string[] = [];
      for (let i = 0; i < 16; i++) {
        out.push(
          await fetch(`${emu.url}/api/steps/?shop_id=1`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'application/json' },
            body: JSON.stringify({ name: `d${i}`, type: 'message' }),
          }).then(
            (r) => String(r.status),
            () => 'dropped',
          ),
        );
      }
      return out;
    };
    const first = await run();
    expect(await run()).toStrictEqual(first);
    expect(new Set(first)).toStrictEqual(new Set(['201', 'dropped']));
  });
});

describe('latency, stats and options', () => {
  test('latency delays but does not change answers', async () => {
    emu.setFaults({ latencyMs: 20 });
    expect((await client(emu).get('/api/shops/')).status).toBe(200);
  });

  test('counts requests by method and route template, and resets', async () => {
    const api = client(emu);
    const step = await makeStep(api, { name: 'counted' });
    await api.get('/api/steps/?shop_id=1');
    await api.get('/api/steps/?shop_id=1&offset=100');
    await api.get(`/api/steps/${step.id}/?shop_id=1`);
    await api.patch(`/api/steps/${step.id}/?shop_id=1`, { text: 'x' });
    await api.get('/nowhere/');
    const stats = emu.stats();
    expect(stats.byRoute).toStrictEqual({
      'POST /api/steps/': 1,
      'GET /api/steps/': 2,
      'GET /api/steps/{id}/': 1,
      'PATCH /api/steps/{id}/': 1,
      'GET (unmatched)': 1,
    });
    expect(stats.total).toBe(6);
    expect(stats.byStatus).toStrictEqual({ '200': 4, '201': 1, '404': 1 });
    emu.resetStats();
    expect(emu.stats().total).toBe(0);
  });

  test('close() does not wait for requests sleeping in their latency', async () => {
    const slow = await startTestEmulator({ faults: { latencyMs: 60_000 } });
    const pending = fetch(`${slow.url}/api/shops/`, {
      headers: { authorization: `Bearer ${ALICE}` },
    }).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await slow.close();
    expect(await pending).toBe('cut');
  });

  test('out-of-range knobs are refused with the knob named', async () => {
    expect(() => emu.setFaults({ failRate: 2 })).toThrow(FaultOptionError);
    expect(() => emu.setFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
    await expect(startEmulator({ faults: { dropRate: Number.NaN } })).rejects.toThrow(/dropRate/);
  });
});
