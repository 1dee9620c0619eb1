import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { runServe } from '../../src/cli/commands/serve.js';
import { tempDir } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

function fakeIo(cwd: string): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { env: {}, cwd, stdout, stderr, stdin: new PassThrough(), out: () => out, err: () => err };
}

/** Runs `serve` until `use` has finished with the printed URL. */
async function serving(
  argv: string[],
  use: (url: string, io: ReturnType<typeof fakeIo>) => Promise<void>,
) {
  const io = fakeIo(dir.path);
  let stop!: (signal: string) => void;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  const done = runServe(['--port', '0', ...argv], io, () => stopped);
  let url: string | undefined;
  for (let i = 0; i < 500 && !url; i++) {
    url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.out())?.[1];
    if (!url) await new Promise((r) => setTimeout(r, 10));
  }
  try {
    if (!url) throw new Error(`serve printed no URL: ${io.out()} ${io.err()}`);
    await use(url, io);
  } finally {
    stop('SIGTERM');
  }
  return { code: await done, io };
}

const loginAs = (url: string, username: string, password: string) =>
  fetch(`${url}/api/auth/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

describe('botform serve', () => {
  test('serves the demo account by default, from .botform/emulator.sqlite, until stopped', async () => {
    const { code, io } = await serving([], async (url) => {
      expect((await loginAs(url, 'demo', 'demo')).status).toBe(200);
    });
    expect(code).toBe(0);
    expect(io.out()).toContain('demo / demo');
    expect(io.out()).toContain('shops 1 "Demo shop"');
    expect(io.out()).toContain('SIGTERM, stopping');
    expect(existsSync(join(dir.path, '.botform', 'emulator.sqlite'))).toBe(true);
  });

  test('takes users, shops, tokens and fault knobs from flags', async () => {
    const args = [
      '--db',
      ':memory:',
      '--user',
      'ann:pa:ss',
      '--shop',
      '7:Ann shop',
      '--token',
      'ann:ann-token-123',
      '--latency',
      '1',
      '--seed',
      '3',
      '--verbose',
    ];
    const { code, io } = await serving(args, async (url) => {
      expect((await loginAs(url, 'ann', 'pa:ss')).status).toBe(200);
      expect((await loginAs(url, 'demo', 'demo')).status).toBe(400);
      const shops = await fetch(`${url}/api/shops/`, {
        headers: { authorization: 'Bearer ann-token-123' },
      });
      expect(
        ((await shops.json()) as { results: { id: number }[] }).results.map((s) => s.id),
      ).toStrictEqual([7]);
    });
    expect(code).toBe(0);
    expect(io.out()).toContain('latencyMs=1');
    expect(io.out()).toContain('GET /api/shops/ 200');
    expect(io.out()).not.toContain('pa:ss');
  });

  test('reads a YAML seed file', async () => {
    writeFileSync(
      join(dir.path, 'seed.yaml'),
      'shops:\n  - {id: 4, name: Four}\n  - {id: 5, name: Five}\nusers:\n  - username: zoe\n    password: "123"\n    shops: [5]\n',
    );
    const { code } = await serving(
      ['--db', ':memory:', '--seed-file', 'seed.yaml'],
      async (url) => {
        const login = await loginAs(url, 'zoe', '123');
        const { token } = (await login.json()) as { token: string };
        expect(
          (await fetch(`${url}/api/shops/5/`, { headers: { authorization: `Bearer ${token}` } }))
            .status,
        ).toBe(200);
        expect(
          (await fetch(`${url}/api/shops/4/`, { headers: { authorization: `Bearer ${token}` } }))
            .status,
        ).toBe(403);
      },
    );
    expect(code).toBe(0);
  });

  test.each([
    [['--port', 'abc'], /--port expects a number/],
    [['--port', '70000'], /--port must be 0 to 65535/],
    [['--fail-rate', '2'], /failRate must be a number from 0 to 1/],
    [['--colour'], /Unknown option '--colour'/],
    [['extra'], /Unexpected argument 'extra'/],
    [['--user', 'nopassword'], /--user expects NAME:PASSWORD/],
    [['--shop', 'x:Name'], /the id must be a positive integer/],
    [['--token', 'ghost:abcdefgh1'], /there is no user "ghost"/],
    [['--seed-file', 'missing.yaml'], /cannot read seed file .*missing\.yaml: ENOENT/],
  ])('bad flags %j: a clear message, exit 2, no stack trace', async (args, message) => {
    const io = fakeIo(dir.path);
    const code = await main(['serve', '--db', ':memory:', ...args], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });

  test('a bad seed file is named with the problem', async () => {
    writeFileSync(
      join(dir.path, 'seed.json'),
      JSON.stringify({ users: [{ username: 'x', password: 1 }] }),
    );
    const io = fakeIo(dir.path);
    expect(await main(['serve', '--seed-file', 'seed.json'], io)).toBe(2);
    expect(io.err()).toMatch(/seed\.json: users\[0\]\.password: expected a string/);
  });

  test('a database file that is not SQLite: exit 2 with a clear message', async () => {
    writeFileSync(join(dir.path, 'bad.sqlite'), 'x'.repeat(4096));
    const io = fakeIo(dir.path);
    expect(await main(['serve', '--port', '0', '--db', 'bad.sqlite'], io)).toBe(2);
    expect(io.err()).toMatch(/bad\.sqlite is not a SQLite database/);
  });

  test('a port in use: exit 2 with a clear message', async () => {
    await serving(['--db', ':memory:'], async (url) => {
      const port = new URL(url).port;
      const io = fakeIo(dir.path);
      expect(await main(['serve', '--db', ':memory:', '--port', port], io)).toBe(2);
      expect(io.err()).toMatch(new RegExp(`port ${port} on 127.0.0.1 is already in use`));
    });
  });

  test('--allow-outgoing and --secret: a bad rule or an unset variable is exit 2 with why', async () => {
    const bad = fakeIo(dir.path);
    expect(
      await main(
        ['serve', '--port', '0', '--db', ':memory:', '--allow-outgoing', 'http://x/'],
        bad,
      ),
    ).toBe(2);
    expect(bad.err()).toContain(
      '--allow-outgoing "http://x/": expected loopback, HOST or HOST:PORT',
    );
    const unset = fakeIo(dir.path);
    expect(
      await main(
        ['serve', '--port', '0', '--db', ':memory:', '--secret', 'ZONES=ZONES_VAR'],
        unset,
      ),
    ).toBe(2);
    expect(unset.err()).toContain('the environment variable ZONES_VAR is not set');
    const { code, io } = await serving(
      ['--db', ':memory:', '--allow-outgoing', '127.0.0.1:9', '--allow-outgoing', 'loopback'],
      async () => {},
    );
    expect(code).toBe(0);
    expect(io.out()).toContain('the bot calls out to: 127.0.0.1:9, loopback');
  });

  test('--help prints the flags', async () => {
    const io = fakeIo(dir.path);
    expect(await main(['serve', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/--drop-rate R/);
  });
});
