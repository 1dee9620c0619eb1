// The emulator's error answers as the client reports them: kind, status, fields, outcome, and a
// message that says what to do.
import { describe, expect, test } from 'vitest';
import type { StepRecord } from '../../src/remote/contract.js';
import { BOB_PASSWORD, caught, testClient, useTestEmulator } from './helpers.js';

const emulator = useTestEmulator();

describe('403 forbidden', () => {
  test('names the shop and how to list the account’s shops', async () => {
    const { client } = testClient(emulator().url);
    const error = await caught(client.listSteps(2));
    expect(error).toMatchObject({
      kind: 'forbidden',
      status: 403,
      outcome: 'not-applied',
      method: 'GET',
      path: '/api/steps/',
    });
    expect(error.message).toContain('This account may not manage shop 2');
    expect(error.message).toContain('You do not have permission to manage shop 2.');
    expect(error.hint).toContain('GET /api/shops/');
  });

  test('on a shop itself, and for bob on ann’s shop', async () => {
    const { client } = testClient(emulator().url, {
      credentials: { username: 'bob', password: BOB_PASSWORD },
    });
    const error = await caught(client.getShop(1));
    expect(error.kind).toBe('forbidden');
    expect(error.message).toContain('shop 1');
    const write = await caught(
      client.request('PATCH', '/api/shops/3/', undefined, { start_step: null }),
    );
    expect(write).toMatchObject({ kind: 'forbidden', outcome: 'not-applied' });
  });
});

describe('404 not found', () => {
  test('a step, a menu item and a shop are named', async () => {
    const { client } = testClient(emulator().url);
    const step = await caught(client.getStep(1, 999_999));
    expect(step).toMatchObject({
      kind: 'not-found',
      status: 404,
      detail: 'Step 999999 not found.',
    });
    expect(step.message).toContain('Step 999999 in shop 1 was not found');
    expect(step.hint).toContain('run botform plan again');
    const item = await caught(client.getMenuItem(1, 424_242));
    expect(item.message).toContain('Menu item 424242 in shop 1 was not found');
    const shop = await caught(client.getShop(77));
    expect(shop.message).toContain('Shop 77 was not found');
    const shopList = await caught(client.listSteps(77));
    expect(shopList.message).toContain('Shop 77 was not found');
    expect(shopList.hint).toContain('GET /api/shops/');
  });

  test('a write to a deleted object: not found, not applied', async () => {
    const { client } = testClient(emulator().url);
    const error = await caught(client.request('DELETE', '/api/steps/888888/', { shop_id: 1 }));
    expect(error).toMatchObject({ kind: 'not-found', outcome: 'not-applied', method: 'DELETE' });
  });

  test('a path the API does not have points at --api', async () => {
    const { client } = testClient(emulator().url);
    const error = await caught(client.request('GET', '/api/robots/'));
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain(`There is no /api/robots/ on the API at ${emulator().url}`);
    expect(error.hint).toContain('API root');
  });
});

describe('400 validation and 409 conflict', () => {
  test('a 400 carries every field error, and says so in the message', async () => {
    const { client } = testClient(emulator().url);
    const error = await caught(
      client.request('POST', '/api/steps/', { shop_id: 1 }, { text: 'no name, no type' }),
    );
    expect(error).toMatchObject({
      kind: 'validation',
      status: 400,
      outcome: 'not-applied',
      method: 'POST',
    });
    expect(error.fields).toStrictEqual({
      name: ['This field is required.'],
      type: ['This field is required.'],
    });
    expect(error.message).toContain(
      'POST /api/steps/?shop_id=1 → 400: name: This field is required.; type: This field is required.',
    );
  });

  test('a reference to a missing step names the field', async () => {
    const { client } = testClient(emulator().url);
    const error = await caught(
      client.request(
        'POST',
        '/api/steps/',
        { shop_id: 1 },
        { name: 'x', type: 'message', next_step: 999_999 },
      ),
    );
    expect(error.fields).toStrictEqual({ next_step: ['Step 999999 does not exist in shop 1.'] });
  });

  test('deleting a step still referenced is a conflict with the server’s explanation', async () => {
    const { client } = testClient(emulator().url);
    const target = await client.request<StepRecord>(
      'POST',
      '/api/steps/',
      { shop_id: 1 },
      { name: 'target', type: 'message' },
    );
    const from = await client.request<StepRecord>(
      'POST',
      '/api/steps/',
      { shop_id: 1 },
      { name: 'from', type: 'message', next_step: target.id },
    );
    const error = await caught(
      client.request('DELETE', `/api/steps/${target.id}/`, { shop_id: 1 }),
    );
    expect(error).toMatchObject({ kind: 'conflict', status: 409, outcome: 'not-applied' });
    expect(error.message).toContain(`still referenced by step ${from.id} ("from") next_step`);
    expect(error.detail).toContain('Remove those references first.');
  });

  test('a successful DELETE returns undefined (204)', async () => {
    const { client } = testClient(emulator().url);
    const step = await client.request<StepRecord>(
      'POST',
      '/api/steps/',
      { shop_id: 1 },
      { name: 'gone', type: 'message' },
    );
    expect(
      await client.request('DELETE', `/api/steps/${step.id}/`, { shop_id: 1 }),
    ).toBeUndefined();
    expect(await client.listSteps(1, { name: 'gone' })).toStrictEqual([]);
  });
});
