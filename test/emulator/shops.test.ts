import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { ALICE, BOB, client, makeItem, makeStep, startTestEmulator } from './helpers.js';
import type { Page } from './helpers.js';

interface ShopBody {
  id: number;
  name: string;
  start_step: number | null;
  created_at: string;
  updated_at: string;
}

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

describe('GET /api/shops/', () => {
  test('lists only the shops the user manages, by id, in the page shape', async () => {
    const alice = await client(emu, ALICE).get<Page<ShopBody>>('/api/shops/');
    expect(alice.status).toBe(200);
    expect(alice.body.count).toBe(2);
    expect(alice.body.results.map((s) => s.id)).toStrictEqual([1, 3]);
    expect(alice.body.next).toBeNull();
    const bob = await client(emu, BOB).get<Page<ShopBody>>('/api/shops/');
    expect(bob.body.results.map((s) => [s.id, s.name])).toStrictEqual([
      [2, 'Bob burgers'],
      [3, 'Shared shop'],
    ]);
  });

  test('pages with limit and offset', async () => {
    const page = await client(emu, ALICE).get<Page<ShopBody>>('/api/shops/?limit=1&offset=1');
    expect(page.body.results.map((s) => s.id)).toStrictEqual([3]);
    expect(page.body.previous).toBe(`${emu.url}/api/shops/?limit=1`);
    expect(page.body.next).toBeNull();
  });
});

describe('GET /api/shops/{id}/', () => {
  test('reads a managed shop', async () => {
    const res = await client(emu, ALICE).get<ShopBody>('/api/shops/1/');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 1, name: 'Alice pizza', start_step: null });
  });

  test("another user's shop is 403, a missing one 404", async () => {
    expect((await client(emu, ALICE).get('/api/shops/2/')).status).toBe(403);
    const missing = await client(emu, ALICE).get('/api/shops/999/');
    expect(missing.status).toBe(404);
    expect(missing.body).toStrictEqual({ detail: 'Shop 999 not found.' });
  });
});

describe('PATCH /api/shops/{id}/', () => {
  test('sets and clears start_step, moving updated_at forward', async () => {
    const api = client(emu, ALICE);
    const step = await makeStep(api, { name: 'start' });
    const before = (await api.get<ShopBody>('/api/shops/1/')).body;
    const set = await api.patch<ShopBody>('/api/shops/1/', { start_step: step.id });
    expect(set.status).toBe(200);
    expect(set.body.start_step).toBe(step.id);
    expect(set.body.updated_at > before.updated_at).toBe(true);
    const cleared = await api.patch<ShopBody>('/api/shops/1/', { start_step: null });
    expect(cleared.body.start_step).toBeNull();
    expect(cleared.body.updated_at > set.body.updated_at).toBe(true);
  });

  test('start_step must be a step of that shop', async () => {
    const api = client(emu, ALICE);
    const elsewhere = await makeStep(api, { name: 'in shop 3' }, 3);
    const res = await api.patch('/api/shops/1/', { start_step: elsewhere.id });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({
      start_step: [`Step ${elsewhere.id} does not exist in shop 1.`],
    });
    expect((await api.patch('/api/shops/1/', { start_step: 999999 })).status).toBe(400);
    expect((await api.patch('/api/shops/1/', { start_step: 'welcome' })).body).toHaveProperty(
      'start_step',
    );
  });

  test('read-only fields are ignored, unknown ones rejected', async () => {
    const api = client(emu, ALICE);
    const res = await api.patch<ShopBody>('/api/shops/1/', {
      id: 77,
      name: 'Renamed',
      created_at: 'x',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 1, name: 'Alice pizza' });
    const unknown = await api.patch('/api/shops/1/', { colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toStrictEqual({ colour: ['Unknown field.'] });
  });

  test("another user's shop cannot be changed", async () => {
    expect((await client(emu, ALICE).patch('/api/shops/2/', { start_step: null })).status).toBe(
      403,
    );
  });
});

describe('shop isolation', () => {
  test("bob can neither read nor change anything of alice's shop", async () => {
    const alice = client(emu, ALICE);
    const bob = client(emu, BOB);
    const step = await makeStep(alice, { name: 'secret' });
    const item = await makeItem(alice, { step: step.id, next_step: step.id });
    const attempts = [
      bob.get('/api/steps/?shop_id=1'),
      bob.get(`/api/steps/${step.id}/?shop_id=1`),
      bob.post('/api/steps/?shop_id=1', { name: 'x', type: 'message' }),
      bob.patch(`/api/steps/${step.id}/?shop_id=1`, { text: 'pwned' }),
      bob.del(`/api/steps/${step.id}/?shop_id=1`),
      bob.get('/api/menu_items/?shop_id=1'),
      bob.get(`/api/menu_items/${item.id}/?shop_id=1`),
      bob.post('/api/menu_items/?shop_id=1', { step: step.id, text: 'x', url: 'https://x.test' }),
      bob.patch(`/api/menu_items/${item.id}/?shop_id=1`, { text: 'pwned' }),
      bob.del(`/api/menu_items/${item.id}/?shop_id=1`),
      bob.patch('/api/shops/1/', { start_step: null }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body).toStrictEqual({ detail: 'You do not have permission to manage shop 1.' });
    }
  });

  test("through his own shop, bob still cannot reach alice's objects", async () => {
    const alice = client(emu, ALICE);
    const bob = client(emu, BOB);
    const step = await makeStep(alice, { name: 'private' });
    const item = await makeItem(alice, { step: step.id, url: 'https://example.com' });
    expect((await bob.get(`/api/steps/${step.id}/?shop_id=2`)).status).toBe(404);
    expect((await bob.patch(`/api/steps/${step.id}/?shop_id=2`, { text: 'x' })).status).toBe(404);
    expect((await bob.del(`/api/steps/${step.id}/?shop_id=2`)).status).toBe(404);
    expect((await bob.get(`/api/menu_items/${item.id}/?shop_id=2`)).status).toBe(404);
    expect((await bob.patch(`/api/menu_items/${item.id}/?shop_id=2`, { text: 'x' })).status).toBe(
      404,
    );
    expect((await bob.del(`/api/menu_items/${item.id}/?shop_id=2`)).status).toBe(404);
    const link = await bob.post('/api/steps/?shop_id=2', {
      name: 'x',
      type: 'message',
      next_step: step.id,
    });
    expect(link.status).toBe(400);
    const button = await bob.post('/api/menu_items/?shop_id=2', {
      step: step.id,
      text: 'x',
      url: 'https://x.test',
    });
    expect(button.status).toBe(400);
    expect(button.body).toStrictEqual({ step: [`Step ${step.id} does not exist in shop 2.`] });
    const list = await bob.get<Page<unknown>>(`/api/menu_items/?shop_id=2&step=${step.id}`);
    expect(list.body.count).toBe(0);
    expect((await alice.get(`/api/steps/${step.id}/?shop_id=1`)).body).toMatchObject({ text: '' });
  });

  test('a shop both manage is open to both', async () => {
    const made = await makeStep(client(emu, ALICE), { name: 'shared' }, 3);
    const seen = await client(emu, BOB).get(`/api/steps/${made.id}/?shop_id=3`);
    expect(seen.status).toBe(200);
  });
});
