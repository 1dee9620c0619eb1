// Hostile request bodies: object-member names as JSON keys, and invalid UTF-8. Each is a
// client's mistake: a 400 with a JSON detail, nothing committed, and never a 500 (the test
// emulator throws on any internal error).
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { ALICE, client, makeStep, startTestEmulator } from './helpers.js';
import { makeBot, messageApi } from './messaging-helpers.js';
import type { Client } from './helpers.js';

const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const json = { 'content-type': 'application/json' };

let emu: Emulator;
let api: Client;
beforeAll(async () => {
  emu = await startTestEmulator();
  api = client(emu);
});
afterAll(() => emu.close());

async function stepCount(): Promise<number> {
  return ((await api.get('/api/steps/?shop_id=1')).body as { count: number }).count;
}

/** A JSON object text with `key` as an own key (JSON.stringify of a literal would drop __proto__). */
const withKey = (fields: Record<string, unknown>, key: string, value: unknown): string =>
  `{${[...Object.entries(fields), [key, value]].map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;

describe('object-member names as keys are plain keys', () => {
  test.each(KEYS)(
    '"%s" at the top of a step create is an unknown field (400), nothing created',
    async (key) => {
      const before = await stepCount();
      for (const value of [1, 'x', null, { name: 'injected' }, []]) {
        const res = await api.request('POST', '/api/steps/?shop_id=1', {
          raw: withKey({ name: `k-${key}`, type: 'message' }, key, value),
          headers: json,
        });
        expect(res.status, JSON.stringify(value)).toBe(400);
        expect(Object.keys(res.body)).toStrictEqual([key]);
        expect(Object.getOwnPropertyDescriptor(res.body, key)?.value).toStrictEqual([
          'Unknown field.',
        ]);
      }
      expect(await stepCount()).toBe(before);
    },
  );

  test.each(KEYS)(
    '"%s" in a step patch, a button and the shop is a 400; nothing changes',
    async (key) => {
      const step = await makeStep(api, { name: `patch-${key}`, type: 'message', text: 'before' });
      const patch = await api.request('PATCH', `/api/steps/${step.id}/?shop_id=1`, {
        raw: withKey({ text: 'after' }, key, { text: 'x' }),
        headers: json,
      });
      expect(patch.status).toBe(400);
      expect((await api.get(`/api/steps/${step.id}/?shop_id=1`)).body.text).toBe('before');
      const item = await api.request('POST', '/api/menu_items/?shop_id=1', {
        raw: withKey({ step: step.id, text: 'b', position: 0 }, key, 1),
        headers: json,
      });
      expect(item.status).toBe(400);
      expect(
        ((await api.get(`/api/menu_items/?shop_id=1&step=${step.id}`)).body as { count: number })
          .count,
      ).toBe(0);
      const shop = await api.request('PATCH', '/api/shops/1/', {
        raw: withKey({}, key, step.id),
        headers: json,
      });
      expect(shop.status).toBe(400);
    },
  );

  test.each(KEYS)('"%s" inside params is stored and read back as an ordinary key', async (key) => {
    const res = await api.request('POST', '/api/steps/?shop_id=1', {
      raw: withKey(
        { name: `params-${key}`, type: 'message' },
        'params',
        JSON.parse(withKey({}, key, { a: 1 })),
      ),
      headers: json,
    });
    expect(res.status).toBe(201);
    const read = await api.get(`/api/steps/${String(res.body.id)}/?shop_id=1`);
    const params = read.body.params as Record<string, unknown>;
    expect(Object.keys(params)).toStrictEqual([key]);
    expect(Object.getOwnPropertyDescriptor(params, key)?.value).toStrictEqual({ a: 1 });
  });

  test.each(KEYS)('"%s" in the login body and the query string is harmless', async (key) => {
    const login = await api.request('POST', '/api/auth/login/', {
      raw: withKey({ username: 'alice', password: 'alice-pw' }, key, 'x'),
      headers: json,
      token: null,
    });
    expect(login.status).toBe(200);
    const list = await api.get(`/api/steps/?shop_id=1&${encodeURIComponent(key)}=1`);
    expect(list.status).toBe(200);
  });
});

describe('bodies that are not what they claim', () => {
  test('invalid UTF-8 is a 400, and nothing is stored', async () => {
    const before = await stepCount();
    const head = Buffer.from('{"name": "bad-', 'utf8');
    const tail = Buffer.from('", "type": "message"}', 'utf8');
    for (const bad of [
      [0xff],
      [0xc3, 0x28],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
    ]) {
      const res = await fetch(`${emu.url}/api/steps/?shop_id=1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'application/json' },
        body: Buffer.concat([head, Buffer.from(bad), tail]),
      });
      expect(res.status, bad.join(',')).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/not valid UTF-8/);
    }
    expect(await stepCount()).toBe(before);
  });

  test('JSON nested 30,000 deep is a 400 on every route, checked before any size check', async () => {
    const bot = await makeBot(api);
    const deepArray = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const deepObject = `${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}`;
    const targets: [string, string, (deep: string) => string][] = [
      [
        'POST',
        '/api/steps/?shop_id=1',
        (d) => `{"name": "deep", "type": "message", "params": ${d}}`,
      ],
      ['POST', '/api/bots/?shop_id=1', (d) => `{"name": ${d}}`],
      // custom_data's size was measured with JSON.stringify, which overflowed: a 500.
      [
        'POST',
        '/v1.0/user/',
        (d) =>
          `{"user": {"auth_id": "deep"}, "business_id": ${bot.business_id}, "custom_data": {"x": ${d}}}`,
      ],
    ];
    for (const [method, path, body] of targets)
      for (const deep of [deepArray, deepObject]) {
        const res = await api.request(method, path, {
          raw: body(deep),
          headers: { ...json, 'client-id': bot.client_id },
        });
        expect(res.status, path).toBe(400);
        expect(JSON.stringify(res.body), path).toContain('nested deeper than 64 levels');
      }
  });

  test('fixture variables the runtime would refuse are refused at registration', async () => {
    const bot = await makeBot(api);
    let vars: unknown = 'leaf';
    for (let i = 0; i < 40; i++) vars = { v: vars };
    const res = await messageApi(api, bot).register('too-deep', { test_fixtures: { vars } });
    expect(res.status).toBe(400);
    expect((res.body as { error_message: string }).error_message).toBe(
      'test_fixtures.vars: the variables are nested deeper than 32 levels',
    );
    // Nobody was registered: the user is not answered "later, never".
    const users = await api.get(`/api/bot_users/?shop_id=1&bot=${bot.id}`);
    expect(JSON.stringify(users.body)).not.toContain('too-deep');
  });

  test('no answer so far was a 500', () => {
    expect(emu.stats().byStatus['500']).toBeUndefined();
  });
});

describe('a body that trickles in', () => {
  test('is answered 408 at the request deadline, and nothing is committed', async () => {
    const slow = await startTestEmulator({ requestTimeoutMs: 1_000 });
    try {
      const slowApi = client(slow);
      const count = async () =>
        ((await slowApi.get('/api/steps/?shop_id=1')).body as { count: number }).count;
      const before = await count();
      const { port } = new URL(slow.url);
      const body = JSON.stringify({ name: 'trickled', type: 'message', text: 'slow' });
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1');
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
        // Headers and the first bytes of the body, then nothing more: the rest never comes.
        socket.write(
          `POST /api/steps/?shop_id=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ALICE}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
        );
      });
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect(await count()).toBe(before);
    } finally {
      await slow.close();
    }
  });
});
