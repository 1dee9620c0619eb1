// Accounts and shops the emulator starts with. Applying a seed is idempotent: users and shops are
// matched by username and id and brought up to date; steps and menu items are never touched, so
// restarting with the same seed on an existing database changes nothing.
import type { Database } from 'better-sqlite3';
import { API_LIMITS } from '../remote/contract.js';
import { hashPassword, verifyPassword } from './store/users.js';

export interface SeedShop {
  id: number;
  name: string;
}

export interface SeedUser {
  username: string;
  password: string;
  /** Ids of the shops the user manages; absent = every shop of the seed. */
  shops?: number[];
  /** Static API tokens that work without a login (for CI and scripts). */
  tokens?: string[];
}

export interface SeedData {
  users: SeedUser[];
  shops: SeedShop[];
}

/** The documented quick-start account: demo / demo, managing shop 1 "Demo shop". */
export const DEFAULT_SEED: SeedData = {
  users: [{ username: 'demo', password: 'demo' }],
  shops: [{ id: 1, name: 'Demo shop' }],
};

export class SeedError extends Error {}

/** Throws SeedError naming the first problem. */
export function checkSeed(seed: SeedData): void {
  const shopIds = new Set<number>();
  for (const shop of seed.shops) {
    if (!Number.isSafeInteger(shop.id) || shop.id < 1)
      throw new SeedError(`shop id must be a positive integer, got ${shop.id}`);
    if (shopIds.has(shop.id)) throw new SeedError(`shop ${shop.id} is listed twice`);
    if (shop.name.length < 1 || shop.name.length > API_LIMITS.nameLength) {
      throw new SeedError(`shop ${shop.id}: name must be 1 to ${API_LIMITS.nameLength} characters`);
    }
    shopIds.add(shop.id);
  }
  const names = new Set<string>();
  const tokens = new Set<string>();
  for (const user of seed.users) {
    if (!/^[\w.@+-]{1,150}$/.test(user.username)) {
      throw new SeedError(
        `username "${user.username}" must be 1 to 150 letters, digits or . @ + - _`,
      );
    }
    if (names.has(user.username)) throw new SeedError(`user "${user.username}" is listed twice`);
    names.add(user.username);
    if (user.password.length < 1 || user.password.length > 1024) {
      throw new SeedError(`user "${user.username}": password must be 1 to 1024 characters`);
    }
    for (const id of user.shops ?? []) {
      if (!shopIds.has(id))
        throw new SeedError(
          `user "${user.username}" is given shop ${id}, which the seed does not define`,
        );
    }
    for (const token of user.tokens ?? []) {
      if (!/^[\x21-\x7e]{8,256}$/.test(token)) {
        throw new SeedError(
          `user "${user.username}": a token must be 8 to 256 printable ASCII characters without spaces`,
        );
      }
      if (tokens.has(token)) throw new SeedError(`token given to more than one user`);
      tokens.add(token);
    }
  }
}

/** Brings the database up to the seed, in one transaction. */
export function applySeed(db: Database, seed: SeedData, now: string): void {
  checkSeed(seed);
  const upsertShop = db.prepare<[number, string, string, string]>(
    `INSERT INTO shops (id, name, start_step, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE name != excluded.name`,
  );
  const findUser = db.prepare<[string], { id: number; password_hash: string }>(
    'SELECT id, password_hash FROM users WHERE username = ?',
  );
  const insertUser = db.prepare<[string, string]>(
    'INSERT INTO users (username, password_hash) VALUES (?, ?)',
  );
  const setPassword = db.prepare<[string, number]>(
    'UPDATE users SET password_hash = ? WHERE id = ?',
  );
  const grant = db.prepare<[number, number]>(
    'INSERT OR IGNORE INTO user_shops (user_id, shop_id) VALUES (?, ?)',
  );
  const tokenOwner = db.prepare<[string], { user_id: number }>(
    'SELECT user_id FROM tokens WHERE token = ?',
  );
  const insertToken = db.prepare<[string, number, string]>(
    "INSERT INTO tokens (token, user_id, kind, created_at) VALUES (?, ?, 'static', ?)",
  );
  db.transaction(() => {
    for (const shop of seed.shops) upsertShop.run(shop.id, shop.name, now, now);
    for (const user of seed.users) {
      const existing = findUser.get(user.username);
      let userId: number;
      if (!existing) {
        userId = Number(insertUser.run(user.username, hashPassword(user.password)).lastInsertRowid);
      } else {
        userId = existing.id;
        if (!verifyPassword(user.password, existing.password_hash))
          setPassword.run(hashPassword(user.password), userId);
      }
      for (const shopId of user.shops ?? seed.shops.map((s) => s.id)) grant.run(userId, shopId);
      for (const token of user.tokens ?? []) {
        const owner = tokenOwner.get(token);
        if (owner && owner.user_id !== userId)
          throw new SeedError(`a token of "${user.username}" already belongs to another user`);
        if (!owner) insertToken.run(token, userId, now);
      }
    }
  })();
}
