// Users, their passwords and their API tokens. Passwords are stored as salted scrypt hashes;
// tokens as given, because login hands the same token back each time (one per user, like
// Django REST framework's authtoken), and seeded static tokens are known to their owners anyway.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';

export interface User {
  id: number;
  username: string;
}

export interface UserStore {
  byToken(token: string): User | undefined;
  /** The user if the password is right. */
  checkPassword(username: string, password: string): User | undefined;
  /** The user's login token, made on first login. */
  loginToken(userId: number, now: string): string;
}

// Cheap on purpose: the emulator guards test data, and a login must not stall the event loop.
const SCRYPT_COST = 1024;
const KEY_LENGTH = 32;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, { N: SCRYPT_COST });
  return `scrypt$${SCRYPT_COST}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, cost, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !cost || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length, {
    N: Number(cost),
  });
  return timingSafeEqual(actual, expected);
}

export function createUserStore(db: Database): UserStore {
  const byToken = db.prepare<[string], User>(
    'SELECT u.id, u.username FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token = ?',
  );
  const byName = db.prepare<[string], User & { password_hash: string }>(
    'SELECT id, username, password_hash FROM users WHERE username = ?',
  );
  const loginToken = db.prepare<[number], { token: string }>(
    "SELECT token FROM tokens WHERE user_id = ? AND kind = 'login'",
  );
  const insertToken = db.prepare<[string, number, string]>(
    "INSERT INTO tokens (token, user_id, kind, created_at) VALUES (?, ?, 'login', ?)",
  );
  return {
    byToken: (token) => byToken.get(token),
    checkPassword(username, password) {
      const row = byName.get(username);
      if (!row || !verifyPassword(password, row.password_hash)) return undefined;
      return { id: row.id, username: row.username };
    },
    loginToken(userId, now) {
      const existing = loginToken.get(userId);
      if (existing) return existing.token;
      const token = randomBytes(20).toString('hex');
      insertToken.run(token, userId, now);
      return token;
    },
  };
}
