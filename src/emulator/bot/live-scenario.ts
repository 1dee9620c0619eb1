// The live shop as the scenario IR the runtime runs: read the shop's steps and menu items from the
// store, turn them into a scenario document with the same code as `botform pull`, and build the
// IR with the same code as `botform validate`. Cached per shop until the shop's data changes.
import type { Database } from 'better-sqlite3';
import type { LiveState } from '../../plan/live.js';
import { pullDocument } from '../../pull/to-document.js';
import { START_OF_FILE } from '../../diagnostics/types.js';
import type { Scenario } from '../../model/scenario.js';
import type { MenuItemRecord, ShopRecord, StepRecord } from '../../remote/contract.js';
import { buildScenario } from '../../validate/build-scenario.js';

const LIVE_FILE = '(live shop)';

export interface LiveScenarios {
  /** The shop's scenario now, or undefined when the shop does not exist. */
  get(shopId: number): Scenario | undefined;
}

export function createLiveScenarios(db: Database): LiveScenarios {
  const shop = db.prepare<[number], ShopRecord>(
    'SELECT id, name, start_step, created_at, updated_at FROM shops WHERE id = ?',
  );
  // Any write to a shop's steps or buttons changes one of these (ids only grow, timestamps only increase).
  const version = db.prepare<[number, number, number], { v: string }>(
    `SELECT (SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || ifnull(max(updated_at), '') FROM steps WHERE shop_id = ?)
       || '|' || (SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || ifnull(max(updated_at), '') FROM menu_items WHERE shop_id = ?)
       || '|' || (SELECT updated_at FROM shops WHERE id = ?) AS v`,
  );
  const steps = db.prepare<[number], StepRecord & { params: string }>(
    'SELECT id, shop_id AS shop, name, type, text, next_step, params, created_at, updated_at FROM steps WHERE shop_id = ? ORDER BY id',
  );
  const items = db.prepare<[number], MenuItemRecord>(
    'SELECT id, step_id AS step, text, next_step, url, position, created_at, updated_at FROM menu_items WHERE shop_id = ? ORDER BY id',
  );
  const cache = new Map<number, { version: string; scenario: Scenario }>();
  return {
    get(shopId) {
      const record = shop.get(shopId);
      if (!record) return undefined;
      const v = version.get(shopId, shopId, shopId)?.v ?? '';
      const cached = cache.get(shopId);
      if (cached?.version === v) return cached.scenario;
      const live: LiveState = {
        shop: record,
        steps: steps
          .all(shopId)
          .map((row) => ({ ...row, params: JSON.parse(row.params) as Record<string, unknown> })),
        menuItems: items.all(shopId),
      };
      const scenario = toScenario(live);
      cache.set(shopId, { version: v, scenario });
      return scenario;
    },
  };
}

export function toScenario(live: LiveState): Scenario {
  const pulled = pullDocument(live);
  const value = {
    ...(pulled.start === null ? {} : { start: pulled.start }),
    entries: pulled.entries,
    steps: Object.fromEntries(
      pulled.steps.map((step) => [step.key, Object.fromEntries(step.fields)]),
    ),
  };
  return buildScenario([
    { file: LIVE_FILE, value, locator: { file: LIVE_FILE, locate: () => START_OF_FILE } },
  ]).scenario;
}
