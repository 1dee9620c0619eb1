// Bots (seed 000's Bot: a messenger account of a shop, addressed by business_id in the message
// API) and their users (BotUser), with each user's conversation state kept as the runtime's JSON.
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { BotRecord, BotUserRecord, TestFixtures } from '../../remote/contract.js';

export interface BotData {
  name: string;
  webhook_url: string | null;
}

interface BotUserData {
  user_name: string;
  custom_data: Record<string, unknown>;
  test_fixtures: TestFixtures | null;
}

export interface BotStore {
  get(shopId: number, id: number): BotRecord | undefined;
  byBusinessId(businessId: number): BotRecord | undefined;
  list(shopId: number, limit: number, offset: number): { count: number; rows: BotRecord[] };
  insert(shopId: number, data: BotData, now: string): BotRecord;
  update(id: number, data: BotData, now: string): BotRecord;
  user(botId: number, authId: string): BotUserRecord | undefined;
  userById(id: number): BotUserRecord | undefined;
  listUsers(
    shopId: number,
    filter: { bot?: number; auth_id?: string },
    limit: number,
    offset: number,
  ): { count: number; rows: BotUserRecord[] };
  /** Creates the user or updates its name and data; `created` says which. */
  upsertUser(
    bot: BotRecord,
    authId: string,
    data: BotUserData,
    now: string,
  ): { user: BotUserRecord; created: boolean };
  /** The runtime's state of the user's conversation (JSON), or null before its first message. */
  state(userId: number): string | null;
  saveState(userId: number, state: string, currentStep: string | null, now: string): void;
}

interface BotUserRow extends Omit<BotUserRecord, 'custom_data' | 'test_fixtures'> {
  custom_data: string;
  test_fixtures: string | null;
}

const botCols =
  'id, shop_id AS shop, name, id AS business_id, client_id, webhook_url, created_at, updated_at';
const userCols =
  'id, shop_id AS shop, bot_id AS bot, auth_id, user_name, custom_data, test_fixtures, current_step, created_at, updated_at';

const toUser = (row: BotUserRow | undefined): BotUserRecord | undefined =>
  row && {
    ...row,
    custom_data: JSON.parse(row.custom_data) as Record<string, unknown>,
    test_fixtures:
      row.test_fixtures === null ? null : (JSON.parse(row.test_fixtures) as TestFixtures),
  };

export function createBotStore(db: Database): BotStore {
  const get = db.prepare<[number, number], BotRecord>(
    `SELECT ${botCols} FROM bots WHERE shop_id = ? AND id = ?`,
  );
  const byId = db.prepare<[number], BotRecord>(`SELECT ${botCols} FROM bots WHERE id = ?`);
  const count = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM bots WHERE shop_id = ?',
  );
  const page = db.prepare<[number, number, number], BotRecord>(
    `SELECT ${botCols} FROM bots WHERE shop_id = ? ORDER BY id LIMIT ? OFFSET ?`,
  );
  const insert = db.prepare<[number, string, string, string | null, string, string]>(
    'INSERT INTO bots (shop_id, name, client_id, webhook_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const update = db.prepare<[string, string | null, string, number]>(
    'UPDATE bots SET name = ?, webhook_url = ?, updated_at = ? WHERE id = ?',
  );
  const user = db.prepare<[number, string], BotUserRow>(
    `SELECT ${userCols} FROM bot_users WHERE bot_id = ? AND auth_id = ?`,
  );
  const userById = db.prepare<[number], BotUserRow>(
    `SELECT ${userCols} FROM bot_users WHERE id = ?`,
  );
  const insertUser = db.prepare<
    [number, number, string, string, string, string | null, string, string]
  >(
    'INSERT INTO bot_users (shop_id, bot_id, auth_id, user_name, custom_data, test_fixtures, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const updateUser = db.prepare<[string, string, string | null, string, number]>(
    'UPDATE bot_users SET user_name = ?, custom_data = ?, test_fixtures = ?, updated_at = ? WHERE id = ?',
  );
  const state = db.prepare<[number], { state: string | null }>(
    'SELECT state FROM bot_users WHERE id = ?',
  );
  const saveState = db.prepare<[string, string | null, string, number]>(
    'UPDATE bot_users SET state = ?, current_step = ?, updated_at = ? WHERE id = ?',
  );
  const mustBot = (id: number): BotRecord => {
    const bot = byId.get(id);
    if (!bot) throw new Error(`bot ${id} vanished during a write`);
    return bot;
  };
  const mustUser = (id: number | bigint): BotUserRecord => {
    const found = toUser(userById.get(Number(id)));
    if (!found) throw new Error(`bot user ${id} vanished during a write`);
    return found;
  };
  return {
    get: (shopId, id) => get.get(shopId, id),
    byBusinessId: (businessId) => byId.get(businessId),
    list: (shopId, limit, offset) => ({
      count: count.get(shopId)?.n ?? 0,
      rows: page.all(shopId, limit, offset),
    }),
    insert(shopId, data, now) {
      const clientId = randomBytes(12).toString('hex');
      return mustBot(
        Number(insert.run(shopId, data.name, clientId, data.webhook_url, now, now).lastInsertRowid),
      );
    },
    update(id, data, now) {
      update.run(data.name, data.webhook_url, now, id);
      return mustBot(id);
    },
    user: (botId, authId) => toUser(user.get(botId, authId)),
    userById: (id) => toUser(userById.get(id)),
    listUsers(shopId, filter, limit, offset) {
      const where = ['shop_id = ?'];
      const args: (string | number)[] = [shopId];
      if (filter.bot !== undefined) {
        where.push('bot_id = ?');
        args.push(filter.bot);
      }
      if (filter.auth_id !== undefined) {
        where.push('auth_id = ?');
        args.push(filter.auth_id);
      }
      const clause = where.join(' AND ');
      const n =
        db
          .prepare<(string | number)[], { n: number }>(
            `SELECT count(*) AS n FROM bot_users WHERE ${clause}`,
          )
          .get(...args)?.n ?? 0;
      const rows = db
        .prepare<(string | number)[], BotUserRow>(
          `SELECT ${userCols} FROM bot_users WHERE ${clause} ORDER BY id LIMIT ? OFFSET ?`,
        )
        .all(...args, limit, offset);
      return { count: n, rows: rows.map((row) => toUser(row) as BotUserRecord) };
    },
    upsertUser(bot, authId, data, now) {
      const existing = user.get(bot.id, authId);
      const custom = JSON.stringify(data.custom_data);
      const fixtures = data.test_fixtures === null ? null : JSON.stringify(data.test_fixtures);
      if (existing) {
        updateUser.run(data.user_name, custom, fixtures, now, existing.id);
        return { user: mustUser(existing.id), created: false };
      }
      const id = insertUser.run(
        bot.shop,
        bot.id,
        authId,
        data.user_name,
        custom,
        fixtures,
        now,
        now,
      ).lastInsertRowid;
      return { user: mustUser(id), created: true };
    },
    state: (userId) => state.get(userId)?.state ?? null,
    saveState: (userId, value, currentStep, now) =>
      void saveState.run(value, currentStep, now, userId),
  };
}
