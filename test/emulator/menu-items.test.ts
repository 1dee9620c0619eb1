import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { client, makeItem, makeStep, startTestEmulator } from './helpers.js';
import type { Client, ItemBody, Page, StepBody } from './helpers.js';

let emu: Emulator;
let api: Client;
let home: StepBody;
let next: StepBody;
beforeAll(async () => {
  emu = await startTestEmulator();
  api = client(emu);
  home = await makeStep(api, { name: 'home' });
  next = await makeStep(api, { name: 'next' });
});
afterAll(() => emu.close());

describe('POST /api/menu_items/', () => {
  test('creates a step button and a link button (201, full record)', async () => {
    const step = await makeStep(api, { name: 'buttons' });
    const go = await api.post<ItemBody>('/api/menu_items/?shop_id=1', {
      step: step.id,
      text: 'Menu',
      next_step: next.id,
    });
    expect(go.status).toBe(201);
    expect(go.body).toStrictEqual({
      id: expect.any(Number),
      step: step.id,
      text: 'Menu',
      next_step: next.id,
      url: null,
      position: 0,
      created_at: expect.any(String),
      updated_at: go.body.created_at,
    });
    const link = await api.post<ItemBody>('/api/menu_items/?shop_id=1', {
      step: step.id,
      text: 'Site',
      url: 'https://example.com/a?b=c',
      next_step: null,
    });
    expect(link.body).toMatchObject({
      url: 'https://example.com/a?b=c',
      next_step: null,
      position: 1,
    });
  });

  test("position defaults to the end of that step's list", async () => {
    const step = await makeStep(api, { name: 'positions' });
    await makeItem(api, { step: step.id, next_step: home.id, position: 7 });
    const after = await makeItem(api, { step: step.id, next_step: home.id });
    expect(after.position).toBe(8);
    const other = await makeStep(api, { name: 'fresh' });
    expect((await makeItem(api, { step: other.id, url: 'http://x.test' })).position).toBe(0);
  });

  test.each([
    [
      { step: 0, text: 'x', url: 'https://x.test' },
      { step: ['Incorrect type. Expected pk value (a positive integer).'] },
    ],
    [{ text: 'x', url: 'https://x.test' }, { step: ['This field is required.'] }],
    [{ step: 1, url: 'https://x.test' }, { text: ['This field is required.'] }],
    [{ step: 1, text: '', url: 'https://x.test' }, { text: ['This field may not be blank.'] }],
    [
      { step: 1, text: 'x'.repeat(256), url: 'https://x.test' },
      { text: ['Ensure this field has no more than 255 characters.'] },
    ],
    [{ step: 1, text: 'x', url: 'ftp://x.test' }, { url: ['Enter a valid URL (http or https).'] }],
    [{ step: 1, text: 'x', url: 'not a url' }, { url: ['Enter a valid URL (http or https).'] }],
    [
      { step: 1, text: 'x', url: `https://x.test/${'a'.repeat(2048)}` },
      { url: ['Ensure this field has no more than 2048 characters.'] },
    ],
    [
      { step: 1, text: 'x', url: 'https://x.test', position: -1 },
      { position: ['Ensure this value is greater than or equal to 0.'] },
    ],
    [
      { step: 1, text: 'x', url: 'https://x.test', position: 1.5 },
      { position: ['A valid integer is required.'] },
    ],
    [
      { step: 1, text: 'x', url: 'https://x.test', position: 10_000_000 },
      { position: ['Ensure this value is less than or equal to 1000000.'] },
    ],
    [{ step: 1, text: 'x', url: 'https://x.test', goto: 'home' }, { goto: ['Unknown field.'] }],
  ])('rejects %j with field errors', async (body, errors) => {
    const res = await api.post('/api/menu_items/?shop_id=1', body);
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual(errors);
  });

  test('needs exactly one of next_step and url', async () => {
    const both = await api.post('/api/menu_items/?shop_id=1', {
      step: home.id,
      text: 'x',
      next_step: next.id,
      url: 'https://x.test',
    });
    const neither = await api.post('/api/menu_items/?shop_id=1', { step: home.id, text: 'x' });
    for (const res of [both, neither]) {
      expect(res.status).toBe(400);
      expect(res.body).toStrictEqual({
        non_field_errors: ['A menu item needs exactly one of next_step or url.'],
      });
    }
  });

  test('step and next_step must be steps of the shop', async () => {
    const other = await makeStep(api, { name: 'other shop' }, 3);
    const res = await api.post('/api/menu_items/?shop_id=1', {
      step: other.id,
      text: 'x',
      next_step: 999999,
    });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({
      step: [`Step ${other.id} does not exist in shop 1.`],
      next_step: ['Step 999999 does not exist in shop 1.'],
    });
  });

  test('shop_id is required', async () => {
    expect(
      (await api.post('/api/menu_items/', { step: home.id, text: 'x', url: 'https://x.test' }))
        .body,
    ).toStrictEqual({
      shop_id: ['This query parameter is required.'],
    });
    expect((await api.get('/api/menu_items/')).status).toBe(400);
  });
});

describe('GET /api/menu_items/', () => {
  test('filters by step, ordered by id', async () => {
    const step = await makeStep(api, { name: 'filtered' });
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await makeItem(api, { step: step.id, next_step: home.id, position: 3 - i })).id);
    const res = await api.get<Page<ItemBody>>(`/api/menu_items/?shop_id=1&step=${step.id}`);
    expect(res.body.count).toBe(3);
    expect(res.body.results.map((i) => i.id)).toStrictEqual(ids);
    expect((await api.get('/api/menu_items/?shop_id=1&step=abc')).body).toStrictEqual({
      step: ['A valid integer is required.'],
    });
  });

  test('lists every item of the shop without a filter, and only of that shop', async () => {
    await makeItem(
      api,
      { step: (await makeStep(api, { name: 'shop3' }, 3)).id, url: 'https://x.test' },
      3,
    );
    const all = await api.get<Page<ItemBody>>('/api/menu_items/?shop_id=1');
    const stepIds = new Set(
      (await api.get<Page<StepBody>>('/api/steps/?shop_id=1')).body.results.map((s) => s.id),
    );
    expect(all.body.results.every((i) => stepIds.has(i.step))).toBe(true);
  });
});

describe('GET, PATCH, DELETE /api/menu_items/{id}/', () => {
  test('reads one; 404 for unknown ids', async () => {
    const item = await makeItem(api, { step: home.id, next_step: next.id });
    expect((await api.get(`/api/menu_items/${item.id}/?shop_id=1`)).body).toStrictEqual(item);
    expect((await api.get('/api/menu_items/999999/?shop_id=1')).body).toStrictEqual({
      detail: 'Menu item 999999 not found.',
    });
  });

  test('patches some fields; the exactly-one rule holds for the result', async () => {
    const item = await makeItem(api, { step: home.id, next_step: next.id, text: 'old' });
    const relabel = await api.patch<ItemBody>(`/api/menu_items/${item.id}/?shop_id=1`, {
      text: 'new',
      position: 4,
    });
    expect(relabel.body).toMatchObject({ text: 'new', position: 4, next_step: next.id, url: null });
    expect(relabel.body.updated_at > item.updated_at).toBe(true);
    const both = await api.patch(`/api/menu_items/${item.id}/?shop_id=1`, {
      url: 'https://x.test',
    });
    expect(both.status).toBe(400);
    const toLink = await api.patch<ItemBody>(`/api/menu_items/${item.id}/?shop_id=1`, {
      url: 'https://x.test',
      next_step: null,
    });
    expect(toLink.body).toMatchObject({ url: 'https://x.test', next_step: null });
    const neither = await api.patch(`/api/menu_items/${item.id}/?shop_id=1`, { url: null });
    expect(neither.status).toBe(400);
  });

  test('may move an item to another step of the shop, not of another shop', async () => {
    const item = await makeItem(api, { step: home.id, next_step: next.id });
    const moved = await api.patch<ItemBody>(`/api/menu_items/${item.id}/?shop_id=1`, {
      step: next.id,
    });
    expect(moved.body.step).toBe(next.id);
    const other = await makeStep(api, { name: 'far' }, 3);
    expect(
      (await api.patch(`/api/menu_items/${item.id}/?shop_id=1`, { step: other.id })).body,
    ).toStrictEqual({
      step: [`Step ${other.id} does not exist in shop 1.`],
    });
    expect(
      (await api.patch(`/api/menu_items/${item.id}/?shop_id=1`, { step: null })).body,
    ).toStrictEqual({
      step: ['This field may not be null.'],
    });
  });

  test('deletes (204); a second delete is 404', async () => {
    const item = await makeItem(api, { step: home.id, url: 'https://x.test' });
    expect((await api.del(`/api/menu_items/${item.id}/?shop_id=1`)).status).toBe(204);
    expect((await api.del(`/api/menu_items/${item.id}/?shop_id=1`)).status).toBe(404);
    expect((await api.patch(`/api/menu_items/${item.id}/?shop_id=1`, { text: 'x' })).status).toBe(
      404,
    );
  });
});
