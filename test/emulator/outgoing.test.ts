// What the emulator's bot sends out: the staging API called exactly as declared (method, path,
// query, headers with secrets resolved), only to destinations `serve` allows and never to its
// own API, and webhook deliveries whose time budget covers all attempts (a slow receiver gets
// its message once). Real HTTP servers on 127.0.0.1 stand in for the staging API and webhooks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js';
import { createEgressPolicy } from '../../src/emulator/egress.js';
import { createClient } from '../../src/remote/client.js';
import { converge, scenarioOf, type TestShop } from '../helpers/shop.js';
import { ALICE, client, startTestEmulator } from './helpers.js';
import { makeBot, messageApi } from './messaging-helpers.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function listener(
  answer: (req: Received, res: ServerResponse) => void,
): Promise<{ url: string; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(got);
      answer(got, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, received };
}

async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startTestEmulator(options);
  closers.push(() => emu.close());
  return emu;
}

const SCENARIO = (staging: string) => `
start: zone
steps:
  zone:
    type: operation
    api:
      method: POST
      url: https://zones.example.com/v1/zones/{postcode}/orders?src=bot&zone={postcode}
      staging_url: ${staging}/v1/zones/{postcode}/orders?src=bot&zone={postcode}
      headers:
        Authorization: Bearer \${secret:ZONES_TOKEN}
        X-Client: botform-test
      request:
        required: {postcode: string, items: array}
        example: {postcode: "10115", items: []}
      response:
        required: {zone: string}
        example: {zone: example}
      errors:
        - status: 502
          message: Not reachable
    save_as: res
    next: done
    on_error: failed
  done:
    type: message
    text: "Zone {{ res.zone }}"
    end: true
  failed:
    type: message
    text: Cannot reach the zone service
    end: true
`;

/** Applies the scenario to shop 1 of `emu` and runs one conversation; returns the bot's texts. */
async function converse(emu: Emulator, staging: string, hook: string): Promise<string[]> {
  await converge(shopOf(emu), scenarioOf({ 'main.yaml': SCENARIO(staging) }));
  const api = client(emu);
  const bot = await makeBot(api, { webhook_url: hook });
  const m = messageApi(api, bot);
  const auth = `u-${Math.random().toString(36).slice(2)}`;
  await m.register(auth, {
    test_fixtures: { vars: { postcode: '10115', items: [{ sku: 'a', qty: 2 }] } },
  });
  await m.send(auth, '/start');
  await emu.botIdle();
  const messages = await api.get<{ results: { sender: string; body: string }[] }>(
    '/api/messages/?shop_id=1&limit=100',
  );
  return messages.body.results.filter((r) => r.sender === 'bot').map((r) => r.body);
}

describe('the staging API called as declared', () => {
  it('sends the exact method, path, query, headers (secrets resolved) and body', async () => {
    const zones = await listener((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"zone": "Mitte"}'),
    );
    const hook = await listener((_req, res) => res.writeHead(200).end());
    const emu = await emulator({ secrets: new Map([['ZONES_TOKEN', 'zones-secret-1']]) });
    expect(await converse(emu, zones.url, `${hook.url}/hook`)).toStrictEqual(['Zone Mitte']);
    expect(zones.received).toHaveLength(1);
    const [call] = zones.received;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe('/v1/zones/10115/orders?src=bot&zone=10115');
    expect(call?.headers.authorization).toBe('Bearer zones-secret-1');
    expect(call?.headers['x-client']).toBe('botform-test');
    expect(call?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(call?.body ?? '')).toStrictEqual({
      postcode: '10115',
      items: [{ sku: 'a', qty: 2 }],
    });
  });

  it('a secret the emulator has no value for is not sent blank: the call is refused, on_error taken', async () => {
    const zones = await listener((_req, res) => res.writeHead(200).end('{}'));
    const hook = await listener((_req, res) => res.writeHead(200).end());
    const emu = await emulator();
    expect(await converse(emu, zones.url, `${hook.url}/hook`)).toStrictEqual([
      'Cannot reach the zone service',
    ]);
    expect(zones.received).toStrictEqual([]);
    const trace = hook.received
      .map(
        (r) => JSON.parse(r.body) as { trace?: { events: { type: string; response?: unknown }[] } },
      )
      .find((p) => p.trace)?.trace;
    expect(JSON.stringify(trace?.events)).toContain(
      'needs the secret ZONES_TOKEN, which this emulator has no value for',
    );
  });
});

describe('outgoing requests go only where serve allows', () => {
  it('never to the emulator itself; with an allow-list, only to what it names', async () => {
    const hook = await listener((_req, res) => res.writeHead(200).end());
    const other = await listener((_req, res) => res.writeHead(200).end());
    const emu = await emulator({ allowOutgoing: [`127.0.0.1:${hook.port}`] });
    const api = client(emu);
    const own = await api.post('/api/bots/?shop_id=1', {
      name: 'Loop',
      webhook_url: `${emu.url}/v1.0/log_message_from_user/`,
    });
    expect(own.status).toBe(400);
    expect(JSON.stringify(own.body)).toContain("the emulator's own API");
    const elsewhere = await api.post('/api/bots/?shop_id=1', {
      name: 'Other',
      webhook_url: `${other.url}/hook`,
    });
    expect(elsewhere.status).toBe(400);
    expect(JSON.stringify(elsewhere.body)).toContain('--allow-outgoing');
    // The staging API on a port the list does not name is never called: the example answers.
    expect(await converse(emu, other.url, `${hook.url}/hook`)).toStrictEqual(['Zone example']);
    expect(other.received).toStrictEqual([]);
    expect(hook.received.length).toBeGreaterThan(0);
  });

  it('bound beyond loopback, the default is nowhere; rules are host, host:port or loopback', () => {
    const wide = createEgressPolicy({ listenHost: '0.0.0.0', ownPort: () => 8765 });
    expect(wide.refusal('http://127.0.0.1:9000/hook')).toContain('calls out nowhere');
    const listed = createEgressPolicy({
      listenHost: '0.0.0.0',
      allow: ['hooks.internal:8443', '[fd00::1]', 'loopback'],
      ownPort: () => 8765,
    });
    expect(listed.refusal('https://hooks.internal:8443/x')).toBeUndefined();
    expect(listed.refusal('https://hooks.internal:9443/x')).toContain('not allowed');
    expect(listed.refusal('http://[fd00::1]:1234/x')).toBeUndefined();
    expect(listed.refusal('http://localhost:9000/x')).toBeUndefined();
    expect(listed.refusal('http://localhost:8765/api/')).toBe("it is the emulator's own API");
    expect(listed.refusal('http://10.1.2.3/x')).toContain('not allowed');
    expect(listed.refusal('file:///etc/passwd')).toBe('only http and https');
    expect(() =>
      createEgressPolicy({ listenHost: '127.0.0.1', allow: ['http://x'], ownPort: () => 1 }),
    ).toThrow('--allow-outgoing "http://x"');
  });
});

describe('webhook deliveries: one budget for all attempts', () => {
  const slowHook = () =>
    listener((_req, res) => {
      setTimeout(() => res.writeHead(200).end(), 1_500);
    });

  async function deliverOne(emu: Emulator, hookUrl: string) {
    const api = client(emu);
    await converge(
      shopOf(emu),
      scenarioOf({
        'main.yaml': 'start: a\nsteps:\n  a:\n    type: message\n    text: Hi\n    end: true\n',
      }),
    );
    const bot = await makeBot(api, { webhook_url: hookUrl });
    const m = messageApi(api, bot);
    await m.register('slow');
    await m.send('slow', '/start');
    await emu.botIdle();
    const messages = await api.get<{
      results: { sender: string; delivery: string; attempts: number }[];
    }>('/api/messages/?shop_id=1&limit=100');
    return messages.body.results.filter((r) => r.sender === 'bot');
  }

  it('a receiver slower than the budget gets the message once, and it is failed', {
    timeout: 20_000,
  }, async () => {
    const hook = await slowHook();
    const emu = await emulator({ webhook: { timeoutMs: 1_000 } });
    expect(await deliverOne(emu, `${hook.url}/hook`)).toStrictEqual([
      expect.objectContaining({ delivery: 'failed', attempts: 1 }),
    ]);
    expect(hook.received).toHaveLength(1);
  });

  it('a slow receiver within the budget gets the message once, delivered', {
    timeout: 20_000,
  }, async () => {
    const hook = await slowHook();
    const emu = await emulator({ webhook: { timeoutMs: 5_000 } });
    expect(await deliverOne(emu, `${hook.url}/hook`)).toStrictEqual([
      expect.objectContaining({ delivery: 'delivered', attempts: 1 }),
    ]);
    expect(hook.received).toHaveLength(1);
  });
});

describe("the bot's expressions are bounded", () => {
  it('a condition past the budget ends the turn with expression-limit; the API keeps answering', {
    timeout: 30_000,
  }, async () => {
    const hook = await listener((_req, res) => res.writeHead(200).end());
    const emu = await emulator();
    await converge(
      shopOf(emu),
      scenarioOf(
        {
          'main.yaml': `start: check
steps:
  check:
    type: condition
    branches:
      - if: l.all(x, l.all(y, x + y >= 0))
        goto: yes
    else: no
  yes: {type: message, text: yes, end: true}
  no: {type: message, text: no, end: true}
`,
        },
        true,
      ),
    );
    const api = client(emu);
    const bot = await makeBot(api, { webhook_url: `${hook.url}/hook` });
    const m = messageApi(api, bot);
    // 3,000 items (test fixtures are at most 16 KiB): 9 million comparisons without the budget.
    const l = Array.from({ length: 3_000 }, (_, i) => i % 10);
    expect((await m.register('big', { test_fixtures: { vars: { l } } })).status).toBe(201);
    await m.send('big', '/start');
    // Answered while the turn runs or right after: the budget keeps a turn short.
    expect((await api.get('/api/shops/')).status).toBe(200);
    await emu.botIdle();
    const trace = hook.received
      .map(
        (r) =>
          JSON.parse(r.body) as { trace?: { error: { code: string; message: string } | null } },
      )
      .find((p) => p.trace)?.trace;
    expect(trace?.error?.code).toBe('expression-limit');
    expect(trace?.error?.message).toContain('at step "check" took too long');
  });
});

function shopOf(emu: Emulator): TestShop {
  return {
    emulator: emu,
    client: createClient({ baseUrl: emu.url, credentials: { token: ALICE } }),
    shopId: 1,
    token: ALICE,
    close: async () => {},
  };
}
