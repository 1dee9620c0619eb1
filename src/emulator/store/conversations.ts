// What conversations leave behind: every message (the user's, and the bot's with the state of its
// webhook delivery), and the leads and orders the bot made. Listed per shop, oldest first.
import type { Database, Statement } from 'better-sqlite3';
import type { ConversationMessageRecord, LeadRecord, OrderRecord } from '../../remote/contract.js';

/** A message as the store is given it: the record less what the store assigns. */
type NewMessage = Omit<ConversationMessageRecord, 'id' | 'attempts' | 'created_at'>;

export interface NewOrder {
  step: string;
  fields: Record<string, unknown>;
  items: unknown[];
  total: number;
  payment: string | null;
}

export interface ConversationStore {
  addMessage(message: NewMessage, now: string): ConversationMessageRecord;
  message(id: number): ConversationMessageRecord | undefined;
  setDelivery(id: number, delivery: ConversationMessageRecord['delivery'], attempts: number): void;
  listMessages(
    shopId: number,
    filter: { bot_user?: number },
    limit: number,
    offset: number,
  ): { count: number; rows: ConversationMessageRecord[] };
  addLead(
    shop: number,
    botUser: number,
    step: string,
    fields: Record<string, unknown>,
    now: string,
  ): LeadRecord;
  listLeads(
    shopId: number,
    filter: { bot_user?: number },
    limit: number,
    offset: number,
  ): { count: number; rows: LeadRecord[] };
  addOrder(shop: number, botUser: number, order: NewOrder, now: string): OrderRecord;
  listOrders(
    shopId: number,
    filter: { bot_user?: number },
    limit: number,
    offset: number,
  ): { count: number; rows: OrderRecord[] };
}

type Row = Record<string, unknown>;
const JSON_COLUMNS = new Set(['buttons', 'fields', 'items']);

/** SQLite rows with their JSON columns parsed. */
function parsed<T>(row: Row): T {
  const out: Row = {};
  for (const [key, value] of Object.entries(row))
    out[key] = JSON_COLUMNS.has(key) && typeof value === 'string' ? JSON.parse(value) : value;
  return out as T;
}

export function createConversationStore(db: Database): ConversationStore {
  const messageCols =
    'id, shop_id AS shop, bot_user_id AS bot_user, sender, message_type, body, step, buttons, delivery, attempts, created_at';
  const leadCols = 'id, shop_id AS shop, bot_user_id AS bot_user, step, fields, created_at';
  const orderCols =
    'id, shop_id AS shop, bot_user_id AS bot_user, step, fields, items, total, payment, created_at';
  const insertMessage = db.prepare<
    [number, number, string, number, string, string | null, string, string, string, number | null]
  >(
    // A user's message waits for the bot's answer (answered = 0) until the turn commits.
    'INSERT INTO messages (shop_id, bot_user_id, sender, message_type, body, step, buttons, delivery, attempts, created_at, answered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)',
  );
  const messageById = db.prepare<[number], Row>(`SELECT ${messageCols} FROM messages WHERE id = ?`);
  const setDelivery = db.prepare<[string, number, number]>(
    'UPDATE messages SET delivery = ?, attempts = ? WHERE id = ?',
  );
  const insertLead = db.prepare<[number, number, string, string, string]>(
    'INSERT INTO leads (shop_id, bot_user_id, step, fields, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertOrder = db.prepare<
    [number, number, string, string, string, number, string | null, string]
  >(
    'INSERT INTO orders (shop_id, bot_user_id, step, fields, items, total, payment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const byId = new Map<string, Statement<[number], Row>>();
  const one = <T>(table: string, cols: string, id: number | bigint): T => {
    let statement = byId.get(table);
    if (!statement) {
      statement = db.prepare<[number], Row>(`SELECT ${cols} FROM ${table} WHERE id = ?`);
      byId.set(table, statement);
    }
    const row = statement.get(Number(id));
    if (!row) throw new Error(`${table} ${id} vanished during a write`);
    return parsed<T>(row);
  };
  const list = <T>(table: string, cols: string) => {
    const count = db.prepare<[number], { n: number }>(
      `SELECT count(*) AS n FROM ${table} WHERE shop_id = ?`,
    );
    const countOf = db.prepare<[number, number], { n: number }>(
      `SELECT count(*) AS n FROM ${table} WHERE shop_id = ? AND bot_user_id = ?`,
    );
    const page = db.prepare<[number, number, number], Row>(
      `SELECT ${cols} FROM ${table} WHERE shop_id = ? ORDER BY id LIMIT ? OFFSET ?`,
    );
    const pageOf = db.prepare<[number, number, number, number], Row>(
      `SELECT ${cols} FROM ${table} WHERE shop_id = ? AND bot_user_id = ? ORDER BY id LIMIT ? OFFSET ?`,
    );
    return (
      shopId: number,
      filter: { bot_user?: number },
      limit: number,
      offset: number,
    ): { count: number; rows: T[] } =>
      filter.bot_user === undefined
        ? {
            count: count.get(shopId)?.n ?? 0,
            rows: page.all(shopId, limit, offset).map((r) => parsed<T>(r)),
          }
        : {
            count: countOf.get(shopId, filter.bot_user)?.n ?? 0,
            rows: pageOf.all(shopId, filter.bot_user, limit, offset).map((r) => parsed<T>(r)),
          };
  };
  return {
    addMessage(m, now) {
      const id = insertMessage.run(
        m.shop,
        m.bot_user,
        m.sender,
        m.message_type,
        m.body,
        m.step,
        JSON.stringify(m.buttons),
        m.delivery,
        now,
        m.sender === 'user' ? 0 : null,
      ).lastInsertRowid;
      return one<ConversationMessageRecord>('messages', messageCols, id);
    },
    message(id) {
      const row = messageById.get(id);
      return row ? parsed<ConversationMessageRecord>(row) : undefined;
    },
    setDelivery: (id, delivery, attempts) => void setDelivery.run(delivery, attempts, id),
    listMessages: list<ConversationMessageRecord>('messages', messageCols),
    addLead: (shop, botUser, step, fields, now) =>
      one<LeadRecord>(
        'leads',
        leadCols,
        insertLead.run(shop, botUser, step, JSON.stringify(fields), now).lastInsertRowid,
      ),
    listLeads: list<LeadRecord>('leads', leadCols),
    addOrder: (shop, botUser, o, now) =>
      one<OrderRecord>(
        'orders',
        orderCols,
        insertOrder.run(
          shop,
          botUser,
          o.step,
          JSON.stringify(o.fields),
          JSON.stringify(o.items),
          o.total,
          o.payment,
          now,
        ).lastInsertRowid,
      ),
    listOrders: list<OrderRecord>('orders', orderCols),
  };
}
