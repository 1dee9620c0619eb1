import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { EmulatorDbError, SeedError, startEmulator } from '../../src/emulator/index.js';
import {
  ALICE,
  TEST_SEED,
  client,
  makeItem,
  makeStep,
  startTestEmulator,
  tempDir,
} from './helpers.js';
import type { ItemBody, Page, StepBody } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe('a database file', () => {
  test('survives a restart with every record, token and timestamp intact', async () => {
    const db = join(dir.path, 'emulator.sqlite');
    const first = await startTestEmulator({ db });
    const api = client(first);
    const login = await client(first, null).post<{ token: string }>('/api/auth/login/', {
      username: 'bob',
      password: 'bob-pw',
    });
    const a = await makeStep(api, { name: 'a', params: { x: [1, { y: 'z' }] } });
    const b = await makeStep(api, { name: 'b', next_step: a.id, params: { else_step: a.id } });
    const item = await makeItem(api, { step: a.id, next_step: b.id });
    await api.patch('/api/shops/1/', { start_step: a.id });
    const steps = (await api.get<Page<StepBody>>('/api/steps/?shop_id=1')).body;
    await first.close();

    const second = await startTestEmulator({ db });
    try {
      const again = client(second);
      expect((await again.get<Page<StepBody>>('/api/steps/?shop_id=1')).body).toStrictEqual({
        ...steps,
        next: null,
        previous: null,
      });
      expect(
        (await again.get<ItemBody>(`/api/menu_items/${item.id}/?shop_id=1`)).body,
      ).toStrictEqual(item);
      expect((await again.get('/api/shops/1/')).body.start_step).toBe(a.id);
      expect((await client(second, login.body.token).get('/api/shops/')).status).toBe(200);
      // The references still hold after the restart.
      expect((await again.del(`/api/steps/${a.id}/?shop_id=1`)).status).toBe(409);
      const c = await makeStep(again, { name: 'c' });
      expect(c.id).toBeGreaterThan(b.id);
      expect(c.created_at > b.updated_at).toBe(true);
    } finally {
      await second.close();
    }
  });

  test('deleted ids are never reused, even after a restart', async () => {
    const db = join(dir.path, 'ids.sqlite');
    const first = await startTestEmulator({ db });
    const made = await makeStep(client(first), { name: 'gone' });
    await client(first).del(`/api/steps/${made.id}/?shop_id=1`);
    await first.close();
    const second = await startTestEmulator({ db });
    expect((await makeStep(client(second), { name: 'new' })).id).toBeGreaterThan(made.id);
    await second.close();
  });

  test('is in WAL mode and passes an integrity check after use', async () => {
    const file = join(dir.path, 'wal.sqlite');
    const emu = await startTestEmulator({ db: file });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => makeStep(client(emu), { name: `w${i}` })),
    );
    await emu.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('foreign_key_check')).toStrictEqual([]);
    raw.close();
  });

  test('seeding again is idempotent; a changed password takes effect', async () => {
    const db = join(dir.path, 'seed.sqlite');
    await (await startTestEmulator({ db })).close();
    const changed = {
      ...TEST_SEED,
      users: TEST_SEED.users.map((u) =>
        u.username === 'alice' ? { ...u, password: 'new-pw' } : u,
      ),
    };
    const emu = await startTestEmulator({ db, seed: changed });
    try {
      const shops = await client(emu).get<Page<unknown>>('/api/shops/');
      expect(shops.body.count).toBe(2);
      const anon = client(emu, null);
      expect(
        (await anon.post('/api/auth/login/', { username: 'alice', password: 'alice-pw' })).status,
      ).toBe(400);
      expect(
        (await anon.post('/api/auth/login/', { username: 'alice', password: 'new-pw' })).status,
      ).toBe(200);
    } finally {
      await emu.close();
    }
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM users').get()).toStrictEqual({ n: 2 });
    expect(raw.prepare('SELECT count(*) AS n FROM shops').get()).toStrictEqual({ n: 3 });
    expect(
      raw.prepare("SELECT count(*) AS n FROM tokens WHERE kind = 'static'").get(),
    ).toStrictEqual({ n: 2 });
    raw.close();
  });

  test('a file that is not SQLite is refused with a clear error', async () => {
    const file = join(dir.path, 'notes.txt');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    await expect(startEmulator({ db: file })).rejects.toThrow(EmulatorDbError);
    await expect(startEmulator({ db: file })).rejects.toThrow(/is not a SQLite database/);
  });

  test("another application's SQLite file is refused, and left alone", async () => {
    const file = join(dir.path, 'other.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();
    await expect(startEmulator({ db: file })).rejects.toThrow(/another application/);
    const check = new Database(file);
    expect(
      check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all(),
    ).toStrictEqual([{ name: 'notes' }]);
    check.close();
  });

  test('a bad seed is refused before anything is written', async () => {
    const db = join(dir.path, 'badseed.sqlite');
    const seed = {
      shops: [{ id: 1, name: 'x' }],
      users: [{ username: 'u', password: 'p', shops: [2] }],
    };
    await expect(startEmulator({ db, seed })).rejects.toThrow(SeedError);
  });

  test('a token seeded for one user cannot be claimed by another', async () => {
    const db = join(dir.path, 'tokens.sqlite');
    await (await startTestEmulator({ db })).close();
    const seed = {
      shops: [{ id: 1, name: 'x' }],
      users: [{ username: 'mallory', password: 'p', tokens: [ALICE] }],
    };
    await expect(startEmulator({ db, seed })).rejects.toThrow(/already belongs to another user/);
  });
});
