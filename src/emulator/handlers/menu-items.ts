// /api/menu_items/: the buttons of a shop's steps, filterable by ?step=. Every call names the
// shop with ?shop_id=; an item whose step is in another shop is "not found" here.
import { API_LIMITS } from '../../remote/contract.js';
import { fieldError, notFound } from '../api-error.js';
import { checkStepRefs } from '../integrity.js';
import { checkTarget, parseMenuItemCreate, parseMenuItemPatch } from '../menu-item-input.js';
import { intParam, pageOf, pageRequest } from '../query.js';
import type { Context, Reply } from '../routes.js';
import type { MenuItemData } from '../store/menu-items.js';
import type { Store } from '../store/index.js';
import { requestShop } from './access.js';

export function listMenuItems(ctx: Context): Reply {
  const shopId = requestShop(ctx);
  const page = pageRequest(ctx.url);
  const step = intParam(ctx.url, 'step', 1);
  const { count, rows } = ctx.store.menuItems.list(
    shopId,
    step === undefined ? {} : { step },
    page.limit,
    page.offset,
  );
  return { status: 200, body: pageOf(ctx.url, page, count, rows) };
}

export function getMenuItem(ctx: Context, id: number): Reply {
  const shopId = requestShop(ctx);
  const item = ctx.store.menuItems.get(shopId, id);
  if (!item) throw notFound(`Menu item ${id}`);
  return { status: 200, body: item };
}

export function createMenuItem(ctx: Context): Reply {
  const shopId = requestShop(ctx);
  const input = parseMenuItemCreate(ctx.body);
  return ctx.store.transaction(() => {
    const step = input.step;
    checkStepRefs(ctx.store, shopId, { step, next_step: input.next_step });
    const data: MenuItemData = {
      step,
      text: input.text,
      next_step: input.next_step ?? null,
      url: input.url ?? null,
      position: input.position ?? ctx.store.menuItems.nextPosition(step),
    };
    checkTarget(data);
    checkRoom(ctx.store, step);
    return { status: 201, body: ctx.store.menuItems.insert(data, ctx.store.clock.tick()) };
  });
}

export function patchMenuItem(ctx: Context, id: number): Reply {
  const shopId = requestShop(ctx);
  const input = parseMenuItemPatch(ctx.body);
  return ctx.store.transaction(() => {
    const item = ctx.store.menuItems.get(shopId, id);
    if (!item) throw notFound(`Menu item ${id}`);
    checkStepRefs(ctx.store, shopId, { step: input.step, next_step: input.next_step });
    const data: MenuItemData = {
      step: input.step ?? item.step,
      text: input.text ?? item.text,
      next_step: input.next_step === undefined ? item.next_step : input.next_step,
      url: input.url === undefined ? item.url : input.url,
      position: input.position ?? item.position,
    };
    checkTarget(data);
    if (data.step !== item.step) checkRoom(ctx.store, data.step);
    return { status: 200, body: ctx.store.menuItems.update(id, data, ctx.store.clock.tick()) };
  });
}

export function deleteMenuItem(ctx: Context, id: number): Reply {
  const shopId = requestShop(ctx);
  return ctx.store.transaction(() => {
    if (!ctx.store.menuItems.get(shopId, id)) throw notFound(`Menu item ${id}`);
    ctx.store.menuItems.delete(id);
    return { status: 204 };
  });
}

function checkRoom(store: Store, stepId: number): void {
  if (store.menuItems.countForStep(stepId) >= API_LIMITS.menuItemsPerStep) {
    throw fieldError(
      'step',
      `Step ${stepId} already has ${API_LIMITS.menuItemsPerStep} menu items, the most it may have.`,
    );
  }
}
