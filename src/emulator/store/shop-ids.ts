// The ids of a shop's whole list (all its steps, or all its menu items), in id order, kept in
// memory while the database is unchanged. A limit/offset page then costs its own rows, not a
// walk over every row before it (SQLite's OFFSET) nor a count(*) over the shop: reading a
// 50,000-step shop is 2,500 pages, and OFFSET made that quadratic (~5 ms a page at 10,000
// steps, ~20 ms at 50,000).
//
// "Unchanged" is proven, not assumed: SQLite's total_changes() grows with every row this
// connection inserts, updates or deletes (committed or not), and PRAGMA data_version changes
// when another connection commits to the file. The list is read again when either has moved.
import type { Database } from 'better-sqlite3';

export interface ShopIds {
  /** The shop's ids in ascending order (do not modify). */
  of(shopId: number): readonly number[];
}

export function createShopIds(db: Database, table: 'steps' | 'menu_items'): ShopIds {
  const changes = db.prepare<[], number>('SELECT total_changes()').pluck();
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const ids = db
    .prepare<[number], number>(`SELECT id FROM ${table} WHERE shop_id = ? ORDER BY id`)
    .pluck();
  let seenChanges = -1;
  let seenVersion = -1;
  const byShop = new Map<number, readonly number[]>();
  return {
    of(shopId) {
      const nowChanges = changes.get() ?? -1;
      const nowVersion = dataVersion.get() ?? -1;
      if (nowChanges !== seenChanges || nowVersion !== seenVersion) {
        byShop.clear();
        seenChanges = nowChanges;
        seenVersion = nowVersion;
      }
      let list = byShop.get(shopId);
      if (list === undefined) {
        list = ids.all(shopId);
        byShop.set(shopId, list);
      }
      return list;
    },
  };
}
