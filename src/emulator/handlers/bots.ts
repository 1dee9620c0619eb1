// /api/bots/ (a shop's bots: name and webhook URL; the server gives business_id and client_id),
// and the read-only lists of what conversations made: /api/bot_users/, /api/messages/,
// /api/leads/, /api/orders/. Every call names the shop with ?shop_id=, like steps.
import { API_LIMITS } from '../../remote/contract.js';
import { fieldErrors, notFound } from '../api-error.js';
import { FieldCollector, asBody, checkKnownFields, isHttpUrl, readString } from '../fields.js';
import type { Body } from '../fields.js';
import { intParam, pageOf, pageRequest } from '../query.js';
import type { Context, Reply } from '../routes.js';
import type { BotData } from '../store/bots.js';
import { requestShop } from './access.js';

const READ_ONLY = ['id', 'shop', 'business_id', 'client_id', 'created_at', 'updated_at'];

export function listBots(ctx: Context): Reply {
  const shopId = requestShop(ctx);
  const page = pageRequest(ctx.url);
  const { count, rows } = ctx.store.bots.list(shopId, page.limit, page.offset);
  return { status: 200, body: pageOf(ctx.url, page, count, rows) };
}

export function getBot(ctx: Context, id: number): Reply {
  const shopId = requestShop(ctx);
  const bot = ctx.store.bots.get(shopId, id);
  if (!bot) throw notFound(`Bot ${id}`);
  return { status: 200, body: bot };
}

export function createBot(ctx: Context): Reply {
  const shopId = requestShop(ctx);
  const input = readBot(ctx, asBody(ctx.body), true);
  const data: BotData = { name: input.name ?? '', webhook_url: input.webhook_url ?? null };
  return ctx.store.transaction(() => ({
    status: 201,
    body: ctx.store.bots.insert(shopId, data, ctx.store.clock.tick()),
  }));
}

export function patchBot(ctx: Context, id: number): Reply {
  const shopId = requestShop(ctx);
  const input = readBot(ctx, asBody(ctx.body), false);
  return ctx.store.transaction(() => {
    const bot = ctx.store.bots.get(shopId, id);
    if (!bot) throw notFound(`Bot ${id}`);
    const data: BotData = {
      name: input.name ?? bot.name,
      webhook_url: input.webhook_url === undefined ? bot.webhook_url : input.webhook_url,
    };
    return { status: 200, body: ctx.store.bots.update(id, data, ctx.store.clock.tick()) };
  });
}

function readBot(
  ctx: Context,
  body: Body,
  creating: boolean,
): { name?: string | undefined; webhook_url?: string | null | undefined } {
  const out = new FieldCollector();
  checkKnownFields(body, ['name', 'webhook_url'], READ_ONLY, out);
  const name =
    readString(
      body,
      'name',
      { required: creating, nullable: false, min: 1, max: API_LIMITS.nameLength },
      out,
    ) ?? undefined;
  const webhook = readString(
    body,
    'webhook_url',
    { required: false, nullable: true, min: 1, max: API_LIMITS.urlLength },
    out,
  );
  if (typeof webhook === 'string') {
    const refusal = isHttpUrl(webhook) ? ctx.egress.refusal(webhook) : 'Enter a valid URL.';
    if (refusal === 'Enter a valid URL.') out.add('webhook_url', refusal);
    else if (refusal !== undefined)
      out.add('webhook_url', `The emulator does not deliver there: ${refusal}.`);
  }
  if (!out.ok) throw fieldErrors(out.errors);
  return { name, webhook_url: webhook };
}

export function listBotUsers(ctx: Context): Reply {
  const shopId = requestShop(ctx);
  const page = pageRequest(ctx.url);
  const bot = intParam(ctx.url, 'bot', 1);
  const authId = ctx.url.searchParams.get('auth_id') ?? undefined;
  const filter = {
    ...(bot === undefined ? {} : { bot }),
    ...(authId === undefined ? {} : { auth_id: authId.slice(0, 1000) }),
  };
  const { count, rows } = ctx.store.bots.listUsers(shopId, filter, page.limit, page.offset);
  return { status: 200, body: pageOf(ctx.url, page, count, rows) };
}

type Lister = (
  shopId: number,
  filter: { bot_user?: number },
  limit: number,
  offset: number,
) => { count: number; rows: unknown[] };

function listOf(pick: (ctx: Context) => Lister) {
  return (ctx: Context): Reply => {
    const shopId = requestShop(ctx);
    const page = pageRequest(ctx.url);
    const botUser = intParam(ctx.url, 'bot_user', 1);
    const { count, rows } = pick(ctx)(
      shopId,
      botUser === undefined ? {} : { bot_user: botUser },
      page.limit,
      page.offset,
    );
    return { status: 200, body: pageOf(ctx.url, page, count, rows) };
  };
}

export const listMessages = listOf((ctx) => ctx.store.conversations.listMessages);
export const listLeads = listOf((ctx) => ctx.store.conversations.listLeads);
export const listOrders = listOf((ctx) => ctx.store.conversations.listOrders);
