// The emulator's SQLite schema. Foreign keys back up the integrity checks made in code: if a
// check were ever missed, the write fails (a 500, a bug to fix) instead of corrupting the data.

/** Marks a database file as ours ("BTFM"), so that another application's SQLite file is refused. */
export const APPLICATION_ID = 0x4254464d;
export const SCHEMA_VERSION = 2;

export const SCHEMA_SQL = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL
);
CREATE TABLE tokens (
  token TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('login', 'static')),
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX tokens_one_login_per_user ON tokens(user_id) WHERE kind = 'login';
CREATE TABLE shops (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  start_step INTEGER REFERENCES steps(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE user_shops (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, shop_id)
) WITHOUT ROWID;
CREATE TABLE steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  text TEXT NOT NULL,
  next_step INTEGER REFERENCES steps(id),
  params TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX steps_by_shop ON steps(shop_id, id);
CREATE INDEX steps_by_name ON steps(shop_id, name);
CREATE INDEX steps_by_next ON steps(next_step);
CREATE TABLE param_refs (
  step_id INTEGER NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  target INTEGER NOT NULL REFERENCES steps(id)
);
CREATE INDEX param_refs_by_step ON param_refs(step_id);
CREATE INDEX param_refs_by_target ON param_refs(target);
CREATE TABLE menu_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id INTEGER REFERENCES shops(id),
  step_id INTEGER NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  next_step INTEGER REFERENCES steps(id),
  url TEXT,
  position INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX menu_items_by_step ON menu_items(step_id, id);
CREATE INDEX menu_items_by_next ON menu_items(next_step);
CREATE INDEX menu_items_by_shop ON menu_items(shop_id, id);
`;

/** Upgrades a database of an older schema, step by step; key = the version it upgrades from. */
export const MIGRATIONS: Record<number, string> = {
  // 1 → 2: menu items carry their shop, so a shop's items are listed from one index.
  1: `
ALTER TABLE menu_items ADD COLUMN shop_id INTEGER REFERENCES shops(id);
UPDATE menu_items SET shop_id = (SELECT shop_id FROM steps WHERE steps.id = menu_items.step_id);
CREATE INDEX menu_items_by_shop ON menu_items(shop_id, id);
`,
};
