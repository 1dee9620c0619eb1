// The message API of seed 003 and the bot entities over real HTTP: bots, registering users,
// logging messages (200, 400, 401, 403 exactly as the seed shows them), and the lists.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import type { BotRecord } from '../../src/remote/contract.js';
import { ALICE, BOB, client, startTestEmulator } from './helpers.js';
import type { Page } from './helpers.js';
import { makeBot, messageApi } from './messaging-helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

describe('bots', () => {
  test('are created with a business_id and a client_id, read, listed and patched', async () => {
    const api = client(emu);
    const bot = await makeBot(api, { name: 'Pizza bot', webhook_url: 'http://127.0.0.1:9/hook' });
    expect(bot).toMatchObject({
      shop: 1,
      name: 'Pizza bot',
      business_id: bot.id,
      webhook_url: 'http://127.0.0.1:9/hook',
    });
    expect(bot.client_id).toMatch(/^[0-9a-f]{24}$/);
    expect((await api.get(`/api/bots/${bot.id}/?shop_id=1`)).body).toStrictEqual(bot);
    const patched = await api.patch<BotRecord>(`/api/bots/${bot.id}/?shop_id=1`, {
      webhook_url: null,
    });
    expect(patched.body.webhook_url).toBeNull();
    expect(patched.body.name).toBe('Pizza bot');
    const list = await api.get<Page<BotRecord>>('/api/bots/?shop_id=1');
    expect(list.body.results.map((b) => b.id)).toContain(bot.id);
  });

  test('refuse webhooks off loopback, unknown fields, and other shops', async () => {
    const api = client(emu);
    const far = await api.post('/api/bots/?shop_id=1', {
      name: 'x',
      webhook_url: 'https://example.com/hook',
    });
    expect(far.status).toBe(400);
    expect(Object.keys(far.body)).toStrictEqual(['webhook_url']);
    expect(
      (await api.post('/api/bots/?shop_id=1', { name: 'x', colour: 'red' })).body,
    ).toStrictEqual({ colour: ['Unknown field.'] });
    expect((await api.post('/api/bots/?shop_id=1', {})).body).toStrictEqual({
      name: ['This field is required.'],
    });
    expect((await api.get('/api/bots/?shop_id=2')).status).toBe(403);
    const bobs = await makeBot(client(emu, BOB), {}, 2);
    expect((await api.get(`/api/bots/${bobs.id}/?shop_id=1`)).status).toBe(404);
  });
});

describe('POST /v1.0/user/ and /v1.0/log_message_from_user/', () => {
  test("a registered user logs a message: 200 with the seed's fields, listed afterwards", async () => {
    const api = client(emu);
    const bot = await makeBot(api);
    const m = messageApi(api, bot);
    const reg = await m.register('user-1', {
      user_name: 'Ann',
      custom_data: { is_subscriber: true },
    });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({
      auth_id: 'user-1',
      user_name: 'Ann',
      custom_data: { is_subscriber: true },
      bot: bot.id,
      current_step: null,
    });
    const again = await m.register('user-1', { user_name: 'Ann B' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: reg.body.id, user_name: 'Ann B', custom_data: {} });

    const sent = await m.send('user-1', 'hello');
    expect(sent.status).toBe(200);
    expect(Object.keys(sent.body).sort()).toStrictEqual([
      'created_at',
      'message_body',
      'message_id',
      'message_type',
    ]);
    expect(sent.body).toMatchObject({ message_body: 'hello', message_type: 0 });
    const msgs = await api.get<Page<Record<string, unknown>>>(
      `/api/messages/?shop_id=1&bot_user=${String(reg.body.id)}`,
    );
    expect(msgs.body.results[0]).toMatchObject({
      id: sent.body.message_id,
      sender: 'user',
      body: 'hello',
      delivery: 'none',
    });
    const users = await api.get<Page<Record<string, unknown>>>(
      `/api/bot_users/?shop_id=1&auth_id=user-1&bot=${bot.id}`,
    );
    expect(users.body.count).toBe(1);
  });

  test('401 {"error_message": "invalid authorization details"} for every kind of bad credentials', async () => {
    const api = client(emu);
    const bot = await makeBot(api);
    await messageApi(api, bot).register('u');
    const body = {
      user: { auth_id: 'u' },
      message_body: 'hi',
      message_type: 0,
      business_id: bot.business_id,
    };
    const cases: { token: string | null; headers: Record<string, string> }[] = [
      { token: null, headers: { 'client-id': bot.client_id } },
      { token: 'not-a-token', headers: { 'client-id': bot.client_id } },
      { token: ALICE, headers: {} },
      { token: ALICE, headers: { 'client-id': 'wrong' } },
      { token: BOB, headers: { 'client-id': bot.client_id } },
    ];
    for (const c of cases) {
      const res = await api.request('POST', '/v1.0/log_message_from_user/', {
        body,
        token: c.token,
        headers: c.headers,
      });
      expect(res.status).toBe(401);
      expect(res.body).toStrictEqual({ error_message: 'invalid authorization details' });
    }
    const nobot = await api.request('POST', '/v1.0/log_message_from_user/', {
      body: { ...body, business_id: 999999 },
      headers: { 'client-id': bot.client_id },
    });
    expect(nobot.status).toBe(401);
  });

  test('403 {"error_message": "user is not registered"}', async () => {
    const api = client(emu);
    const bot = await makeBot(api);
    const res = await messageApi(api, bot).send('nobody', 'hi');
    expect(res.status).toBe(403);
    expect(res.body).toStrictEqual({ error_message: 'user is not registered' });
  });

  test('bad bodies are 400s with an error_message, never a 500', async () => {
    const api = client(emu);
    const bot = await makeBot(api);
    await messageApi(api, bot).register('u');
    const headers = { 'client-id': bot.client_id };
    const good = {
      user: { auth_id: 'u' },
      message_body: 'hi',
      message_type: 0,
      business_id: bot.business_id,
    };
    const bad: unknown[] = [
      [],
      null,
      { ...good, user: 'u' },
      { ...good, user: { auth_id: '' } },
      { ...good, user: { auth_id: 'a b' } },
      { ...good, message_body: 5 },
      { ...good, message_body: 'x'.repeat(4097) },
      { ...good, message_type: -1 },
      { ...good, message_type: 'text' },
      { ...good, business_id: '7' },
      { ...good, business_id: 0 },
    ];
    for (const body of bad) {
      const res = await api.request('POST', '/v1.0/log_message_from_user/', { body, headers });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(typeof res.body.error_message).toBe('string');
    }
    const garbage = await api.request('POST', '/v1.0/log_message_from_user/', {
      raw: '{nope',
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error_message).toMatch(/JSON/);
    const reg = await api.request('POST', '/v1.0/user/', {
      body: { user: { auth_id: 'u' }, business_id: bot.business_id, custom_data: [] },
      headers,
    });
    expect(reg.body).toStrictEqual({ error_message: 'custom_data: an object is required' });
  });

  test('leads and orders list empty pages for a shop without conversations', async () => {
    const api = client(emu, 'bob-static-token-00002');
    for (const path of [
      '/api/leads/?shop_id=3',
      '/api/orders/?shop_id=3',
      '/api/messages/?shop_id=3',
      '/api/bot_users/?shop_id=3',
    ]) {
      const res = await api.get<Page<unknown>>(path);
      expect(res.body).toMatchObject({ count: 0, results: [] });
    }
    expect((await api.get('/api/leads/?shop_id=3&bot_user=x')).status).toBe(400);
  });
});
