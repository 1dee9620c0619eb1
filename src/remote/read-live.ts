// Reads everything a plan compares against: the shop, its steps and its buttons. Three
// collections, fetched concurrently; each list is paged by the client (first page, then the
// rest at once).
import type { LiveState } from './contract.js';
import type { HighTouchClient } from './client.js';

export async function readLiveState(client: HighTouchClient, shopId: number): Promise<LiveState> {
  const [shop, steps, menuItems] = await Promise.all([
    client.getShop(shopId),
    client.listSteps(shopId),
    client.listMenuItems(shopId),
  ]);
  return { shop, steps, menuItems };
}
