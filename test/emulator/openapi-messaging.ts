// The bot and message API part of "the emulator gives every documented response": every status
// the OpenAPI document lists for those operations, provoked once (the client checks each answer).
import type { Emulator } from '../../src/emulator/index.js';
import type { Client } from './helpers.js';
import { makeBot, messageApi } from './messaging-helpers.js';

export async function exerciseMessaging(emu: Emulator, api: Client, anon: Client): Promise<void> {
  const bot = await makeBot(api, { name: 'doc bot' });
  const b = `/api/bots/${bot.id}/?shop_id=1`;
  const m = messageApi(api, bot);
  const big = 'x'.repeat(1024 * 1024 + 1);
  const json = { 'content-type': 'application/json', 'client-id': bot.client_id };
  const text = { 'content-type': 'text/plain', 'client-id': bot.client_id };
  const lists = ['/api/bots/', '/api/bot_users/', '/api/messages/', '/api/leads/', '/api/orders/'];

  await m.register('doc-user');
  await m.register('doc-user');
  await m.send('doc-user', 'hi');
  await m.send('doc-stranger', 'hi');
  await m.send('doc-user', 'x'.repeat(5000));
  await m.register('bad id');
  await api.get(b);
  await api.patch(b, { name: 'renamed' });
  await api.patch(b, { webhook_url: 'https://example.com/' });
  await api.post('/api/bots/?shop_id=1', {});
  for (const list of lists) {
    await api.get(`${list}?shop_id=1`);
    await api.get(`${list}?shop_id=1&limit=x`);
    await api.get(`${list}?shop_id=2`);
    await api.get(`${list}?shop_id=999`);
  }
  await api.get(`/api/bots/${bot.id}/`);
  await api.get(`/api/bots/${bot.id}/?shop_id=2`);
  await api.get('/api/bots/999999/?shop_id=1');
  await api.patch(`/api/bots/${bot.id}/?shop_id=2`, {});
  await api.patch('/api/bots/999999/?shop_id=1', {});
  await api.post('/api/bots/?shop_id=2', {});
  await api.post('/api/bots/?shop_id=999', {});

  const calls: [string, string][] = [
    ...lists.map((l): [string, string] => ['GET', `${l}?shop_id=1`]),
    ['POST', '/api/bots/?shop_id=1'],
    ['GET', b],
    ['PATCH', b],
    ['POST', '/v1.0/log_message_from_user/'],
    ['POST', '/v1.0/user/'],
  ];
  for (const [method, path] of calls) {
    await anon.request(method, path);
    if (method !== 'GET') {
      await api.request(method, path, { raw: big, headers: json });
      await api.request(method, path, { raw: '{}', headers: text });
    }
  }
  for (const faults of [{ throttleRate: 1 }, { failRate: 1 }]) {
    emu.setFaults(faults);
    for (const [method, path] of calls)
      await api.request(method, path, method === 'GET' ? {} : { body: {} });
    emu.setFaults({});
  }
}
