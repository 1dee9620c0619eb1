// /api/steps/: a shop's steps. Every call names the shop with ?shop_id=; a step of another shop
// is "not found" here even when it exists.
import { API_LIMITS } from '../../remote/contract.js';
import { detail, fieldError, notFound } from '../api-error.js';
import { checkStepRefs } from '../integrity.js';
import { pageOf, pageRequest } from '../query.js';
import type { Context, Reply } from '../routes.js';
import { parseStepCreate, parseStepPatch } from '../step-input.js';
import type { StepData } from '../store/steps.js';
import { requestShop } from './access.js';

// A 409 names this many referrers at most, then says how many more there are.
const REFERRERS_SHOWN = 10;

export function listSteps(ctx: Context): Reply {
  const shopId = requestShop(ctx);
  const page = pageRequest(ctx.url);
  const name = ctx.url.searchParams.get('name') ?? undefined;
  if (name !== undefined && name.length > API_LIMITS.nameLength * 2) {
    throw fieldError(
      'name',
      `Ensure this filter has no more than ${API_LIMITS.nameLength} characters.`,
    );
  }
  const { count, rows } = ctx.store.steps.list(
    shopId,
    name === undefined ? {} : { name },
    page.limit,
    page.offset,
  );
  return { status: 200, body: pageOf(ctx.url, page, count, rows) };
}

export function getStep(ctx: Context, id: number): Reply {
  const shopId = requestShop(ctx);
  const step = ctx.store.steps.get(shopId, id);
  if (!step) throw notFound(`Step ${id}`);
  return { status: 200, body: step };
}

export function createStep(ctx: Context): Reply {
  const shopId = requestShop(ctx);
  const input = parseStepCreate(ctx.body);
  return ctx.store.transaction(() => {
    checkStepRefs(ctx.store, shopId, { next_step: input.next_step }, input.params);
    if (ctx.store.steps.count(shopId) >= API_LIMITS.stepsPerShop) {
      throw fieldError(
        'non_field_errors',
        `Shop ${shopId} has reached the limit of ${API_LIMITS.stepsPerShop} steps.`,
      );
    }
    return { status: 201, body: ctx.store.steps.insert(shopId, input, ctx.store.clock.tick()) };
  });
}

export function patchStep(ctx: Context, id: number): Reply {
  const shopId = requestShop(ctx);
  const input = parseStepPatch(ctx.body);
  return ctx.store.transaction(() => {
    const step = ctx.store.steps.get(shopId, id);
    if (!step) throw notFound(`Step ${id}`);
    checkStepRefs(ctx.store, shopId, { next_step: input.next_step }, input.params);
    const data: StepData = {
      name: input.name ?? step.name,
      type: input.type ?? step.type,
      text: input.text ?? step.text,
      next_step: input.next_step === undefined ? step.next_step : input.next_step,
      params: input.params ?? step.params,
    };
    return { status: 200, body: ctx.store.steps.update(shopId, id, data, ctx.store.clock.tick()) };
  });
}

export function deleteStep(ctx: Context, id: number): Reply {
  const shopId = requestShop(ctx);
  return ctx.store.transaction(() => {
    if (!ctx.store.steps.exists(shopId, id)) throw notFound(`Step ${id}`);
    const { total, sample } = ctx.store.steps.referrers(id, REFERRERS_SHOWN);
    if (total > 0) {
      const more = total > sample.length ? `, and ${total - sample.length} more` : '';
      throw detail(
        409,
        `Step ${id} is still referenced by ${sample.join('; ')}${more}. Remove those references first.`,
      );
    }
    ctx.store.steps.delete(id);
    return { status: 204 };
  });
}
