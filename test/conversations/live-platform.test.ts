// The live runner against platforms that are not the emulator, played by a small HTTP server on
// 127.0.0.1: one without turn marks or test fixtures (replies grouped by a quiet period; tests
// that need fixtures skipped with the reason), and ones whose message API answers 500, garbage,
// or never — each a clear failure of that test, never a hang or a stack.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatform } from '../../src/conversations/live/platform.js';
import { startReceiver } from '../../src/conversations/live/receiver.js';
import type { Receiver } from '../../src/conversations/live/receiver.js';
import { runTestsLive } from '../../src/conversations/live/run-live.js';
import type { LiveTest } from '../../src/conversations/live/run-live.js';
import type { TestCase } from '../../src/conversations/types.js';
import { scenarioOf } from '../runtime/scenario.js';

type Mode = 'ok' | '500' | 'garbage' | 'never';

const scenario = scenarioOf({
  start: 'hello',
  steps: {
    hello: { type: 'message', text: 'Hello', menu: [{ text: 'A', goto: 'pick' }] },
    pick: {
      type: 'randomizer',
      variants: [
        { weight: 50, goto: 'bye' },
        { weight: 50, goto: 'bye2' },
      ],
    },
    bye: { type: 'message', text: 'Bye', end: true },
    bye2: { type: 'message', text: 'Bye!', end: true },
  },
});

const locator = {
  file: 't.test.yaml',
  locate: () => ({ line: 3, column: 5, endLine: 3, endColumn: 5 }),
};
const testOf = (fields: Partial<TestCase>): LiveTest => ({
  test: {
    file: 't.test.yaml',
    name: 'a test',
    path: ['tests', 0],
    line: 3,
    column: 5,
    turns: [
      { bot: { step: 'hello', says: 'Hello', buttons: ['A'] }, path: ['tests', 0, 'turns', 0] },
    ],
    ...fields,
  },
  locator,
});

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

/** A platform: the bots API, registration without test fixtures, and the message API in `mode`. */
async function fakePlatform(mode: Mode): Promise<string> {
  let hook = '';
  let id = 0;
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = req.url ?? '';
      if (req.method === 'GET' && url.startsWith('/api/bots/'))
        return json(res, 200, { count: 0, next: null, previous: null, results: [] });
      if (req.method === 'POST' && url.startsWith('/api/bots/')) {
        hook = (JSON.parse(raw) as { webhook_url: string }).webhook_url;
        return json(res, 201, { id: 1, business_id: 1, client_id: 'client' });
      }
      if (url === '/v1.0/user/') return json(res, 201, { auth_id: 'x' });
      if (url === '/v1.0/log_message_from_user/') {
        if (mode === 'never') return;
        if (mode === '500') return json(res, 500, { error_message: 'internal error' });
        if (mode === 'garbage') return res.writeHead(200).end('<html>oops</html>');
        const body = JSON.parse(raw) as { user: { auth_id: string } };
        json(res, 200, {
          message_id: ++id,
          message_body: 'x',
          created_at: '2026-01-01T00:00:00.000Z',
          message_type: 0,
        });
        // Replies without turn marks, as a platform that knows nothing of tests sends them.
        void fetch(hook, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            user: body.user,
            message: { body: 'Hello', buttons: ['A'], step: 'hello' },
          }),
        });
        return;
      }
      json(res, 404, { detail: 'Not found.' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function run(mode: Mode, tests: LiveTest[]) {
  const api = await fakePlatform(mode);
  const receiver: Receiver = await startReceiver();
  open.push(receiver);
  const platform = createPlatform({ api, shopId: 1, credentials: { token: 't' }, timeoutMs: 300 });
  await platform.connect(receiver.url);
  return runTestsLive(tests, scenario, {
    platform,
    receiver,
    turnTimeoutMs: 2000,
    runId: 'r',
    targetName: api,
  });
}

describe('the live runner on other platforms', () => {
  it('groups unmarked replies by a quiet period, and skips tests that need fixtures, with the reason', async () => {
    const [plain, forced] = await run('ok', [testOf({}), testOf({ random: { pick: 'bye2' } })]);
    expect(plain).toMatchObject({ status: 'passed', failures: [] });
    expect(forced?.status).toBe('skipped');
    expect(forced?.reason).toMatch(
      /^needs a forced randomizer variant, which http:\/\/127\.0\.0\.1:\d+ cannot be told or does not report$/,
    );
  });

  it.each([
    [
      '500',
      /POST \/v1\.0\/log_message_from_user\/: http:\/\/127\.0\.0\.1:\d+ answered 500 "internal error"/,
    ],
    ['garbage', /answered 200 with a body that is not JSON/],
    ['never', /no answer from http:\/\/127\.0\.0\.1:\d+ within 300 ms/],
  ] as const)(
    'a message API that answers %s fails the test with a clear message',
    async (mode, message) => {
      const [result] = await run(mode, [testOf({})]);
      expect(result?.status).toBe('failed');
      expect(result?.failures).toHaveLength(1);
      expect(result?.failures[0]?.message).toMatch(message);
      expect(result?.failures[0]).toMatchObject({ line: 3, column: 5 });
    },
  );

  it('the receiver refuses what is not a bot reply', async () => {
    const receiver = await startReceiver();
    open.push(receiver);
    for (const body of [
      'nope',
      '{}',
      '{"user": {"auth_id": "a"}, "message": 5}',
      '{"user": {"auth_id": "a"}, "message": null}',
    ]) {
      const res = await fetch(receiver.url, { method: 'POST', body });
      expect(res.status).toBe(400);
    }
    expect(receiver.rejected()).toBe(4);
    await expect(receiver.turn('a', 1, 50)).rejects.toThrow('the bot sent no reply within 50 ms');
  });

  it('the receiver takes a message delivered twice once (deliveries are at least once)', async () => {
    const receiver = await startReceiver();
    open.push(receiver);
    const post = (id: number, body: string, last: boolean) =>
      fetch(receiver.url, {
        method: 'POST',
        body: JSON.stringify({
          user: { auth_id: 'a' },
          message: { message_id: id, body, buttons: [], step: null },
          in_reply_to: 1,
          last_in_turn: last,
        }),
      });
    await post(10, 'Hi', false);
    await post(10, 'Hi', false);
    await post(11, 'Bye', true);
    const turn = await receiver.turn('a', 1, 1000);
    expect(turn.messages.map((m) => m.text)).toStrictEqual(['Hi', 'Bye']);
  });
});
