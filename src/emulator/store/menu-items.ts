// Menu items (buttons). An item belongs to a step; its shop is its step's shop.
import type { Database } from 'better-sqlite3';
import type { MenuItemRecord } from '../../remote/contract.js';
import { createShopIds } from './shop-ids.js';

/** A menu item's writable fields, complete. */
export interface MenuItemData {
  step: number;
  text: string;
  next_step: number | null;
  url: string | null;
  position: number;
}

export interface MenuItemStore {
  get(shopId: number, id: number): MenuItemRecord | undefined;
  list(
    shopId: number,
    filter: { step?: number },
    limit: number,
    offset: number,
  ): { count: number; rows: MenuItemRecord[] };
  countForStep(stepId: number): number;
  /** Where a new item of the step goes by default: after the last one. */
  nextPosition(stepId: number): number;
  insert(data: MenuItemData, now: string): MenuItemRecord;
  update(id: number, data: MenuItemData, now: string): MenuItemRecord;
  delete(id: number): void;
}

export function createMenuItemStore(db: Database): MenuItemStore {
  const cols =
    'm.id, m.step_id AS step, m.text, m.next_step, m.url, m.position, m.created_at, m.updated_at';
  // shop_id is kept on each item (a step never changes shop): listing a shop's 40,000 items by
  // id then walks one index instead of joining steps and sorting every page.
  const from = 'FROM menu_items m';
  const get = db.prepare<[number, number], MenuItemRecord>(
    `SELECT ${cols} ${from} WHERE m.shop_id = ? AND m.id = ?`,
  );
  const byId = db.prepare<[number], MenuItemRecord>(
    `SELECT ${cols} FROM menu_items m WHERE m.id = ?`,
  );
  // A page of the whole list starts at a known id (shop-ids.ts): no OFFSET walk, no count(*).
  const shopIds = createShopIds(db, 'menu_items');
  // Raw rows, made into records here: half the cost of better-sqlite3's own row objects.
  const pageFrom = db
    .prepare<[number, number, number], MenuItemRow>(
      `SELECT ${cols} ${from} WHERE m.shop_id = ? AND m.id >= ? ORDER BY m.id LIMIT ?`,
    )
    .raw(true);
  const countOfStep = db.prepare<[number, number], { n: number }>(
    `SELECT count(*) AS n ${from} WHERE m.shop_id = ? AND m.step_id = ?`,
  );
  const pageOfStep = db.prepare<[number, number, number, number], MenuItemRecord>(
    `SELECT ${cols} ${from} WHERE m.shop_id = ? AND m.step_id = ? ORDER BY m.id LIMIT ? OFFSET ?`,
  );
  const countForStep = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM menu_items WHERE step_id = ?',
  );
  const nextPosition = db.prepare<[number], { p: number }>(
    'SELECT coalesce(max(position) + 1, 0) AS p FROM menu_items WHERE step_id = ?',
  );
  const insert = db.prepare<
    [
      {
        step: number;
        text: string;
        next: number | null;
        url: string | null;
        position: number;
        now: string;
      },
    ]
  >(
    `INSERT INTO menu_items (shop_id, step_id, text, next_step, url, position, created_at, updated_at)
     VALUES ((SELECT shop_id FROM steps WHERE id = @step), @step, @text, @next, @url, @position, @now, @now)`,
  );
  const update = db.prepare<[number, string, number | null, string | null, number, string, number]>(
    'UPDATE menu_items SET step_id = ?, text = ?, next_step = ?, url = ?, position = ?, updated_at = ? WHERE id = ?',
  );
  const remove = db.prepare<[number]>('DELETE FROM menu_items WHERE id = ?');
  const read = (id: number): MenuItemRecord => {
    const row = byId.get(id);
    if (!row) throw new Error(`menu item ${id} vanished during a write`);
    return row;
  };
  return {
    get: (shopId, id) => get.get(shopId, id),
    list(shopId, filter, limit, offset) {
      if (filter.step !== undefined) {
        return {
          count: countOfStep.get(shopId, filter.step)?.n ?? 0,
          rows: pageOfStep.all(shopId, filter.step, limit, offset),
        };
      }
      const ids = shopIds.of(shopId);
      const first = ids[offset];
      return {
        count: ids.length,
        rows: first === undefined ? [] : pageFrom.all(shopId, first, limit).map(fromRow),
      };
    },
    countForStep: (stepId) => countForStep.get(stepId)?.n ?? 0,
    nextPosition: (stepId) => nextPosition.get(stepId)?.p ?? 0,
    insert(data, now) {
      const { lastInsertRowid } = insert.run({
        step: data.step,
        text: data.text,
        next: data.next_step,
        url: data.url,
        position: data.position,
        now,
      });
      return read(Number(lastInsertRowid));
    },
    update(id, data, now) {
      update.run(data.step, data.text, data.next_step, data.url, data.position, now, id);
      return read(id);
    },
    delete: (id) => {
      remove.run(id);
    },
  };
}

/** A row of `cols`, in that order. */
type MenuItemRow = [number, number, string, number | null, string | null, number, string, string];

function fromRow([
  id,
  step,
  text,
  next_step,
  url,
  position,
  created_at,
  updated_at,
]: MenuItemRow): MenuItemRecord {
  return { id, step, text, next_step, url, position, created_at, updated_at };
}
