// A server's answer is input too: field names and header names that are also object members
// (`__proto__`, `constructor`, `toString`, ...) are plain keys in the client's error, never a
// crash or a prototype write.
import { afterEach, describe, expect, test } from 'vitest';
import { caught, testClient, tinyServer, type TinyServer } from './helpers.js';

const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
let server: TinyServer | undefined;
afterEach(async () => server?.close());

describe('hostile keys in answers', () => {
  test('a 400 whose field names are object members lists each of them as a field', async () => {
    const body = `{${KEYS.map((k, i) => `"${k}": ["problem ${i}"]`).join(', ')}}`;
    server = await tinyServer((_req, res) => {
      res.writeHead(400, {
        'content-type': 'application/json',
        hasownproperty: 'x',
        constructor: 'y',
      });
      res.end(body);
    });
    const { client } = testClient(server.url, { credentials: { token: 't' } });
    const error = await caught(
      client.request('POST', '/api/steps/', { shop_id: 1 }, { name: 'x' }),
    );
    expect(error.status).toBe(400);
    const fields = error.fields as Record<string, string[]>;
    expect(Object.keys(fields)).toStrictEqual(KEYS);
    for (const [i, key] of KEYS.entries())
      expect(Object.getOwnPropertyDescriptor(fields, key)?.value).toStrictEqual([`problem ${i}`]);
    for (const key of KEYS) expect(error.message).toContain(`${key}: problem`);
    expect(({} as Record<string, unknown>).problem).toBeUndefined();
  });
});
