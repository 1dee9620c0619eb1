// The shop's start step: one PATCH when it differs, after the new start step exists.
import { planned, shopUpdateCall } from './calls.js';
import { createDeps, resolveStep, shopUpdateId, type OpsContext } from './context.js';

export function addShopOp(ctx: OpsContext): void {
  const shop = ctx.index.state.shop;
  const before = shop.start_step === null ? null : ctx.index.nameOf(shop.start_step);
  const after = ctx.desired.start;
  if (before === after) return;
  ctx.touched.add(`shop:${shop.id}`);
  ctx.ops.push({
    id: shopUpdateId(shop.id),
    action: 'update',
    address: { kind: 'shop', key: String(shop.id) },
    before: { start: before },
    after: { start: after },
    changed: ['start'],
    call: planned(shopUpdateCall(shop.id, { start: after }, (t) => resolveStep(ctx, t))),
    dependsOn: createDeps(ctx, [after]),
  });
}
