// Whole-list pages are served from a shop's ids kept in memory (store/shop-ids.ts). They must be
// exactly what `ORDER BY id LIMIT ? OFFSET ?` and `count(*)` give, right after any write: by
// this process's store, or by another connection to the same file (a second emulator, a tool).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from 'better-sqlite3';
import { DEFAULT_SEED, applySeed } from '../../src/emulator/seed.js';
import { createStore, type Store } from '../../src/emulator/store/index.js';
import { openDatabase } from '../../src/emulator/store/open.js';

let dir: string;
let db: Database;
let other: Database;
let store: Store;
let otherStore: Store;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'botform-list-ids-'));
  const file = path.join(dir, 'shop.sqlite');
  db = openDatabase(file);
  store = createStore(db);
  applySeed(db, DEFAULT_SEED, store.clock.tick());
  other = openDatabase(file);
  otherStore = createStore(other);
});
afterAll(() => {
  db.close();
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The answer the OFFSET queries gave: every id of the shop's steps / items, in order. */
const stepIdsBySql = (): number[] =>
  db.prepare('SELECT id FROM steps WHERE shop_id = 1 ORDER BY id').pluck().all() as number[];
const itemIdsBySql = (): number[] =>
  db.prepare('SELECT id FROM menu_items WHERE shop_id = 1 ORDER BY id').pluck().all() as number[];

function expectPagesMatch(limit: number): void {
  const steps = stepIdsBySql();
  const items = itemIdsBySql();
  for (let offset = 0; offset <= steps.length + limit; offset += limit) {
    const page = store.steps.list(1, {}, limit, offset);
    expect(page.count).toBe(steps.length);
    expect(page.rows.map((s) => s.id)).toStrictEqual(steps.slice(offset, offset + limit));
  }
  for (let offset = 0; offset <= items.length + limit; offset += limit) {
    const page = store.menuItems.list(1, {}, limit, offset);
    expect(page.count).toBe(items.length);
    expect(page.rows.map((m) => m.id)).toStrictEqual(items.slice(offset, offset + limit));
  }
}

describe('whole-list pages from the kept ids', () => {
  test('follow inserts and deletes made by this store and by another connection, page by page', () => {
    const now = () => store.clock.tick();
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            who: fc.constantFrom('this', 'other'),
            what: fc.constantFrom('step', 'item', 'delete-step', 'delete-item'),
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: 1, max: 7 }),
        (writes, limit) => {
          for (const { who, what } of writes) {
            const s = who === 'this' ? store : otherStore;
            const steps = stepIdsBySql();
            const items = itemIdsBySql();
            if (what === 'step' || steps.length === 0)
              s.steps.insert(
                1,
                {
                  name: `n${steps.length}-${now()}`,
                  type: 'message',
                  text: 't',
                  next_step: null,
                  params: {},
                },
                now(),
              );
            else if (what === 'item')
              s.menuItems.insert(
                {
                  step: steps[0] as number,
                  text: 'b',
                  next_step: null,
                  url: 'https://example.com',
                  position: items.length,
                },
                now(),
              );
            else if (what === 'delete-step') s.steps.delete(steps[steps.length - 1] as number);
            else if (items.length > 0) s.menuItems.delete(items[0] as number);
            // Read after every write, so that a stale list would be served if it were kept.
            expectPagesMatch(limit);
          }
        },
      ),
      { seed: 11, numRuns: 40 },
    );
  });

  test('a page past the end is empty and still counts the list', () => {
    const count = stepIdsBySql().length;
    expect(store.steps.list(1, {}, 100, count + 5)).toStrictEqual({ count, rows: [] });
  });
});
