// The HTTP edges: whatever a client sends, the answer is a 4xx with a JSON detail, never a 500.
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { ALICE, client, makeStep, startTestEmulator } from './helpers.js';
import type { Client } from './helpers.js';

let emu: Emulator;
let api: Client;
beforeAll(async () => {
  emu = await startTestEmulator();
  api = client(emu);
});
afterAll(() => emu.close());

const json = { 'content-type': 'application/json' };

describe('request bodies', () => {
  test('malformed JSON is a 400 with a detail', async () => {
    const res = await api.request('POST', '/api/steps/?shop_id=1', {
      raw: '{"name": "x",',
      headers: json,
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^JSON parse error - /);
  });

  test('a body that is not an object is a 400', async () => {
    for (const raw of ['[]', '"text"', '42', 'null', 'true']) {
      const res = await api.request('POST', '/api/steps/?shop_id=1', { raw, headers: json });
      expect(res.status, raw).toBe(400);
      expect(res.body.non_field_errors).toHaveLength(1);
    }
  });

  test('a body that is not JSON, or has no content type, is a 415', async () => {
    const text = await api.request('POST', '/api/steps/?shop_id=1', {
      raw: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const form = await api.request('PATCH', '/api/shops/1/', {
      raw: 'start_step=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const latin = await api.request('POST', '/api/steps/?shop_id=1', {
      raw: '{}',
      headers: { 'content-type': 'application/json; charset=latin1' },
    });
    expect(latin.status).toBe(415);
    const none = await fetch(`${emu.url}/api/steps/?shop_id=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALICE}` },
      body: new Uint8Array([123, 125]),
    });
    expect(none.status).toBe(415);
  });

  test('charset=utf-8 and +json types are fine', async () => {
    const res = await api.request('POST', '/api/steps/?shop_id=1', {
      raw: JSON.stringify({ name: 'utf8', type: 'message' }),
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    });
    expect(res.status).toBe(201);
  });

  test('an empty body reads as {}', async () => {
    const res = await api.request('POST', '/api/steps/?shop_id=1', { headers: json, raw: '' });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({
      name: ['This field is required.'],
      type: ['This field is required.'],
    });
  });

  test('a body over 1 MiB is a 413, and the server carries on', async () => {
    const big = JSON.stringify({ name: 'x', type: 'message', text: 'x'.repeat(1024 * 1024) });
    const res = await api.request('POST', '/api/steps/?shop_id=1', { raw: big, headers: json });
    expect(res.status).toBe(413);
    expect(res.body).toStrictEqual({ detail: 'Request body larger than 1048576 bytes.' });
    const huge = await fetch(`${emu.url}/api/steps/?shop_id=1`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${ALICE}` },
      body: 'x'.repeat(20 * 1024 * 1024),
    }).then(
      (r) => r.status,
      () => 'connection cut',
    );
    expect([413, 'connection cut']).toContain(huge);
    expect((await api.get('/api/shops/')).status).toBe(200);
  });

  test('hostile nesting is refused cheaply', async () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const raw = `{"name": "x", "type": "message", "params": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const res = await api.request('POST', '/api/steps/?shop_id=1', { raw, headers: json });
    expect(res.body).toStrictEqual({
      detail: 'JSON parse error - the body is nested deeper than 64 levels.',
    });
    // Within the body's bound, params keep their own (16 levels).
    const params = `{"name": "x", "type": "message", "params": ${'{"a":'.repeat(20)}1${'}'.repeat(20)}}`;
    const nestedParams = await api.request('POST', '/api/steps/?shop_id=1', {
      raw: params,
      headers: json,
    });
    expect(nestedParams.body).toStrictEqual({ params: ['Nested deeper than 16 levels.'] });
    for (const field of ['name', 'type', 'text', 'next_step', 'unknown']) {
      const nested = await api.request('POST', '/api/steps/?shop_id=1', {
        raw: `{"${field}": ${deep(100_000)}}`,
        headers: json,
      });
      expect(nested.status, field).toBe(400);
    }
    const arrays = await api.request('POST', '/api/steps/?shop_id=1', {
      raw: deep(400_000),
      headers: json,
    });
    expect(arrays.status).toBe(400);
  });

  test('a GET or DELETE body is ignored', async () => {
    const step = await makeStep(api, { name: 'body-on-delete' });
    const res = await fetch(`${emu.url}/api/steps/${step.id}/?shop_id=1`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ALICE}`, 'content-type': 'text/plain' },
      body: 'ignored',
    });
    expect(res.status).toBe(204);
  });
});

describe('routes and methods', () => {
  test.each([
    '/',
    '/api/',
    '/api/robots/',
    '/api/steps/abc/',
    '/api/steps/0/',
    '/api/steps/1/extra/',
    '/api/steps/99999999999999999999/',
  ])('unknown route %s is a 404', async (path) => {
    const res = await api.get(path);
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatch(/^Not found\./);
  });

  test('a missing trailing slash is a 404 that says where to go', async () => {
    const res = await api.get('/api/steps?shop_id=1');
    expect(res.body).toStrictEqual({ detail: 'Not found. Did you mean /api/steps/?' });
  });

  test.each([
    ['PUT', '/api/steps/?shop_id=1', 'GET, POST, HEAD'],
    ['DELETE', '/api/steps/?shop_id=1', 'GET, POST, HEAD'],
    ['POST', '/api/steps/1/?shop_id=1', 'GET, PATCH, DELETE, HEAD'],
    ['DELETE', '/api/shops/1/', 'GET, PATCH, HEAD'],
    ['POST', '/api/shops/', 'GET, HEAD'],
    ['OPTIONS', '/api/menu_items/', 'GET, POST, HEAD'],
  ])('%s %s is a 405 with Allow', async (method, path, allow) => {
    const res = await api.request(method, path);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
  });

  test('HEAD is served wherever GET is: the same status and headers, no body', async () => {
    for (const path of ['/api/shops/', '/api/steps/?shop_id=1', '/api/shops/1/']) {
      const get = await fetch(`${emu.url}${path}`, {
        headers: { authorization: `Bearer ${ALICE}` },
      });
      const head = await fetch(`${emu.url}${path}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${ALICE}` },
      });
      expect(head.status, path).toBe(get.status);
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
      expect(await head.text()).toBe('');
      expect((await get.text()).length).toBeGreaterThan(0);
    }
    const unauthorized = await fetch(`${emu.url}/api/shops/`, { method: 'HEAD' });
    expect(unauthorized.status).toBe(401);
    // Where GET is not served, neither is HEAD.
    const login = await fetch(`${emu.url}/api/auth/login/`, { method: 'HEAD' });
    expect(login.status).toBe(405);
    expect(login.headers.get('allow')).toBe('POST');
  });

  test('an absolute-form or odd request target is a 400 or 404, not a crash', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(emu.port, '127.0.0.1', () => {
        socket.write(
          'GET http://evil.test/api/shops/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
        );
      });
      let text = '';
      socket
        .setEncoding('utf8')
        .on('data', (chunk: string) => (text += chunk))
        .on('end', () => resolve(text))
        .on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  });
});

describe('no 500 for anything a client sends', () => {
  const paths = [
    '/api/steps/?shop_id=1',
    '/api/menu_items/?shop_id=1',
    '/api/shops/1/',
    '/api/auth/login/',
  ];
  test('random JSON bodies', async () => {
    const step = await makeStep(api, { name: 'fuzz target' });
    const fields = fc.record(
      {
        name: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        type: fc.oneof(fc.constantFrom('message', 'condition', 'nope'), fc.anything()),
        text: fc.anything(),
        step: fc.oneof(fc.constant(step.id), fc.integer(), fc.string()),
        next_step: fc.oneof(fc.constant(step.id), fc.constant(null), fc.double(), fc.string()),
        url: fc.oneof(fc.webUrl(), fc.string(), fc.constant(null)),
        position: fc.oneof(fc.integer(), fc.double()),
        params: fc.oneof(
          fc.jsonValue(),
          fc.record({ next_step: fc.anything(), x_step: fc.integer() }),
        ),
        start_step: fc.anything(),
        username: fc.anything(),
        password: fc.anything(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom('POST', 'PATCH'),
        fields,
        async (path, method, body) => {
          const target =
            method === 'PATCH' && path.startsWith('/api/steps/')
              ? `/api/steps/${step.id}/?shop_id=1`
              : path;
          const res = await fetch(`${emu.url}${target}`, {
            method,
            headers: { ...json, authorization: `Bearer ${ALICE}` },
            body: JSON.stringify(body),
          });
          await res.text();
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150, seed: 20240601 },
    );
  });

  test('random query strings and paths', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/steps/', '/api/menu_items/', '/api/shops/', '/api/steps/1/'),
        fc.string(),
        fc.string(),
        async (path, key, value) => {
          const query = new URLSearchParams({ shop_id: '1', [key]: value, limit: value });
          const res = await fetch(`${emu.url}${path}?${query}`, {
            headers: { authorization: `Bearer ${ALICE}` },
          });
          await res.text();
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });
});
