// The emulator's storage: one SQLite database, one store per entity, one clock for timestamps.
import type { Database } from 'better-sqlite3';
import { createClock } from '../clock.js';
import type { Clock } from '../clock.js';
import { createBotStore } from './bots.js';
import type { BotStore } from './bots.js';
import { createConversationStore } from './conversations.js';
import type { ConversationStore } from './conversations.js';
import { createMenuItemStore } from './menu-items.js';
import type { MenuItemStore } from './menu-items.js';
import { createShopStore } from './shops.js';
import type { ShopStore } from './shops.js';
import { createStepStore } from './steps.js';
import type { StepStore } from './steps.js';
import { createPendingStore } from './pending.js';
import type { PendingStore } from './pending.js';
import { createUserStore } from './users.js';
import type { UserStore } from './users.js';

export interface Store {
  clock: Clock;
  shops: ShopStore;
  steps: StepStore;
  menuItems: MenuItemStore;
  users: UserStore;
  bots: BotStore;
  conversations: ConversationStore;
  /** What the bot still owes: unanswered messages, undelivered webhook POSTs. */
  pending: PendingStore;
  /** Runs `fn` in one transaction: all of its writes happen, or none. */
  transaction<T>(fn: () => T): T;
}

export function createStore(db: Database): Store {
  const newest = db
    .prepare<[], { t: string | null }>(
      `SELECT max(t) AS t FROM (
         SELECT max(updated_at) AS t FROM steps UNION ALL SELECT max(updated_at) FROM menu_items
         UNION ALL SELECT max(updated_at) FROM shops UNION ALL SELECT max(created_at) FROM tokens
         UNION ALL SELECT max(updated_at) FROM bot_users UNION ALL SELECT max(created_at) FROM messages)`,
    )
    .get();
  return {
    clock: createClock(newest?.t ?? null),
    shops: createShopStore(db),
    steps: createStepStore(db),
    menuItems: createMenuItemStore(db),
    users: createUserStore(db),
    bots: createBotStore(db),
    conversations: createConversationStore(db),
    pending: createPendingStore(db),
    transaction: (fn) => db.transaction(fn)(),
  };
}
