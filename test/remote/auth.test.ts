import { describe, expect, test } from 'vitest';
import { fetchTransport } from '../../src/remote/transport.js';
import type { HttpTransport } from '../../src/remote/transport.js';
import { ANN_PASSWORD, caught, routeCount, testClient, useTestEmulator } from './helpers.js';

const emulator = useTestEmulator();

describe('logging in', () => {
  test('with a username and password: one login, on first use, then the token', async () => {
    const { client, events } = testClient(emulator().url, {
      credentials: { username: 'ann', password: ANN_PASSWORD },
    });
    expect(routeCount(emulator(), 'POST /api/auth/login/')).toBe(0);
    const shops = await client.listShops();
    expect(shops.map((s) => [s.id, s.name])).toStrictEqual([
      [1, 'Alpha'],
      [3, 'Gamma'],
    ]);
    await Promise.all([client.getShop(1), client.getShop(3), client.listSteps(1)]);
    expect(routeCount(emulator(), 'POST /api/auth/login/')).toBe(1);
    expect(client.stats()).toStrictEqual({
      requests: 5,
      byMethod: { POST: 1, GET: 4 },
      retries: 0,
      throttled: 0,
    });
    expect(events).toStrictEqual([{ type: 'login', username: 'ann', again: false }]);
  });

  test('concurrent first calls share one login', async () => {
    const { client } = testClient(emulator().url, {
      credentials: { username: 'ann', password: ANN_PASSWORD },
    });
    await Promise.all([
      client.getShop(1),
      client.getShop(3),
      client.listShops(),
      client.listSteps(3),
    ]);
    expect(routeCount(emulator(), 'POST /api/auth/login/')).toBe(1);
  });

  test('with a static token: no login at all', async () => {
    const { client } = testClient(emulator().url);
    expect((await client.getShop(1)).name).toBe('Alpha');
    expect(routeCount(emulator(), 'POST /api/auth/login/')).toBe(0);
    expect(client.stats().byMethod).toStrictEqual({ GET: 1 });
  });

  test('a wrong password is an auth error naming the user, with how to log in', async () => {
    const { client } = testClient(emulator().url, {
      credentials: { username: 'ann', password: 'not-the-password' },
    });
    const error = await caught(client.listShops());
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(400);
    expect(error.message).toContain('as "ann" failed');
    expect(error.message).toContain('Unable to log in with provided credentials.');
    expect(error.hint).toContain('HIGHTOUCH_USERNAME');
    expect(error.hint).toContain('HIGHTOUCH_TOKEN');
    expect(routeCount(emulator(), 'GET /api/shops/')).toBe(0);
  });

  test('a failed login is tried again by the next call', async () => {
    const { client } = testClient(emulator().url, {
      credentials: { username: 'nobody', password: 'whatever' },
    });
    await caught(client.getShop(1));
    await caught(client.getShop(1));
    expect(routeCount(emulator(), 'POST /api/auth/login/')).toBe(2);
  });

  test('an unknown token is a 401 with how to log in', async () => {
    const { client } = testClient(emulator().url, { credentials: { token: 'no-such-token-000' } });
    const error = await caught(client.listSteps(1));
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.outcome).toBe('not-applied');
    expect(error.message).toContain('did not accept the API token');
    expect(error.message).toContain('Invalid token.');
    expect(error.hint).toMatch(
      /HIGHTOUCH_TOKEN.*HIGHTOUCH_USERNAME and HIGHTOUCH_PASSWORD.*POST \/api\/auth\/login\//,
    );
    expect(routeCount(emulator(), 'GET /api/steps/')).toBe(1);
  });

  test('a 401 with a username and password logs in again once and sends the call again', async () => {
    // The first authorised request goes out with a token the emulator does not know: a real 401.
    let spoiled = false;
    const transport: HttpTransport = (req) => {
      if (!spoiled && req.headers.authorization !== undefined) {
        spoiled = true;
        return fetchTransport({
          ...req,
          headers: { ...req.headers, authorization: 'Bearer revoked-token-00000' },
        });
      }
      return fetchTransport(req);
    };
    const { client, events } = testClient(emulator().url, {
      credentials: { username: 'ann', password: ANN_PASSWORD },
      transport,
    });
    const created = await client.request<{ name: string }>(
      'POST',
      '/api/steps/',
      { shop_id: 1 },
      { name: 'after-relogin', type: 'message' },
    );
    expect(created.name).toBe('after-relogin');
    expect(routeCount(emulator(), 'POST /api/auth/login/')).toBe(2);
    expect(routeCount(emulator(), 'POST /api/steps/')).toBe(2);
    expect(emulator().stats().byStatus['401']).toBe(1);
    expect(client.stats().retries).toBe(1);
    expect(events.map((e) => e.type)).toStrictEqual(['login', 'retry', 'login']);
    expect((await client.listSteps(1, { name: 'after-relogin' })).length).toBe(1);
  });

  test('a 401 that persists after logging in again is an auth error, not a loop', async () => {
    const transport: HttpTransport = (req) =>
      fetchTransport(
        req.headers.authorization === undefined
          ? req
          : { ...req, headers: { ...req.headers, authorization: 'Bearer revoked-token-00000' } },
      );
    const { client } = testClient(emulator().url, {
      credentials: { username: 'ann', password: ANN_PASSWORD },
      transport,
    });
    const error = await caught(client.getShop(1));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('user "ann", also after logging in again');
    expect(routeCount(emulator(), 'POST /api/auth/login/')).toBe(2);
    expect(routeCount(emulator(), 'GET /api/shops/{id}/')).toBe(2);
  });
});
