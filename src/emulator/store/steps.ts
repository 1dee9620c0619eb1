// Steps, and the index of step references inside their params (kept in param_refs so that a
// delete can find who points at a step without reading every step of the shop).
import type { Database } from 'better-sqlite3';
import { collectParamStepRefs } from '../../remote/contract.js';
import type { StepRecord } from '../../remote/contract.js';
import type { StepType } from '../../steps/index.js';
import { createShopIds } from './shop-ids.js';

/** A step's writable fields, complete. */
export interface StepData {
  name: string;
  type: StepType;
  text: string;
  next_step: number | null;
  params: Record<string, unknown>;
}

export interface StepStore {
  get(shopId: number, id: number): StepRecord | undefined;
  exists(shopId: number, id: number): boolean;
  count(shopId: number): number;
  list(
    shopId: number,
    filter: { name?: string },
    limit: number,
    offset: number,
  ): { count: number; rows: StepRecord[] };
  insert(shopId: number, data: StepData, now: string): StepRecord;
  update(shopId: number, id: number, data: StepData, now: string): StepRecord;
  /** Deletes the step, its menu items and its params' references. */
  delete(id: number): void;
  /** What outside the step itself still points at it, for a person to read; at most `max` entries. */
  referrers(id: number, max: number): { total: number; sample: string[] };
}

interface StepRow extends Omit<StepRecord, 'params' | 'type'> {
  type: string;
  params: string;
}

export function createStepStore(db: Database): StepStore {
  const cols = 'id, shop_id AS shop, name, type, text, next_step, params, created_at, updated_at';
  const get = db.prepare<[number, number], StepRow>(
    `SELECT ${cols} FROM steps WHERE shop_id = ? AND id = ?`,
  );
  const exists = db.prepare<[number, number], { one: number }>(
    'SELECT 1 AS one FROM steps WHERE shop_id = ? AND id = ?',
  );
  const countAll = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM steps WHERE shop_id = ?',
  );
  // A page of the whole list starts at a known id (shop-ids.ts): no OFFSET walk.
  const shopIds = createShopIds(db, 'steps');
  // Raw rows, made into records here: half the cost of better-sqlite3's own row objects.
  const pageFrom = db
    .prepare<[number, number, number], StepRawRow>(
      `SELECT ${cols} FROM steps WHERE shop_id = ? AND id >= ? ORDER BY id LIMIT ?`,
    )
    .raw(true);
  const countNamed = db.prepare<[number, string], { n: number }>(
    'SELECT count(*) AS n FROM steps WHERE shop_id = ? AND name = ?',
  );
  const pageNamed = db.prepare<[number, string, number, number], StepRow>(
    `SELECT ${cols} FROM steps WHERE shop_id = ? AND name = ? ORDER BY id LIMIT ? OFFSET ?`,
  );
  const insert = db.prepare<
    [number, string, string, string, number | null, string, string, string]
  >(
    `INSERT INTO steps (shop_id, name, type, text, next_step, params, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare<[string, string, string, number | null, string, string, number]>(
    'UPDATE steps SET name = ?, type = ?, text = ?, next_step = ?, params = ?, updated_at = ? WHERE id = ?',
  );
  const deleteStep = db.prepare<[number]>('DELETE FROM steps WHERE id = ?');
  const deleteRefs = db.prepare<[number]>('DELETE FROM param_refs WHERE step_id = ?');
  const insertRef = db.prepare<[number, string, number]>(
    'INSERT INTO param_refs (step_id, path, target) VALUES (?, ?, ?)',
  );
  // Self references (a step's own next_step, params or menu items) never block its deletion.
  const referrerQueries = [
    db.prepare<[number, number, number], { what: string }>(
      `SELECT 'step ' || id || ' ("' || name || '") next_step' AS what FROM steps
       WHERE next_step = ? AND id != ? ORDER BY id LIMIT ?`,
    ),
    db.prepare<[number, number, number], { what: string }>(
      `SELECT 'step ' || s.id || ' ("' || s.name || '") params.' || r.path AS what
       FROM param_refs r JOIN steps s ON s.id = r.step_id
       WHERE r.target = ? AND r.step_id != ? ORDER BY s.id LIMIT ?`,
    ),
    db.prepare<[number, number, number], { what: string }>(
      `SELECT 'menu item ' || id || ' of step ' || step_id || ' next_step' AS what FROM menu_items
       WHERE next_step = ? AND step_id != ? ORDER BY id LIMIT ?`,
    ),
    db.prepare<[number, number, number], { what: string }>(
      // The middle parameter keeps the three-parameter shape of the queries above.
      `SELECT 'shop ' || id || ' start_step' AS what FROM shops WHERE start_step = ? AND ? IS NOT NULL
       ORDER BY id LIMIT ?`,
    ),
  ];
  const referrerCount = db.prepare<{ id: number }, { n: number }>(
    `SELECT (SELECT count(*) FROM steps WHERE next_step = $id AND id != $id)
          + (SELECT count(*) FROM param_refs WHERE target = $id AND step_id != $id)
          + (SELECT count(*) FROM menu_items WHERE next_step = $id AND step_id != $id)
          + (SELECT count(*) FROM shops WHERE start_step = $id) AS n`,
  );
  const deleteMenuItems = db.prepare<[number]>('DELETE FROM menu_items WHERE step_id = ?');

  const writeRefs = (id: number, params: Record<string, unknown>): void => {
    deleteRefs.run(id);
    for (const ref of collectParamStepRefs(params)) insertRef.run(id, ref.path.join('.'), ref.id);
  };
  const read = (shopId: number, id: number): StepRecord => {
    const row = get.get(shopId, id);
    if (!row) throw new Error(`step ${id} vanished during a write`);
    return toRecord(row);
  };

  return {
    get(shopId, id) {
      const row = get.get(shopId, id);
      return row && toRecord(row);
    },
    exists: (shopId, id) => exists.get(shopId, id) !== undefined,
    count: (shopId) => countAll.get(shopId)?.n ?? 0,
    list(shopId, filter, limit, offset) {
      if (filter.name !== undefined) {
        return {
          count: countNamed.get(shopId, filter.name)?.n ?? 0,
          rows: pageNamed.all(shopId, filter.name, limit, offset).map(toRecord),
        };
      }
      const ids = shopIds.of(shopId);
      const first = ids[offset];
      return {
        count: ids.length,
        rows: first === undefined ? [] : pageFrom.all(shopId, first, limit).map(fromRawRow),
      };
    },
    insert(shopId, data, now) {
      const { lastInsertRowid } = insert.run(
        shopId,
        data.name,
        data.type,
        data.text,
        data.next_step,
        JSON.stringify(data.params),
        now,
        now,
      );
      const id = Number(lastInsertRowid);
      writeRefs(id, data.params);
      return read(shopId, id);
    },
    update(shopId, id, data, now) {
      update.run(
        data.name,
        data.type,
        data.text,
        data.next_step,
        JSON.stringify(data.params),
        now,
        id,
      );
      writeRefs(id, data.params);
      return read(shopId, id);
    },
    delete(id) {
      deleteMenuItems.run(id);
      deleteRefs.run(id);
      deleteStep.run(id);
    },
    referrers(id, max) {
      const sample: string[] = [];
      for (const query of referrerQueries) {
        if (sample.length >= max) break;
        for (const row of query.all(id, id, max - sample.length)) sample.push(row.what);
      }
      return { total: referrerCount.get({ id })?.n ?? 0, sample };
    },
  };
}

function toRecord(row: StepRow): StepRecord {
  return {
    ...row,
    type: row.type as StepType,
    params: JSON.parse(row.params) as Record<string, unknown>,
  };
}

/** A row of `cols`, in that order. */
type StepRawRow = [number, number, string, string, string, number | null, string, string, string];

function fromRawRow([
  id,
  shop,
  name,
  type,
  text,
  next_step,
  params,
  created_at,
  updated_at,
]: StepRawRow): StepRecord {
  return {
    id,
    shop,
    name,
    type: type as StepType,
    text,
    next_step,
    params: JSON.parse(params) as Record<string, unknown>,
    created_at,
    updated_at,
  };
}
