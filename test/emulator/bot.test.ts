// The emulator's bot end to end: a scenario applied with the real apply path, then talked to
// through the message API; replies arrive at a webhook receiver on 127.0.0.1, in order, and the
// messages, leads and current steps are readable afterwards.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotRecord } from '../../src/remote/contract.js';
import { converge, scenarioOf, startShop } from '../helpers/shop.js';
import type { TestShop } from '../helpers/shop.js';
import { client } from './helpers.js';
import type { Client, Page } from './helpers.js';
import { makeBot, messageApi, startHook } from './messaging-helpers.js';
import type { Hook } from './messaging-helpers.js';

interface Payload {
  user: { auth_id: string };
  message: { body: string; buttons: string[]; step: string | null };
  in_reply_to: number;
  last_in_turn: boolean;
}

const SCENARIO = `
start: welcome
steps:
  welcome:
    type: message
    text: "Hi {{ user.name }}! What would you like?"
    menu:
      - text: Leave a request
        goto: callback
      - text: Order status
        goto: lookup
  callback:
    type: form
    text: Your details
    fields:
      - name: name
        label: Name
    success_text: Thanks
    next: bye
  lookup:
    type: operation
    api:
      name: Order status
      method: GET
      url: https://kitchen.example.com/v1/orders/{order_id}
      staging_url: STAGING
      request:
        required:
          order_id: string
        example:
          order_id: A-1
      response:
        required:
          status: string
        example:
          status: baking
      errors:
        - status: 404
          message: Order not found
    save_as: lookup_result
    next: status
    on_error: lookup_failed
  status:
    type: message
    text: "Status: {{ lookup_result.status }}"
    end: true
  lookup_failed:
    type: message
    text: Cannot look it up
    end: true
  bye:
    type: message
    text: Bye
    end: true
`;

let shop: TestShop;
let api: Client;
let hook: Hook;
let bot: BotRecord;
let kitchen: { url: string; close(): void; calls: string[] };

beforeAll(async () => {
  shop = await startShop();
  api = client(shop.emulator, shop.token);
  hook = await startHook();
  const calls: string[] = [];
  const server = createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: 'on_the_way' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  kitchen = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
    calls,
  };
  await converge(
    shop,
    scenarioOf({
      'main.yaml': SCENARIO.replace('STAGING', `${kitchen.url}/v1/orders/{order_id}`),
    }),
  );
  bot = await makeBot(api, { webhook_url: hook.url });
});
afterAll(async () => {
  await shop.close();
  await hook.close();
  kitchen.close();
});

const of = (auth: string) => (hook.received as Payload[]).filter((p) => p.user.auth_id === auth);

describe('the bot runs the live shop', () => {
  test('starts on the first message, presses buttons, makes a lead, reports steps', async () => {
    const m = messageApi(api, bot);
    const reg = await m.register('ann', { custom_data: { name: 'Ann' } });
    const start = await m.send('ann', '/start');
    await shop.emulator.botIdle();
    expect(of('ann')).toStrictEqual([
      expect.objectContaining({
        message: expect.objectContaining({
          body: 'Hi Ann! What would you like?',
          buttons: ['Leave a request', 'Order status'],
          step: 'welcome',
        }),
        in_reply_to: start.body.message_id,
        last_in_turn: true,
      }),
    ]);
    expect(of('ann')[0]).not.toHaveProperty('trace');
    await m.send('ann', 'Leave a request');
    await m.send('ann', 'Ann Smith');
    await shop.emulator.botIdle();
    expect(of('ann').map((p) => [p.message.step, p.message.body, p.last_in_turn])).toStrictEqual([
      ['welcome', 'Hi Ann! What would you like?', true],
      ['callback', 'Your details', false],
      ['callback', 'Name', true],
      ['callback', 'Thanks', false],
      ['bye', 'Bye', true],
    ]);
    const leads =
      await api.get<Page<{ bot_user: number; step: string; fields: unknown }>>(
        '/api/leads/?shop_id=1',
      );
    expect(leads.body.results).toStrictEqual([
      expect.objectContaining({
        bot_user: reg.body.id,
        step: 'callback',
        fields: { name: 'Ann Smith' },
      }),
    ]);
    const user = await api.get<Page<{ current_step: string | null }>>(
      '/api/bot_users/?shop_id=1&auth_id=ann',
    );
    expect(user.body.results[0]?.current_step).toBeNull();
    const msgs = await api.get<Page<{ sender: string; delivery: string }>>(
      `/api/messages/?shop_id=1&bot_user=${String(reg.body.id)}`,
    );
    expect(
      msgs.body.results.filter((r) => r.sender === 'bot').every((r) => r.delivery === 'delivered'),
    ).toBe(true);
  });

  test('an operation calls its loopback staging URL; a stub fixture and a forced start are honoured', async () => {
    const m = messageApi(api, bot);
    await m.register('bob');
    await m.send('bob', '/start');
    await m.send('bob', 'Order status');
    await shop.emulator.botIdle();
    expect(kitchen.calls).toStrictEqual(['GET /v1/orders/%7Border_id%7D']);
    expect(of('bob').at(-1)?.message.body).toBe('Status: on_the_way');

    await m.register('cy', {
      test_fixtures: {
        start: 'lookup',
        stubs: { lookup: { status: 404, body: { message: 'no' } } },
      },
    });
    await m.send('cy', '/start');
    await shop.emulator.botIdle();
    expect(of('cy').map((p) => p.message.body)).toStrictEqual(['Cannot look it up']);
  });

  test('a failing webhook is retried, in order; one that never recovers is marked failed', async () => {
    const m = messageApi(api, bot);
    await m.register('dee', { custom_data: { name: 'Dee' } });
    hook.failures.push(500, 503);
    await m.send('dee', '/start');
    await m.send('dee', 'Leave a request');
    await shop.emulator.botIdle();
    expect(of('dee').map((p) => p.message.body)).toStrictEqual([
      'Hi Dee! What would you like?',
      'Your details',
      'Name',
    ]);
    const msgs = await api.get<Page<{ body: string; delivery: string; attempts: number }>>(
      '/api/messages/?shop_id=1&limit=100',
    );
    const first = msgs.body.results.find(
      (r) => r.body === 'Hi Dee! What would you like?' && r.attempts > 1,
    );
    expect(first).toMatchObject({ delivery: 'delivered', attempts: 3 });

    await m.register('eve');
    hook.failures.push(500, 500, 500, 500, 500);
    await m.send('eve', '/start');
    await shop.emulator.botIdle();
    const eve = await api.get<Page<{ id: number }>>('/api/bot_users/?shop_id=1&auth_id=eve');
    const eveMsgs = await api.get<Page<{ sender: string; delivery: string; attempts: number }>>(
      `/api/messages/?shop_id=1&bot_user=${String(eve.body.results[0]?.id)}`,
    );
    expect(eveMsgs.body.results.filter((r) => r.sender === 'bot')).toStrictEqual([
      expect.objectContaining({ delivery: 'failed', attempts: 5 }),
    ]);
  });
});
