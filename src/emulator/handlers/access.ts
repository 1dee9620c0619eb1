// Which shop a request works on, and whether its user may.
import { detail, notFound } from '../api-error.js';
import { requiredIntParam } from '../query.js';
import type { Context } from '../routes.js';

/** 404 for a shop that does not exist, 403 for one the user does not manage. */
export function assertManages(ctx: Context, shopId: number): void {
  if (!ctx.store.shops.get(shopId)) throw notFound(`Shop ${shopId}`);
  if (!ctx.store.shops.isManagedBy(shopId, ctx.user.id)) {
    throw detail(403, `You do not have permission to manage shop ${shopId}.`);
  }
}

/** The `shop_id` query parameter every step and menu item call needs, checked. */
export function requestShop(ctx: Context): number {
  const shopId = requiredIntParam(ctx.url, 'shop_id', 1);
  assertManages(ctx, shopId);
  return shopId;
}
