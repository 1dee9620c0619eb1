// No token, password or Authorization header value ever shows in an error (message, hint, detail,
// fields, stack, cause, inspection) or in an event — for every error kind, with either kind of
// credentials, and also when a server echoes the secrets back.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import type { ClientEvent, ClientOptions, Credentials } from '../../src/remote/client.js';
import type { StepRecord } from '../../src/remote/contract.js';
import { ApiError } from '../../src/remote/errors.js';
import type { ApiErrorKind } from '../../src/remote/errors.js';
import { fetchTransport } from '../../src/remote/transport.js';
import type { HttpTransport } from '../../src/remote/transport.js';
import {
  ANN_PASSWORD,
  ANN_TOKEN,
  closedPort,
  startTestEmulator,
  testClient,
  tinyServer,
} from './helpers.js';
import type { TinyServer } from './helpers.js';

const ALL_KINDS: ApiErrorKind[] = [
  'auth',
  'forbidden',
  'not-found',
  'validation',
  'conflict',
  'throttled',
  'server',
  'network',
  'timeout',
  'protocol',
];

let emu: Emulator;
let silent: TinyServer;
let html: TinyServer;
let echo: TinyServer;
let loginToken: string;

beforeAll(async () => {
  emu = await startTestEmulator();
  silent = await tinyServer(() => {});
  html = await tinyServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>login page</html>');
  });
  // A server that echoes the request's Authorization header and body in every kind of answer.
  echo = await tinyServer((req, res, index) => {
    const said = `${req.headers.authorization ?? ''} ${req.method} ${req.url}`;
    const answers: [number, string, string][] = [
      [400, 'application/json', JSON.stringify({ detail: `bad: ${said}` })],
      [400, 'application/json', JSON.stringify({ [`field ${said}`]: [`wrong: ${said}`] })],
      [401, 'application/json', JSON.stringify({ detail: `Invalid token ${said}` })],
      [500, 'text/plain', `crash ${said}`],
      [200, 'text/html', `<p>${said}</p>`],
    ];
    const [status, type, body] = answers[index % answers.length] as [number, string, string];
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  const res = await fetch(`${emu.url}/api/auth/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'ann', password: ANN_PASSWORD }),
  });
  loginToken = ((await res.json()) as { token: string }).token;
});
afterAll(async () => {
  await Promise.all([emu.close(), silent.close(), html.close(), echo.close()]);
});

interface Collected {
  errors: ApiError[];
  events: ClientEvent[];
}

/** One error of each kind, made with `credentials`. */
async function everyKind(credentials: Credentials): Promise<Collected> {
  const errors: ApiError[] = [];
  const events: ClientEvent[] = [];
  const make = (baseUrl: string, options: Partial<ClientOptions> = {}) => {
    const made = testClient(baseUrl, { credentials, maxRetries: 1, ...options });
    const onEvent = made.events;
    return { client: made.client, flush: () => events.push(...onEvent) };
  };
  const attempt = async (
    baseUrl: string,
    run: (c: ReturnType<typeof make>['client']) => Promise<unknown>,
    options: Partial<ClientOptions> = {},
  ) => {
    const { client, flush } = make(baseUrl, options);
    try {
      await run(client);
      throw new Error('expected a failure');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.push(error);
    } finally {
      flush();
    }
  };
  const wrongToken: HttpTransport = (req) =>
    fetchTransport(
      req.headers.authorization === undefined
        ? req
        : { ...req, headers: { ...req.headers, authorization: 'Bearer not-valid-token-0' } },
    );

  await attempt(
    emu.url,
    (c) => c.getShop(1),
    'token' in credentials
      ? { credentials: { token: `${credentials.token}-x` } }
      : { transport: wrongToken },
  );
  await attempt(emu.url, (c) => c.listSteps(2));
  await attempt(emu.url, (c) => c.getStep(1, 999_999));
  await attempt(emu.url, (c) =>
    c.request('POST', '/api/steps/', { shop_id: 1 }, { params: 'nope' }),
  );
  const { client } = make(emu.url);
  const target = await client.request<StepRecord>(
    'POST',
    '/api/steps/',
    { shop_id: 1 },
    { name: 'kept', type: 'message' },
  );
  await client.request(
    'POST',
    '/api/steps/',
    { shop_id: 1 },
    { name: 'pointer', type: 'message', next_step: target.id },
  );
  await attempt(emu.url, (c) => c.request('DELETE', `/api/steps/${target.id}/`, { shop_id: 1 }));
  emu.setFaults({ throttleRate: 1, retryAfterMs: 5 });
  await attempt(emu.url, (c) => c.listShops());
  emu.setFaults({ failRate: 1 });
  await attempt(emu.url, (c) => c.listMenuItems(1));
  emu.setFaults({ dropRate: 1 });
  await attempt(emu.url, (c) =>
    c.request('PATCH', `/api/steps/${target.id}/`, { shop_id: 1 }, { text: 'dropped' }),
  );
  emu.setFaults({});
  await attempt(`http://127.0.0.1:${await closedPort()}`, (c) => c.listSteps(1));
  await attempt(
    silent.url,
    (c) => c.request('POST', '/api/steps/', { shop_id: 1 }, { name: 'slow', type: 'message' }),
    { timeoutMs: 50 },
  );
  await attempt(html.url, (c) => c.getShop(1));
  if ('token' in credentials) {
    // The echo server only makes sense with a token (a login there would fail first).
    for (let i = 0; i < 5; i++)
      await attempt(
        echo.url,
        (c) => c.request('POST', '/api/steps/', { shop_id: 1 }, { name: 'echo' }),
        { maxRetries: 0 },
      );
  }
  return { errors, events };
}

function everything(error: ApiError): string {
  return [
    error.message,
    error.hint ?? '',
    error.detail ?? '',
    JSON.stringify(error.fields ?? {}),
    JSON.stringify(error),
    error.stack ?? '',
    String(error),
    inspect(error, { depth: 20, showHidden: true }),
  ].join('\n');
}

describe('no secret in any error or event', () => {
  test('with a token', async () => {
    const { errors, events } = await everyKind({ token: ANN_TOKEN });
    expect(new Set(errors.map((e) => e.kind))).toStrictEqual(new Set(ALL_KINDS));
    expect(errors.filter((e) => e.kind === 'auth')).not.toHaveLength(0);
    for (const error of errors) {
      const text = everything(error);
      expect(text, `${error.kind}: ${error.message}`).not.toContain(ANN_TOKEN);
      expect(text).not.toMatch(/Bearer (?!\[redacted\])\S/);
    }
    // The echo server's answers did carry the token: it was taken out.
    expect(errors.some((e) => everything(e).includes('[redacted]'))).toBe(true);
    expect(JSON.stringify(events)).not.toContain(ANN_TOKEN);
  });

  test('with a username and password (the password and the token from the login)', async () => {
    const { errors, events } = await everyKind({ username: 'ann', password: ANN_PASSWORD });
    expect(new Set(errors.map((e) => e.kind))).toStrictEqual(new Set(ALL_KINDS));
    expect(events.length).toBeGreaterThan(0);
    for (const error of errors) {
      const text = everything(error);
      expect(text, `${error.kind}: ${error.message}`).not.toContain(ANN_PASSWORD);
      expect(text).not.toContain(loginToken);
      expect(text).not.toMatch(/Bearer (?!\[redacted\])\S/);
    }
    expect(JSON.stringify(events)).not.toContain(ANN_PASSWORD);
    expect(JSON.stringify(events)).not.toContain(loginToken);
  });

  test('a wrong password is not repeated in the login error', async () => {
    const { client, events } = testClient(emu.url, {
      credentials: { username: 'ann', password: 'wrong-Pa55word-zz' },
    });
    const error = await client.listShops().then(
      () => undefined,
      (e: unknown) => e as ApiError,
    );
    expect(error?.kind).toBe('auth');
    expect(everything(error as ApiError)).not.toContain('wrong-Pa55word-zz');
    expect(JSON.stringify(events)).not.toContain('wrong-Pa55word-zz');
  });
});
