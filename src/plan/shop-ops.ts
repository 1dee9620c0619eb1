// The shop's start step: one PATCH when it differs, after the new start step exists.
import { API_PATHS } from '../remote/contract.js';
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
    call: {
      method: 'PATCH',
      path: API_PATHS.shop(shop.id),
      query: {},
      body: { start_step: after === null ? null : resolveStep(ctx, after) },
    },
    dependsOn: createDeps(ctx, [after]),
  });
}
