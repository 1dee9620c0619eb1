// The emulator's SQLite schema. Foreign keys back up the integrity checks made in code: if a
// check were ever missed, the write fails (a 500, a bug to fix) instead of corrupting the data.

/** Marks a database file as ours ("BTFM"), so that another application's SQLite file is refused. */
export const APPLICATION_ID = 0x4254464d;
export const SCHEMA_VERSION = 4;

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

/**
 * Schema 3: the bot side of a shop (seed 000's Bot, BotUser, Lead, Order) and the messages of
 * the message API (seed 003). Kept apart from SCHEMA_SQL so that creating a new file and
 * upgrading an old one run the very same statements.
 */
export const MESSAGING_SQL = `
CREATE TABLE bots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  name TEXT NOT NULL,
  client_id TEXT NOT NULL,
  webhook_url TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX bots_by_shop ON bots(shop_id, id);
CREATE TABLE bot_users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  bot_id INTEGER NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  auth_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  custom_data TEXT NOT NULL,
  test_fixtures TEXT,
  current_step TEXT,
  state TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (bot_id, auth_id)
);
CREATE INDEX bot_users_by_shop ON bot_users(shop_id, id);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  bot_user_id INTEGER NOT NULL REFERENCES bot_users(id) ON DELETE CASCADE,
  sender TEXT NOT NULL CHECK (sender IN ('user', 'bot')),
  message_type INTEGER NOT NULL,
  body TEXT NOT NULL,
  step TEXT,
  buttons TEXT NOT NULL,
  delivery TEXT NOT NULL CHECK (delivery IN ('none', 'pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX messages_by_user ON messages(bot_user_id, id);
CREATE INDEX messages_by_shop ON messages(shop_id, id);
CREATE TABLE leads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  bot_user_id INTEGER NOT NULL REFERENCES bot_users(id) ON DELETE CASCADE,
  step TEXT NOT NULL,
  fields TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX leads_by_shop ON leads(shop_id, id);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  bot_user_id INTEGER NOT NULL REFERENCES bot_users(id) ON DELETE CASCADE,
  step TEXT NOT NULL,
  fields TEXT NOT NULL,
  items TEXT NOT NULL,
  total REAL NOT NULL,
  payment TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX orders_by_shop ON orders(shop_id, id);
`;

/**
 * Schema 4: what the bot still owes survives a kill. A user message is `answered = 0` from the
 * moment it is logged until the turn that answers it commits (in that turn's transaction); each
 * webhook POST the turn makes is a `deliveries` row, written in the same transaction and deleted
 * once delivered or given up. A restarted emulator answers and delivers what is left, in order.
 */
export const PENDING_SQL = `
ALTER TABLE messages ADD COLUMN answered INTEGER;
UPDATE messages SET answered = 1 WHERE sender = 'user';
CREATE INDEX messages_unanswered ON messages(bot_user_id, id) WHERE answered = 0;
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  bot_user_id INTEGER NOT NULL REFERENCES bot_users(id) ON DELETE CASCADE,
  message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX deliveries_by_user ON deliveries(bot_user_id, id);
`;

/** Upgrades a database of an older schema, step by step; key = the version it upgrades from. */
export const MIGRATIONS: Record<number, string> = {
  // 1 → 2: menu items carry their shop, so a shop's items are listed from one index.
  1: `
ALTER TABLE menu_items ADD COLUMN shop_id INTEGER REFERENCES shops(id);
UPDATE menu_items SET shop_id = (SELECT shop_id FROM steps WHERE steps.id = menu_items.step_id);
CREATE INDEX menu_items_by_shop ON menu_items(shop_id, id);
`,
  // 2 → 3: bots, bot users, their messages, leads and orders.
  2: MESSAGING_SQL,
  // 3 → 4: unanswered messages and pending deliveries kept (schema 3 kept neither: its user
  // messages count as answered; its bot messages still `pending` cannot be resumed and stay so).
  3: PENDING_SQL,
};
