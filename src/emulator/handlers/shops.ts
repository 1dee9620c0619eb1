// /api/shops/: the shops the user manages, and setting a shop's start step.
import { READ_ONLY_FIELDS } from '../../remote/contract.js';
import { fieldErrors } from '../api-error.js';
import { FieldCollector, asBody, checkKnownFields, readStepId } from '../fields.js';
import { checkStepRefs } from '../integrity.js';
import { pageOf, pageRequest } from '../query.js';
import type { Context, Reply } from '../routes.js';
import { assertManages } from './access.js';

export function listShops(ctx: Context): Reply {
  const page = pageRequest(ctx.url);
  const { count, rows } = ctx.store.shops.listForUser(ctx.user.id, page.limit, page.offset);
  return { status: 200, body: pageOf(ctx.url, page, count, rows) };
}

export function getShop(ctx: Context, id: number): Reply {
  assertManages(ctx, id);
  return { status: 200, body: ctx.store.shops.get(id) };
}

export function patchShop(ctx: Context, id: number): Reply {
  assertManages(ctx, id);
  const body = asBody(ctx.body);
  const out = new FieldCollector();
  checkKnownFields(body, ['start_step'], READ_ONLY_FIELDS.shop, out);
  const start = readStepId(body, 'start_step', { required: false, nullable: true }, out);
  if (!out.ok) throw fieldErrors(out.errors);
  return ctx.store.transaction(() => {
    const shop = ctx.store.shops.get(id);
    if (!shop) throw new Error(`shop ${id} vanished`);
    checkStepRefs(ctx.store, id, { start_step: start });
    const next = start === undefined ? shop.start_step : start;
    return { status: 200, body: ctx.store.shops.setStartStep(id, next, ctx.store.clock.tick()) };
  });
}
