// What the bot owes survives `kill -9`: a spawned `botform serve` is killed while 15 users each
// have a reply being delivered (the receiver holds it unanswered) and a later message not yet
// answered; started again on the same file, it delivers the replies and answers the messages,
// in order per user, and nothing stays `pending`. Delivery is at least once: a reply cut off by
// the kill is delivered again, with the same message_id. Runs the built CLI (npm test builds).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { tempDir } from './helpers.js';

const TOKEN = 'resume-test-token-0001';
const USERS = 15;

interface Delivery {
  user: { auth_id: string };
  message: { message_id: number; body: string } | null;
  in_reply_to: number;
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

function serve(db: string): Promise<{ url: string; child: ChildProcess; exited: Promise<void> }> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--db', db, '--token', `demo:${TOKEN}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  cleanup.push(() => child.kill('SIGKILL'));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) resolve({ url, child, exited });
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${out}`)));
  });
}

async function call<T>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

test('pending turns and deliveries are resumed after kill -9', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  cleanup.push(() => dir.cleanup());
  const db = join(dir.path, 'bot.sqlite');

  // The receiver: first it holds every POST unanswered (a delivery in flight at the kill), then
  // it answers 200.
  let holding = true;
  const held: ServerResponse[] = [];
  const received: Delivery[] = [];
  const hook = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Delivery);
      if (holding) held.push(res);
      else res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => {
    hook.closeAllConnections();
    hook.close();
  });
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;

  const first = await serve(db);
  // A one-step scenario: "Hi" with a button back to itself.
  const step = await call<{ id: number }>(first.url, 'POST', '/api/steps/?shop_id=1', {
    name: 'welcome',
    type: 'message',
    text: 'Hi',
  });
  await call(first.url, 'POST', '/api/menu_items/?shop_id=1', {
    step: step.body.id,
    text: 'Again',
    next_step: step.body.id,
    position: 0,
  });
  await call(first.url, 'PATCH', '/api/shops/1/', { start_step: step.body.id });
  const bot = await call<{ business_id: number; client_id: string }>(
    first.url,
    'POST',
    '/api/bots/?shop_id=1',
    { name: 'Bot', webhook_url: hookUrl },
  );
  const headers = { 'client-id': bot.body.client_id };
  const send = (url: string, auth: string, text: string) =>
    call<{ message_id: number }>(
      url,
      'POST',
      '/v1.0/log_message_from_user/',
      { user: { auth_id: auth }, message_body: text, business_id: bot.body.business_id },
      headers,
    );
  const sent = new Map<string, number[]>();
  for (let i = 0; i < USERS; i++) {
    const auth = `user-${i}`;
    const reg = await call(
      first.url,
      'POST',
      '/v1.0/user/',
      { user: { auth_id: auth }, business_id: bot.body.business_id },
      headers,
    );
    expect(reg.status).toBe(201);
    sent.set(auth, [(await send(first.url, auth, '/start')).body.message_id]);
  }
  // Every user's first reply is at the receiver, unanswered; now each sends another message,
  // which waits behind that delivery.
  while (received.length < USERS) await new Promise((r) => setTimeout(r, 20));
  for (const [auth, ids] of sent) {
    const res = await send(first.url, auth, 'Again');
    expect(res.status).toBe(200);
    ids.push(res.body.message_id);
  }
  first.child.kill('SIGKILL');
  await first.exited;
  for (const res of held) res.destroy();
  const beforeRestart = received.length;

  holding = false;
  const second = await serve(db);
  // Both turns of every user delivered: poll the message list until nothing is pending.
  let messages: { bot_user: number; sender: string; delivery: string; id: number }[] = [];
  for (let tries = 0; tries < 200; tries++) {
    messages = (
      await call<{ results: typeof messages }>(
        second.url,
        'GET',
        '/api/messages/?shop_id=1&limit=100',
      )
    ).body.results;
    const bots = messages.filter((m) => m.sender === 'bot');
    if (bots.length === 2 * USERS && bots.every((m) => m.delivery === 'delivered')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const botMessages = messages.filter((m) => m.sender === 'bot');
  expect(botMessages).toHaveLength(2 * USERS);
  expect(botMessages.filter((m) => m.delivery !== 'delivered')).toStrictEqual([]);

  const after = received.slice(beforeRestart);
  for (const [auth, [start, again]] of sent) {
    const mine = after.filter((d) => d.user.auth_id === auth);
    // In order: the reply to /start (again, at least once), then the reply to "Again".
    expect(
      mine.map((d) => d.in_reply_to),
      auth,
    ).toStrictEqual([start, again]);
    const cutOff = received.slice(0, beforeRestart).find((d) => d.user.auth_id === auth);
    expect(mine[0]?.message?.message_id, auth).toBe(cutOff?.message?.message_id);
  }
  second.child.kill('SIGTERM');
  await second.exited;
});
