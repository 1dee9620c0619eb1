// Failures below HTTP, and answers that are not the API's: a closed port, a server that never
// answers, one that cuts the connection, one that answers HTML. All on 127.0.0.1; the servers
// are tiny node:http ones, because the emulator never behaves like this.
import { afterEach, describe, expect, test } from 'vitest';
import { TransportError, fetchTransport } from '../../src/remote/transport.js';
import { caught, closedPort, testClient, tinyServer } from './helpers.js';
import type { TinyServer } from './helpers.js';

const servers: TinyServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(...args: Parameters<typeof tinyServer>): Promise<TinyServer> {
  const server = await tinyServer(...args);
  servers.push(server);
  return server;
}

const SHOP = JSON.stringify({
  id: 1,
  name: 'Alpha',
  start_step: null,
  created_at: 'x',
  updated_at: 'x',
});

describe('an unreachable API', () => {
  test('fetchTransport: a refused connection is a TransportError that was never sent', async () => {
    const port = await closedPort();
    const error = await fetchTransport({
      method: 'POST',
      url: `http://127.0.0.1:${port}/api/steps/`,
      headers: {},
      body: '{}',
      timeoutMs: 5000,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'refused', sent: false, code: 'ECONNREFUSED' });
  });

  test('a closed port is a network error naming the URL and where to fix it; even a write is retried', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const { client, sleeps } = testClient(url, { maxRetries: 3 });
    const error = await caught(
      client.request('POST', '/api/steps/', { shop_id: 1 }, { name: 'a', type: 'message' }),
    );
    expect(error).toMatchObject({
      kind: 'network',
      outcome: 'not-applied',
      attempts: 4,
      method: 'POST',
      path: '/api/steps/',
    });
    expect(error.message).toContain(
      `Cannot reach the HighTouch API at ${url}: the connection was refused`,
    );
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.hint).toContain('--api / HIGHTOUCH_API_URL');
    expect(sleeps).toHaveLength(3);
    expect(client.stats()).toMatchObject({ requests: 4, retries: 3 });
  });

  test('a base URL with a path prefix keeps it', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(SHOP);
    });
    const { client } = testClient(`${server.url}/prefix/`);
    await client.getShop(1);
    expect(server.received).toStrictEqual(['GET /prefix/api/shops/1/']);
  });

  test('a base URL that is not an http(s) URL, or carries credentials, is refused up front without echoing them', () => {
    expect(() => testClient('ftp://example.test')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => testClient('not a url')).toThrow(/HIGHTOUCH_API_URL/);
    expect(() => testClient('http://ann:hunter2-secret@127.0.0.1:9/')).toThrow(
      /must not contain a user name or password/,
    );
    try {
      testClient('http://ann:hunter2-secret@127.0.0.1:9/');
    } catch (error) {
      expect(String(error)).not.toContain('hunter2-secret');
    }
  });
});

describe('no answer, or half of one', () => {
  test('a GET that times out is retried, then a timeout error', async () => {
    const server = await serve(() => {}); // never answers
    const { client, sleeps } = testClient(server.url, { timeoutMs: 100, maxRetries: 1 });
    const error = await caught(client.getShop(1));
    expect(error).toMatchObject({ kind: 'timeout', outcome: 'not-applied', attempts: 2 });
    expect(error.message).toContain(`No answer from the HighTouch API at ${server.url} in time`);
    expect(error.message).toContain('no answer within 100 ms');
    expect(client.stats().requests).toBe(2);
    expect(server.received.length).toBeLessThanOrEqual(2); // a loaded machine may time out before the server sees one
    expect(sleeps).toHaveLength(1);
  });

  test('a write that times out is not repeated: outcome unknown', async () => {
    const server = await serve(() => {});
    const { client, sleeps } = testClient(server.url, { timeoutMs: 100 });
    const error = await caught(
      client.request('PATCH', '/api/steps/5/', { shop_id: 1 }, { text: 'x' }),
    );
    expect(error).toMatchObject({ kind: 'timeout', outcome: 'unknown', attempts: 1 });
    expect(client.stats().requests).toBe(1);
    expect(server.received.length).toBeLessThanOrEqual(1);
    expect(sleeps).toStrictEqual([]);
  });

  test('a GET whose connection is cut is retried and succeeds', async () => {
    const server = await serve((req, res, index) => {
      if (index === 0) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(SHOP);
    });
    const { client, events } = testClient(server.url);
    expect((await client.getShop(1)).name).toBe('Alpha');
    expect(server.received).toHaveLength(2);
    expect(events).toMatchObject([
      {
        type: 'retry',
        request: 'GET /api/shops/1/',
        attempt: 2,
        reason: expect.stringMatching(/^(ECONNRESET|UND_ERR_SOCKET)$/),
      },
    ]);
  });

  test('a 502 page from a proxy is a server error, retried for a GET', async () => {
    const server = await serve((_req, res, index) => {
      if (index === 0) {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body>Bad gateway</body></html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(SHOP);
    });
    const { client } = testClient(server.url);
    expect((await client.getShop(1)).id).toBe(1);
    expect(server.received).toHaveLength(2);
  });
});

describe('answers that are not the API', () => {
  test('an HTML page is a protocol error with the status, the content type and a hint about --api', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Welcome</title>');
    });
    const { client, sleeps } = testClient(server.url);
    const error = await caught(client.listSteps(1));
    expect(error).toMatchObject({
      kind: 'protocol',
      status: 200,
      outcome: 'not-applied',
      attempts: 1,
    });
    expect(error.message).toContain(`GET ${server.url}/api/steps/ answered 200`);
    expect(error.message).toContain('content-type "text/html; charset=utf-8"');
    expect(error.hint).toContain('Is --api (HIGHTOUCH_API_URL) pointing at the API root');
    expect(sleeps).toStrictEqual([]);
  });

  test('an HTML 404 (a website, not the API) is a protocol error too', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not Found</h1>');
    });
    const error = await caught(testClient(server.url).client.getShop(1));
    expect(error).toMatchObject({ kind: 'protocol', status: 404 });
    expect(error.hint).toContain('API root');
  });

  test('malformed JSON is a protocol error; for a write, outcome unknown', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"id": 1, "name": ');
    });
    const error = await caught(
      testClient(server.url).client.request(
        'POST',
        '/api/steps/',
        { shop_id: 1 },
        { name: 'a', type: 'message' },
      ),
    );
    expect(error).toMatchObject({ kind: 'protocol', status: 201, outcome: 'unknown' });
    expect(error.message).toContain('not valid JSON');
  });

  test('JSON of the wrong shape for a page is a protocol error', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ id: 1 }]));
    });
    const error = await caught(testClient(server.url).client.listShops());
    expect(error.kind).toBe('protocol');
    expect(error.message).toContain('not a page');
  });

  test('a redirect is not followed: a protocol error saying where it points', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(301, { location: 'https://api.example.test/api/shops/1/' });
      res.end();
    });
    const error = await caught(testClient(server.url).client.getShop(1));
    expect(error).toMatchObject({ kind: 'protocol', status: 301 });
    expect(error.hint).toContain('https://api.example.test/api/shops/1/');
    expect(server.received).toHaveLength(1);
  });
});
