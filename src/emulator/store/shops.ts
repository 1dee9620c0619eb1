// Shops and who manages them.
import type { Database } from 'better-sqlite3';
import type { ShopRecord } from '../../remote/contract.js';

export interface ShopStore {
  get(id: number): ShopRecord | undefined;
  isManagedBy(shopId: number, userId: number): boolean;
  listForUser(userId: number, limit: number, offset: number): { count: number; rows: ShopRecord[] };
  setStartStep(shopId: number, stepId: number | null, now: string): ShopRecord;
}

export function createShopStore(db: Database): ShopStore {
  const cols = 'id, name, start_step, created_at, updated_at';
  const get = db.prepare<[number], ShopRecord>(`SELECT ${cols} FROM shops WHERE id = ?`);
  const managed = db.prepare<[number, number], { one: number }>(
    'SELECT 1 AS one FROM user_shops WHERE shop_id = ? AND user_id = ?',
  );
  const count = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM user_shops WHERE user_id = ?',
  );
  const page = db.prepare<[number, number, number], ShopRecord>(
    `SELECT ${cols} FROM shops WHERE id IN (SELECT shop_id FROM user_shops WHERE user_id = ?)
     ORDER BY id LIMIT ? OFFSET ?`,
  );
  const setStart = db.prepare<[number | null, string, number]>(
    'UPDATE shops SET start_step = ?, updated_at = ? WHERE id = ?',
  );
  return {
    get: (id) => get.get(id),
    isManagedBy: (shopId, userId) => managed.get(shopId, userId) !== undefined,
    listForUser: (userId, limit, offset) => ({
      count: count.get(userId)?.n ?? 0,
      rows: page.all(userId, limit, offset),
    }),
    setStartStep(shopId, stepId, now) {
      setStart.run(stepId, now, shopId);
      const shop = get.get(shopId);
      if (!shop) throw new Error(`shop ${shopId} vanished during an update`);
      return shop;
    },
  };
}
