import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { STEP_TYPES } from '../../src/steps/index.js';
import { client, makeItem, makeStep, startTestEmulator } from './helpers.js';
import type { Client, Page, StepBody } from './helpers.js';

let emu: Emulator;
let api: Client;
beforeAll(async () => {
  emu = await startTestEmulator();
  api = client(emu);
});
afterAll(() => emu.close());

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('POST /api/steps/', () => {
  test('creates a step and answers 201 with the full record, defaults filled in', async () => {
    const res = await api.post<StepBody>('/api/steps/?shop_id=1', {
      name: 'welcome',
      type: 'message',
    });
    expect(res.status).toBe(201);
    expect(res.body).toStrictEqual({
      id: expect.any(Number),
      shop: 1,
      name: 'welcome',
      type: 'message',
      text: '',
      next_step: null,
      params: {},
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: res.body.created_at,
    });
  });

  test('accepts every step type, with text, next_step and params', async () => {
    const target = await makeStep(api, { name: 'target' });
    for (const type of STEP_TYPES) {
      const params = {
        branches: [{ if: 'x > 1', next_step: target.id }],
        else_step: null,
        nested: { error_step: target.id },
      };
      const res = await api.post<StepBody>('/api/steps/?shop_id=1', {
        name: `s-${type}`,
        type,
        text: 'Hi ✓ 🍕',
        next_step: target.id,
        params,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ type, text: 'Hi ✓ 🍕', next_step: target.id, params });
    }
  });

  test('server-filled fields are ignored', async () => {
    const res = await api.post<StepBody>('/api/steps/?shop_id=1', {
      name: 'sneaky',
      type: 'message',
      id: 1,
      shop: 2,
      created_at: '2000-01-01T00:00:00.000Z',
      updated_at: 'x',
    });
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(1);
    expect(res.body.shop).toBe(1);
    expect(res.body.created_at).not.toBe('2000-01-01T00:00:00.000Z');
  });

  test('names need not be unique (the web constructor allows duplicates)', async () => {
    const a = await makeStep(api, { name: 'twin' });
    const b = await makeStep(api, { name: 'twin' });
    expect(a.id).not.toBe(b.id);
    const found = await api.get<Page<StepBody>>('/api/steps/?shop_id=1&name=twin');
    expect(found.body.results.map((s) => s.id)).toStrictEqual([a.id, b.id]);
  });

  test.each([
    [{}, { name: ['This field is required.'], type: ['This field is required.'] }],
    [{ name: '', type: 'message' }, { name: ['This field may not be blank.'] }],
    [
      { name: 'x'.repeat(256), type: 'message' },
      { name: ['Ensure this field has no more than 255 characters.'] },
    ],
    [{ name: null, type: 'message' }, { name: ['This field may not be null.'] }],
    [{ name: 42, type: 'message' }, { name: ['Not a valid string.'] }],
    [
      { name: 'x', type: 'video' },
      { type: [`"video" is not a valid choice; one of: ${STEP_TYPES.join(', ')}.`] },
    ],
    [
      { name: 'x', type: 'message', text: 'x'.repeat(10_001) },
      { text: ['Ensure this field has no more than 10000 characters.'] },
    ],
    [{ name: 'x', type: 'message', text: null }, { text: ['This field may not be null.'] }],
    [
      { name: 'x', type: 'message', next_step: 'welcome' },
      { next_step: ['Incorrect type. Expected pk value (a positive integer).'] },
    ],
    [
      { name: 'x', type: 'message', next_step: 1.5 },
      { next_step: ['Incorrect type. Expected pk value (a positive integer).'] },
    ],
    [
      { name: 'x', type: 'message', next_step: true },
      { next_step: ['Incorrect type. Expected pk value (a positive integer).'] },
    ],
    [{ name: 'x', type: 'message', params: [] }, { params: ['Expected an object.'] }],
    [{ name: 'x', type: 'message', params: null }, { params: ['Expected an object.'] }],
    [
      { name: 'x', type: 'message', params: { else_step: 'welcome' } },
      { 'params.else_step': ['Expected a step id (a positive integer) or null.'] },
    ],
    [
      { name: 'x', type: 'message', params: { a: [{ next_step: { id: 1 } }] } },
      { 'params.a.0.next_step': ['Expected a step id (a positive integer) or null.'] },
    ],
    [{ name: 'x', type: 'message', colour: 'red' }, { colour: ['Unknown field.'] }],
    [{ name: '\ud800', type: 'message' }, { name: ['Not valid Unicode text.'] }],
  ])('rejects %j with field errors', async (body, errors) => {
    const res = await api.post('/api/steps/?shop_id=1', body);
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual(errors);
  });

  test('names count characters, not bytes or UTF-16 units', async () => {
    expect(
      (await api.post('/api/steps/?shop_id=1', { name: '🍕'.repeat(255), type: 'message' })).status,
    ).toBe(201);
  });

  test('params are bounded in depth and size', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 17; i++) deep = { a: deep };
    const tooDeep = await api.post('/api/steps/?shop_id=1', {
      name: 'x',
      type: 'message',
      params: deep,
    });
    expect(tooDeep.body).toStrictEqual({ params: ['Nested deeper than 16 levels.'] });
    const big = await api.post('/api/steps/?shop_id=1', {
      name: 'x',
      type: 'message',
      params: { blob: 'x'.repeat(70_000) },
    });
    expect(big.body).toStrictEqual({ params: ['Larger than 65536 bytes as JSON.'] });
  });

  test('a reference to a missing step, or one of another shop, is a 400 naming the field', async () => {
    const other = await makeStep(api, { name: 'elsewhere' }, 3);
    const res = await api.post('/api/steps/?shop_id=1', {
      name: 'x',
      type: 'message',
      next_step: other.id,
    });
    expect(res.body).toStrictEqual({ next_step: [`Step ${other.id} does not exist in shop 1.`] });
    const param = await api.post('/api/steps/?shop_id=1', {
      name: 'x',
      type: 'condition',
      params: { branches: [{ next_step: 999999 }], else_step: other.id },
    });
    expect(param.status).toBe(400);
    expect(param.body).toStrictEqual({
      'params.branches.0.next_step': ['Step 999999 does not exist in shop 1.'],
      'params.else_step': [`Step ${other.id} does not exist in shop 1.`],
    });
  });

  test('shop_id is required and must be an integer; the shop must exist', async () => {
    expect((await api.post('/api/steps/', { name: 'x', type: 'message' })).body).toStrictEqual({
      shop_id: ['This query parameter is required.'],
    });
    expect(
      (await api.post('/api/steps/?shop_id=abc', { name: 'x', type: 'message' })).body,
    ).toStrictEqual({ shop_id: ['A valid integer is required.'] });
    expect((await api.get('/api/steps/?shop_id=0')).status).toBe(400);
    expect((await api.get('/api/steps/?shop_id=-1')).status).toBe(400);
    const missing = await api.get('/api/steps/?shop_id=999');
    expect(missing.status).toBe(404);
  });
});

describe('GET /api/steps/{id}/', () => {
  test('reads one step; unknown ids and other shops are 404', async () => {
    const step = await makeStep(api, { name: 'one', text: 'hello' });
    const res = await api.get<StepBody>(`/api/steps/${step.id}/?shop_id=1`);
    expect(res.body).toStrictEqual(step);
    expect((await api.get('/api/steps/999999/?shop_id=1')).body).toStrictEqual({
      detail: 'Step 999999 not found.',
    });
    expect((await api.get(`/api/steps/${step.id}/?shop_id=3`)).status).toBe(404);
    expect((await api.get(`/api/steps/${step.id}/`)).status).toBe(400);
  });
});

describe('PATCH /api/steps/{id}/', () => {
  test('changes only the fields sent; updated_at strictly increases on quick updates', async () => {
    const step = await makeStep(api, { name: 'patchme', text: 'a', params: { x: 1 } });
    let last = step.updated_at;
    for (const text of ['b', 'c', 'd', 'e']) {
      const res = await api.patch<StepBody>(`/api/steps/${step.id}/?shop_id=1`, { text });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: 'patchme',
        text,
        params: { x: 1 },
        created_at: step.created_at,
      });
      expect(res.body.updated_at > last).toBe(true);
      last = res.body.updated_at;
    }
    const retyped = await api.patch<StepBody>(`/api/steps/${step.id}/?shop_id=1`, {
      type: 'question',
      params: {},
      name: 'renamed',
    });
    expect(retyped.body).toMatchObject({
      type: 'question',
      params: {},
      name: 'renamed',
      text: 'e',
    });
  });

  test('may point a step at itself, and clear next_step with null', async () => {
    const step = await makeStep(api, { name: 'loop' });
    const self = await api.patch<StepBody>(`/api/steps/${step.id}/?shop_id=1`, {
      next_step: step.id,
      params: { retry_step: step.id },
    });
    expect(self.body.next_step).toBe(step.id);
    const cleared = await api.patch<StepBody>(`/api/steps/${step.id}/?shop_id=1`, {
      next_step: null,
    });
    expect(cleared.body.next_step).toBeNull();
    expect(cleared.body.params).toStrictEqual({ retry_step: step.id });
  });

  test('validates like create, and a bad patch changes nothing', async () => {
    const step = await makeStep(api, { name: 'strict', text: 'keep' });
    const res = await api.patch(`/api/steps/${step.id}/?shop_id=1`, {
      text: 'changed',
      next_step: 999999,
    });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({ next_step: ['Step 999999 does not exist in shop 1.'] });
    expect((await api.patch(`/api/steps/${step.id}/?shop_id=1`, { name: '' })).status).toBe(400);
    expect((await api.patch(`/api/steps/${step.id}/?shop_id=1`, { shop: 3 })).status).toBe(200);
    expect((await api.get<StepBody>(`/api/steps/${step.id}/?shop_id=1`)).body).toMatchObject({
      text: 'keep',
      shop: 1,
    });
    expect((await api.patch('/api/steps/999999/?shop_id=1', { text: 'x' })).status).toBe(404);
  });
});

describe('DELETE /api/steps/{id}/', () => {
  test('deletes (204), after which the step is gone', async () => {
    const step = await makeStep(api, { name: 'doomed' });
    const res = await api.del(`/api/steps/${step.id}/?shop_id=1`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await api.get(`/api/steps/${step.id}/?shop_id=1`)).status).toBe(404);
    expect((await api.del(`/api/steps/${step.id}/?shop_id=1`)).status).toBe(404);
  });

  test('deletes its own menu items; its own references do not block', async () => {
    const step = await makeStep(api, { name: 'self' });
    await api.patch(`/api/steps/${step.id}/?shop_id=1`, {
      next_step: step.id,
      params: { again_step: step.id },
    });
    const target = await makeStep(api, { name: 'somewhere' });
    const a = await makeItem(api, { step: step.id, next_step: step.id });
    const b = await makeItem(api, { step: step.id, next_step: target.id });
    expect((await api.del(`/api/steps/${step.id}/?shop_id=1`)).status).toBe(204);
    expect((await api.get(`/api/menu_items/${a.id}/?shop_id=1`)).status).toBe(404);
    expect((await api.get(`/api/menu_items/${b.id}/?shop_id=1`)).status).toBe(404);
    // The target is free again now that the deleted step's button is gone.
    expect((await api.del(`/api/steps/${target.id}/?shop_id=1`)).status).toBe(204);
  });

  test.each([
    [
      'next_step of another step',
      async (target: StepBody) => {
        await makeStep(api, { name: 'ref-by-next', next_step: target.id });
      },
      /step \d+ \("ref-by-next"\) next_step/,
    ],
    [
      'params of another step',
      async (target: StepBody) => {
        await makeStep(api, {
          name: 'ref-by-params',
          type: 'condition',
          params: { branches: [{ next_step: target.id }] },
        });
      },
      /step \d+ \("ref-by-params"\) params\.branches\.0\.next_step/,
    ],
    [
      'a menu item of another step',
      async (target: StepBody) => {
        const s = await makeStep(api, { name: 'holder' });
        await makeItem(api, { step: s.id, next_step: target.id });
      },
      /menu item \d+ of step \d+ next_step/,
    ],
    [
      'the shop start_step',
      async (target: StepBody) => {
        await api.patch('/api/shops/1/', { start_step: target.id });
      },
      /shop 1 start_step/,
    ],
  ])(
    'a step still referenced by %s is a 409 naming the referrer',
    async (_what, refer, message) => {
      const target = await makeStep(api, { name: 'wanted' });
      await refer(target);
      const res = await api.del<{ detail: string }>(`/api/steps/${target.id}/?shop_id=1`);
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(message);
      expect(res.body.detail).toContain(`Step ${target.id} is still referenced by`);
      expect((await api.get(`/api/steps/${target.id}/?shop_id=1`)).status).toBe(200);
      await api.patch('/api/shops/1/', { start_step: null });
    },
  );

  test('a 409 names ten referrers and counts the rest', async () => {
    const target = await makeStep(api, { name: 'popular' });
    for (let i = 0; i < 12; i++) await makeStep(api, { name: `fan-${i}`, next_step: target.id });
    const res = await api.del<{ detail: string }>(`/api/steps/${target.id}/?shop_id=1`);
    expect(res.body.detail).toMatch(/, and 2 more\. Remove those references first\.$/);
  });
});
