import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { client, makeItem, makeStep, startTestEmulator } from './helpers.js';
import type { Client, ItemBody, Page, StepBody } from './helpers.js';

let emu: Emulator;
let api: Client;
let ids: number[];
beforeAll(async () => {
  emu = await startTestEmulator();
  api = client(emu);
  ids = [];
  // Concurrent batches: the order of ids is whatever the server gave, and the list must follow it.
  for (let batch = 0; batch < 5; batch++) {
    const made = await Promise.all(
      Array.from({ length: 50 }, (_, i) => makeStep(api, { name: `s${batch * 50 + i}` })),
    );
    ids.push(...made.map((s) => s.id));
  }
  ids.sort((a, b) => a - b);
});
afterAll(() => emu.close());

const page = (query: string) => api.get<Page<StepBody>>(`/api/steps/?shop_id=1${query}`);

describe('limit/offset pages of at most 100', () => {
  test('250 steps: three pages with absolute next/previous links', async () => {
    const first = await page('');
    expect(first.body.count).toBe(250);
    expect(first.body.results.map((s) => s.id)).toStrictEqual(ids.slice(0, 100));
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toBe(`${emu.url}/api/steps/?shop_id=1&limit=100&offset=100`);

    const second = await page('&limit=100&offset=100');
    expect(second.body.results.map((s) => s.id)).toStrictEqual(ids.slice(100, 200));
    expect(second.body.previous).toBe(`${emu.url}/api/steps/?shop_id=1&limit=100`);
    expect(second.body.next).toBe(`${emu.url}/api/steps/?shop_id=1&limit=100&offset=200`);

    const third = await page('&limit=100&offset=200');
    expect(third.body.results.map((s) => s.id)).toStrictEqual(ids.slice(200));
    expect(third.body.next).toBeNull();
    expect(third.body.previous).toBe(`${emu.url}/api/steps/?shop_id=1&limit=100&offset=100`);
  });

  test('following next links visits every step once, in id order', async () => {
    const seen: number[] = [];
    let url: string | null = `/api/steps/?shop_id=1&limit=37`;
    while (url) {
      const res: { body: Page<StepBody> } = await api.get<Page<StepBody>>(url.replace(emu.url, ''));
      seen.push(...res.body.results.map((s) => s.id));
      url = res.body.next;
    }
    expect(seen).toStrictEqual(ids);
  });

  test('limit above 100 is cut to 100, and the links say so', async () => {
    const res = await page('&limit=500');
    expect(res.body.results).toHaveLength(100);
    expect(res.body.next).toBe(`${emu.url}/api/steps/?shop_id=1&limit=100&offset=100`);
  });

  test('offsets that do not fall on a page boundary, and past the end', async () => {
    const odd = await page('&limit=10&offset=245');
    expect(odd.body.results.map((s) => s.id)).toStrictEqual(ids.slice(245));
    expect(odd.body.next).toBeNull();
    expect(odd.body.previous).toBe(`${emu.url}/api/steps/?shop_id=1&limit=10&offset=235`);
    const near = await page('&limit=10&offset=5');
    expect(near.body.previous).toBe(`${emu.url}/api/steps/?shop_id=1&limit=10`);
    const past = await page('&offset=1000');
    expect(past.body).toMatchObject({ count: 250, results: [], next: null });
  });

  test('links keep the other query parameters', async () => {
    const res = await api.get<Page<StepBody>>('/api/steps/?name=s7&shop_id=1&limit=1');
    expect(res.body.count).toBe(1);
    expect(res.body.next).toBeNull();
    const all = await api.get<Page<StepBody>>('/api/steps/?shop_id=1&limit=1&extra=kept');
    expect(all.body.next).toBe(`${emu.url}/api/steps/?shop_id=1&limit=1&extra=kept&offset=1`);
  });

  test.each([
    'limit=0',
    'limit=abc',
    'limit=-5',
    'offset=-1',
    'offset=1.5',
    'limit=',
    'offset=99999999999999999999',
  ])('a malformed %s is a 400 naming the parameter', async (query) => {
    const res = await page(`&${query}`);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toStrictEqual([query.split('=')[0]]);
  });

  test('menu items page the same way', async () => {
    const step = await makeStep(api, { name: 'many buttons' });
    const made: ItemBody[] = [];
    for (let i = 0; i < 120; i++)
      made.push(await makeItem(api, { step: step.id, url: `https://x.test/${i}` }));
    const first = await api.get<Page<ItemBody>>(
      `/api/menu_items/?shop_id=1&step=${step.id}&limit=500`,
    );
    expect(first.body.count).toBe(120);
    expect(first.body.results).toHaveLength(100);
    expect(first.body.next).toBe(
      `${emu.url}/api/menu_items/?shop_id=1&step=${step.id}&limit=100&offset=100`,
    );
    const rest = await api.get<Page<ItemBody>>(first.body.next!.replace(emu.url, ''));
    expect([...first.body.results, ...rest.body.results].map((i) => i.id)).toStrictEqual(
      made.map((i) => i.id),
    );
  });

  test('links use the host the client addressed', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${emu.url}/api/steps/?shop_id=1`,
        {
          headers: { host: 'emulator.test:9999', authorization: 'Bearer alice-static-token-0001' },
        },
        (res) => {
          let text = '';
          res
            .setEncoding('utf8')
            .on('data', (chunk: string) => (text += chunk))
            .on('end', () => resolve(text));
        },
      );
      req.on('error', reject).end();
    });
    expect((JSON.parse(body) as Page<StepBody>).next).toBe(
      'http://emulator.test:9999/api/steps/?shop_id=1&limit=100&offset=100',
    );
  });
});
