// Shared by the message API tests: a bot of shop 1, users registered with it, messages logged,
// and the webhook receiver that collects the bot's replies.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotRecord } from '../../src/remote/contract.js';
import type { Client } from './helpers.js';

export async function makeBot(
  api: Client,
  fields: Record<string, unknown> = {},
  shop = 1,
): Promise<BotRecord> {
  const res = await api.post<BotRecord>(`/api/bots/?shop_id=${shop}`, {
    name: 'Test bot',
    ...fields,
  });
  if (res.status !== 201)
    throw new Error(`creating a bot: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function messageApi(api: Client, bot: BotRecord) {
  const headers = { 'client-id': bot.client_id };
  return {
    register: (authId: string, extra: Record<string, unknown> = {}) =>
      api.request('POST', '/v1.0/user/', {
        body: { user: { auth_id: authId }, business_id: bot.business_id, ...extra },
        headers,
      }),
    send: (authId: string, text: string) =>
      api.request('POST', '/v1.0/log_message_from_user/', {
        body: {
          user: { auth_id: authId },
          message_body: text,
          message_type: 0,
          business_id: bot.business_id,
        },
        headers,
      }),
  };
}

export interface Hook {
  url: string;
  received: unknown[];
  /** Status to answer the next requests with (default 200); shift()ed per request. */
  failures: number[];
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that keeps every JSON body it is sent. */
export async function startHook(): Promise<Hook> {
  const received: unknown[] = [];
  const failures: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = failures.shift() ?? 200;
      if (status === 200) received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    failures,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
