import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { ALICE, client, startTestEmulator } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

const login = (body: unknown) =>
  client(emu, null).post<{ token: string }>('/api/auth/login/', body);

describe('POST /api/auth/login/', () => {
  test('gives a token that authenticates later calls, the same one on every login', async () => {
    const first = await login({ username: 'alice', password: 'alice-pw' });
    expect(first.status).toBe(200);
    expect(first.body.token).toMatch(/^[0-9a-f]{40}$/);
    const again = await login({ username: 'alice', password: 'alice-pw' });
    expect(again.body.token).toBe(first.body.token);
    const shops = await client(emu, first.body.token).get('/api/shops/');
    expect(shops.status).toBe(200);
  });

  test('wrong or unknown credentials are a 400 with non_field_errors', async () => {
    for (const body of [
      { username: 'alice', password: 'nope' },
      { username: 'mallory', password: 'x' },
    ]) {
      const res = await client(emu, null).post('/api/auth/login/', body);
      expect(res.status).toBe(400);
      expect(res.body).toStrictEqual({
        non_field_errors: ['Unable to log in with provided credentials.'],
      });
    }
  });

  test('missing and mistyped fields are named', async () => {
    const res = await client(emu, null).post('/api/auth/login/', { username: 5 });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({
      username: ['Not a valid string.'],
      password: ['This field is required.'],
    });
    const list = await client(emu, null).post('/api/auth/login/', ['alice']);
    expect(list.status).toBe(400);
    expect(list.body.non_field_errors).toBeDefined();
  });

  test('only POST is allowed', async () => {
    const res = await client(emu, null).get('/api/auth/login/');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('Authorization: Bearer', () => {
  test('a missing header is a 401 with a detail and WWW-Authenticate', async () => {
    const res = await client(emu, null).get('/api/shops/');
    expect(res.status).toBe(401);
    expect(res.body).toStrictEqual({ detail: 'Authentication credentials were not provided.' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  test('an unknown, overlong or wrongly formed token is a 401 on every endpoint', async () => {
    const paths = [
      '/api/shops/',
      '/api/shops/1/',
      '/api/steps/?shop_id=1',
      '/api/steps/1/?shop_id=1',
      '/api/menu_items/?shop_id=1',
      '/api/menu_items/1/?shop_id=1',
    ];
    for (const path of paths) {
      const bad = await client(emu, 'not-a-token').get(path);
      expect(bad.status, path).toBe(401);
      expect(bad.body).toStrictEqual({ detail: 'Invalid token.' });
      const long = await client(emu, 'x'.repeat(5000)).get(path);
      expect(long.status, path).toBe(401);
    }
    const basic = await client(emu, null).request('GET', '/api/shops/', {
      headers: { authorization: `Basic ${ALICE}` },
    });
    expect(basic.status).toBe(401);
  });

  test('a 401 comes before the body is looked at', async () => {
    const res = await client(emu, 'nope').request('POST', '/api/steps/?shop_id=1', {
      raw: '{broken',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(401);
  });

  test('seeded static tokens work without a login', async () => {
    expect((await client(emu, ALICE).get('/api/shops/')).status).toBe(200);
  });
});
