// Reading the live objects apply must see before it writes (the read that resumes a journal,
// checks for staleness and binds a saved plan to the objects it names): one GET per object when
// there are few, else the shop's two paged lists once, which take fewer requests. A missing
// object reads as undefined.
import type { HighTouchClient } from '../remote/client.js';
import {
  PAGE_LIMIT_MAX,
  type MenuItemRecord,
  type ShopRecord,
  type StepRecord,
} from '../remote/contract.js';
import { isApiError } from '../remote/errors.js';

export interface LiveReader {
  step(id: number): Promise<StepRecord | undefined>;
  menuItem(id: number): Promise<MenuItemRecord | undefined>;
  shop(id: number): Promise<ShopRecord | undefined>;
  stepsNamed(name: string): Promise<StepRecord[]>;
  menuItemsOf(stepId: number): Promise<MenuItemRecord[]>;
  /** The object a call's concrete path names (`/api/steps/12/`, `/api/menu_items/40/`, `/api/shops/1/`). */
  atPath(path: string): Promise<Record<string, unknown> | undefined>;
}

/** One request per question. */
export function directReader(client: HighTouchClient, shopId: number): LiveReader {
  const orMissing = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      if (isApiError(error) && error.kind === 'not-found') return undefined;
      throw error;
    }
  };
  const reader: LiveReader = {
    step: (id) => orMissing(() => client.getStep(shopId, id)),
    menuItem: (id) => orMissing(() => client.getMenuItem(shopId, id)),
    shop: (id) => orMissing(() => client.getShop(id)),
    stepsNamed: (name) => client.listSteps(shopId, { name }),
    menuItemsOf: (step) => client.listMenuItems(shopId, { step }),
    atPath: (path) => byPath(reader, path),
  };
  return reader;
}

/** The shop's steps and buttons read once (two paged lists); the shop itself on request. */
async function snapshotReader(client: HighTouchClient, shopId: number): Promise<LiveReader> {
  const [steps, items] = await Promise.all([
    client.listSteps(shopId),
    client.listMenuItems(shopId),
  ]);
  const stepsById = new Map(steps.map((s) => [s.id, s]));
  const itemsById = new Map(items.map((m) => [m.id, m]));
  const byName = groupBy(steps, (s) => s.name);
  const byStep = groupBy(items, (m) => m.step);
  const direct = directReader(client, shopId);
  const reader: LiveReader = {
    step: async (id) => stepsById.get(id),
    menuItem: async (id) => itemsById.get(id),
    shop: (id) => direct.shop(id),
    stepsNamed: async (name) => byName.get(name) ?? [],
    menuItemsOf: async (step) => byStep.get(step) ?? [],
    atPath: (path) => byPath(reader, path),
  };
  return reader;
}

/** The reader that costs fewer requests for about `questions` questions. */
export function readerFor(
  client: HighTouchClient,
  shopId: number,
  questions: number,
): Promise<LiveReader> {
  return questions > (2 * PAGE_LIMIT_MAX) / 10
    ? snapshotReader(client, shopId)
    : Promise.resolve(directReader(client, shopId));
}

async function byPath(
  reader: LiveReader,
  path: string,
): Promise<Record<string, unknown> | undefined> {
  const match = /^\/api\/(steps|menu_items|shops)\/(\d+)\/$/.exec(path);
  if (!match) throw new Error(`not the path of a live object: ${path}`);
  const id = Number(match[2]);
  const record =
    match[1] === 'steps'
      ? await reader.step(id)
      : match[1] === 'menu_items'
        ? await reader.menuItem(id)
        : await reader.shop(id);
  return record as Record<string, unknown> | undefined;
}

function groupBy<T, K>(list: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of list) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}
