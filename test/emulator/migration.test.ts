// A database file written by the first emulator (schema 1) is upgraded when opened: its
// buttons are still there, listed per shop, and new ones are added as before.
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

/** Schema 1 is schema 2 without the shop column of menu items and its index. */
const SCHEMA_1 = SCHEMA_SQL.replace('  shop_id INTEGER REFERENCES shops(id),\n', '').replace(
  'CREATE INDEX menu_items_by_shop ON menu_items(shop_id, id);\n',
  '',
);

it('upgrades a schema-1 file in place, keeping its data', async () => {
  expect(SCHEMA_1).not.toContain('menu_items_by_shop');
  const dir = mkdtempSync(path.join(tmpdir(), 'botform-migrate-'));
  dirs.push(dir);
  const file = path.join(dir, 'old.sqlite');
  const old = new Database(file);
  old.exec(SCHEMA_1);
  old.pragma(`application_id = ${APPLICATION_ID}`);
  old.pragma('user_version = 1');
  const now = '2026-01-01T00:00:00.000Z';
  old
    .prepare(
      'INSERT INTO shops (id, name, start_step, created_at, updated_at) VALUES (1, ?, NULL, ?, ?)',
    )
    .run('Demo shop', now, now);
  old
    .prepare(
      "INSERT INTO steps (id, shop_id, name, type, text, next_step, params, created_at, updated_at) VALUES (1, 1, 'a', 'message', 'A', NULL, '{}', ?, ?)",
    )
    .run(now, now);
  old
    .prepare(
      "INSERT INTO menu_items (step_id, text, next_step, url, position, created_at, updated_at) VALUES (1, 'Site', NULL, 'https://example.com', 0, ?, ?)",
    )
    .run(now, now);
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
    const created = await fetch(`${emulator.url}/api/menu_items/?shop_id=1`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ step: 1, text: 'Again', url: 'https://example.com/2' }),
    });
    expect(created.status).toBe(201);
    const list = (await (
      await fetch(`${emulator.url}/api/menu_items/?shop_id=1`, { headers: auth })
    ).json()) as { count: number; results: { text: string }[] };
    expect(list.count).toBe(2);
    expect(list.results.map((r) => r.text)).toStrictEqual(['Site', 'Again']);
  } finally {
    await emulator.close();
  }
  const upgraded = new Database(file, { readonly: true });
  expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  upgraded.close();
});
