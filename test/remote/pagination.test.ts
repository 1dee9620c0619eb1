import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import type { MenuItemRecord, StepRecord } from '../../src/remote/contract.js';
import { ApiError } from '../../src/remote/errors.js';
import { fetchTransport } from '../../src/remote/transport.js';
import type { HttpTransport } from '../../src/remote/transport.js';
import { createSteps, routeCount, startTestEmulator, testClient } from './helpers.js';

let emu: Emulator;
/** Shop 3's steps: five pages. Shop 1 is left to the tests that count. */
let shop3: StepRecord[];
beforeAll(async () => {
  emu = await startTestEmulator();
  shop3 = await createSteps(testClient(emu.url).client, 3, 401, 'many');
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.setFaults({});
  emu.resetStats();
});

const expectedGets = (count: number): number => Math.max(1, Math.ceil(count / 100));

describe('reading a whole list', () => {
  test('0, 1, 100, 101 and 250 steps: every record, in id order, in exactly ceil(N/100) GETs', async () => {
    const { client: writer } = testClient(emu.url);
    const created: StepRecord[] = [];
    for (const target of [0, 1, 100, 101, 250]) {
      created.push(...(await createSteps(writer, 1, target - created.length, `n${target}`)));
      emu.resetStats();
      const { client } = testClient(emu.url);
      const steps = await client.listSteps(1);
      expect(steps).toStrictEqual(created);
      expect(routeCount(emu, 'GET /api/steps/')).toBe(expectedGets(target));
      expect(emu.stats().total).toBe(expectedGets(target));
      expect(client.stats()).toStrictEqual({
        requests: expectedGets(target),
        byMethod: { GET: expectedGets(target) },
        retries: 0,
        throttled: 0,
      });
    }
  });

  test('pages are asked for with limit=100 and increasing offsets, the first one first', async () => {
    const urls: string[] = [];
    const transport: HttpTransport = (req) => {
      urls.push(req.url.replace(emu.url, ''));
      return fetchTransport(req);
    };
    const { client } = testClient(emu.url, { transport });
    expect(await client.listSteps(3)).toStrictEqual(shop3);
    expect(urls[0]).toBe('/api/steps/?shop_id=3&limit=100&offset=0');
    expect([...urls].sort()).toStrictEqual(
      [0, 100, 200, 300, 400].map((o) => `/api/steps/?shop_id=3&limit=100&offset=${o}`),
    );
  });

  test('filters: steps by name, menu items by step', async () => {
    const { client } = testClient(emu.url);
    const [a, b] = await createSteps(client, 1, 2, 'filter');
    if (!a || !b) throw new Error('steps not created');
    const items: MenuItemRecord[] = [];
    for (let i = 0; i < 3; i++) {
      items.push(
        await client.request<MenuItemRecord>(
          'POST',
          '/api/menu_items/',
          { shop_id: 1 },
          { step: a.id, text: `go ${i}`, next_step: b.id },
        ),
      );
    }
    await client.request(
      'POST',
      '/api/menu_items/',
      { shop_id: 1 },
      { step: b.id, text: 'back', next_step: a.id },
    );
    expect(await client.listSteps(1, { name: 'filter-1' })).toStrictEqual([b]);
    expect(await client.listSteps(1, { name: 'no such name' })).toStrictEqual([]);
    expect(await client.listMenuItems(1, { step: a.id })).toStrictEqual(items);
    expect((await client.listMenuItems(1)).length).toBeGreaterThanOrEqual(4);
  });

  test('the remaining pages are fetched concurrently, at most pageConcurrency at once', async () => {
    emu.setFaults({ latencyMs: 20 });
    const measure = async (pageConcurrency?: number): Promise<number> => {
      let inFlight = 0;
      let most = 0;
      const transport: HttpTransport = async (req) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          return await fetchTransport(req);
        } finally {
          inFlight -= 1;
        }
      };
      const { client } = testClient(emu.url, {
        transport,
        ...(pageConcurrency === undefined ? {} : { pageConcurrency }),
      });
      expect(await client.listSteps(3)).toStrictEqual(shop3);
      expect(client.stats().byMethod.GET).toBe(5);
      return most;
    };
    expect(await measure()).toBe(4); // the first page alone, then the other four at once (default 8)
    expect(await measure(2)).toBe(2);
    expect(await measure(1)).toBe(1);
  });

  test('shops are a paged list too', async () => {
    const { client } = testClient(emu.url);
    expect((await client.listShops()).map((s) => s.id)).toStrictEqual([1, 3]);
    expect(routeCount(emu, 'GET /api/shops/')).toBe(1);
  });
});

describe('a list that changes while it is read', () => {
  /** A transport that lets `write` run (a real write to the emulator) right after each first page comes back. */
  const writingAfterFirstPage = (write: () => Promise<void>, times: number): HttpTransport => {
    let done = 0;
    return async (req) => {
      const res = await fetchTransport(req);
      if (req.url.includes('/api/steps/?') && req.url.endsWith('offset=0') && done < times) {
        done += 1;
        await write();
      }
      return res;
    };
  };

  test('is read again once, and then comes out whole', async () => {
    const { client: writer } = testClient(emu.url);
    const start = (await writer.listSteps(1)).length;
    await createSteps(writer, 1, Math.max(0, 150 - start), 'moving');
    const total = (await writer.listSteps(1)).length;
    const transport = writingAfterFirstPage(async () => {
      await writer.request(
        'POST',
        '/api/steps/',
        { shop_id: 1 },
        { name: 'late arrival', type: 'message' },
      );
    }, 1);
    emu.resetStats();
    const { client, events } = testClient(emu.url, { transport });
    const steps = await client.listSteps(1);
    expect(steps).toHaveLength(total + 1);
    expect(steps.at(-1)?.name).toBe('late arrival');
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
    expect(events).toStrictEqual([
      {
        type: 'list-reread',
        request: 'GET /api/steps/?shop_id=1',
        observed: `count ${total}, then ${total + 1}`,
      },
    ]);
    expect(client.stats().byMethod.GET).toBe(expectedGets(total) + expectedGets(total + 1));
  });

  test('fails clearly when it changes on the second read too', async () => {
    const { client: writer } = testClient(emu.url);
    const transport = writingAfterFirstPage(async () => {
      await writer.request(
        'POST',
        '/api/steps/',
        { shop_id: 1 },
        { name: 'busy', type: 'message' },
      );
    }, 2);
    const { client } = testClient(emu.url, { transport });
    const error = await client.listSteps(1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.kind).toBe('conflict');
    expect(apiError.path).toBe('/api/steps/');
    expect(apiError.message).toContain('changed while botform read it');
    expect(apiError.hint).toContain('Someone is editing the shop');
  });
});
