// A database file of schema 2 (before bots and conversations) is upgraded to schema 3 when
// opened: its steps stay, and the bot side works on it at once.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { APPLICATION_ID, SCHEMA_SQL, SCHEMA_VERSION } from '../../src/emulator/store/schema.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('upgrades a schema-2 file in place: bots, users and messages work, old steps stay', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'botform-migrate3-'));
  dirs.push(dir);
  const file = path.join(dir, 'v2.sqlite');
  const old = new Database(file);
  old.exec(SCHEMA_SQL);
  old.pragma(`application_id = ${APPLICATION_ID}`);
  old.pragma('user_version = 2');
  const now = '2026-01-01T00:00:00.000Z';
  old
    .prepare(
      'INSERT INTO shops (id, name, start_step, created_at, updated_at) VALUES (1, ?, NULL, ?, ?)',
    )
    .run('Demo shop', now, now);
  old
    .prepare(
      "INSERT INTO steps (id, shop_id, name, type, text, next_step, params, created_at, updated_at) VALUES (1, 1, 'hi', 'message', 'Hi', NULL, '{}', ?, ?)",
    )
    .run(now, now);
  old.prepare('UPDATE shops SET start_step = 1').run();
  old.close();

  const emulator = await startEmulator({ db: file, port: 0 });
  try {
    const login = await fetch(`${emulator.url}/api/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const bot = (await (
      await fetch(`${emulator.url}/api/bots/?shop_id=1`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'b' }),
      })
    ).json()) as { business_id: number; client_id: string };
    const headers = { ...auth, 'client-id': bot.client_id };
    const reg = await fetch(`${emulator.url}/v1.0/user/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ user: { auth_id: 'u' }, business_id: bot.business_id }),
    });
    expect(reg.status).toBe(201);
    const sent = await fetch(`${emulator.url}/v1.0/log_message_from_user/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        user: { auth_id: 'u' },
        message_body: '/start',
        business_id: bot.business_id,
      }),
    });
    expect(sent.status).toBe(200);
    await emulator.botIdle();
    const msgs = (await (
      await fetch(`${emulator.url}/api/messages/?shop_id=1`, { headers: auth })
    ).json()) as { results: { sender: string; body: string }[] };
    expect(msgs.results.map((m) => [m.sender, m.body])).toStrictEqual([
      ['user', '/start'],
      ['bot', 'Hi'],
    ]);
  } finally {
    await emulator.close();
  }
  const upgraded = new Database(file, { readonly: true });
  expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  upgraded.close();
});
