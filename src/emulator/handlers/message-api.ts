// The message API of seed 003 ("bot as an API"): POST /v1.0/log_message_from_user/ logs a user's
// message to a bot and answers at once with the logged message; the bot's replies go to the bot's
// webhook afterwards. POST /v1.0/user/ registers (or updates) the user first, with the same
// headers and error shape. Authorization is a user's API token (Bearer) that manages the bot's
// shop plus the bot's client-id; errors are {"error_message": "..."} as the seed shows them.
import type { IncomingHttpHeaders } from 'node:http';
import { API_LIMITS } from '../../remote/contract.js';
import type { BotRecord, BotUserRecord, ConversationMessageRecord } from '../../remote/contract.js';
import { ErrorAnswer } from '../api-error.js';
import { isRecord } from '../../model/json.js';
import type { Reply } from '../routes.js';
import type { Store } from '../store/index.js';
import { readTestFixtures } from '../test-fixtures-input.js';
import { ADD_TO_CART_MESSAGE_TYPE, parseCartItem } from '../bot/conversation.js';

const AUTH_ID_MAX = 255;
const MESSAGE_BODY_MAX = 4096;
const CUSTOM_DATA_BYTES = 16 * 1024;

/** Told about each logged message after it is committed; the bot answers it from there. */
export interface MessageSink {
  received(bot: BotRecord, user: BotUserRecord, message: ConversationMessageRecord): void;
}

export interface MessageContext {
  body: unknown;
  headers: IncomingHttpHeaders;
  store: Store;
  sink: MessageSink;
}

const failure = (status: number, message: string): ErrorAnswer =>
  new ErrorAnswer(status, { error_message: message });
const unauthorized = (): ErrorAnswer => failure(401, 'invalid authorization details');

export function logMessage(ctx: MessageContext): Reply {
  const account = authenticate(ctx);
  const body = objectBody(ctx.body);
  const authId = readAuthId(body.user);
  const text = body.message_body;
  if (typeof text !== 'string') throw failure(400, 'message_body: a string is required');
  if ([...text].length > MESSAGE_BODY_MAX)
    throw failure(400, `message_body: at most ${MESSAGE_BODY_MAX} characters`);
  const type = body.message_type ?? 0;
  if (typeof type !== 'number' || !Number.isSafeInteger(type) || type < 0)
    throw failure(400, 'message_type: a non-negative integer is required');
  if (type === ADD_TO_CART_MESSAGE_TYPE && !parseCartItem(text)) {
    throw failure(
      400,
      'message_body: a message of type 1 is a product added to the cart: {"name", "price", "qty"?, "sku"?} as JSON',
    );
  }
  const bot = account.bot(body.business_id);
  const user = ctx.store.bots.user(bot.id, authId);
  if (!user) throw failure(403, 'user is not registered');
  const message = ctx.store.transaction(() =>
    ctx.store.conversations.addMessage(
      {
        shop: bot.shop,
        bot_user: user.id,
        sender: 'user',
        message_type: type,
        body: text,
        step: null,
        buttons: [],
        delivery: 'none',
      },
      ctx.store.clock.tick(),
    ),
  );
  ctx.sink.received(bot, user, message);
  return {
    status: 200,
    body: {
      message_id: message.id,
      message_body: message.body,
      created_at: message.created_at,
      message_type: message.message_type,
    },
  };
}

export function registerUser(ctx: MessageContext): Reply {
  const account = authenticate(ctx);
  const body = objectBody(ctx.body);
  const authId = readAuthId(body.user ?? { auth_id: body.auth_id });
  const name = body.user_name ?? '';
  if (typeof name !== 'string' || [...name].length > API_LIMITS.nameLength)
    throw failure(400, `user_name: a string of at most ${API_LIMITS.nameLength} characters`);
  const custom = body.custom_data ?? {};
  if (!isRecord(custom)) throw failure(400, 'custom_data: an object is required');
  if (Buffer.byteLength(JSON.stringify(custom)) > CUSTOM_DATA_BYTES)
    throw failure(400, `custom_data: at most ${CUSTOM_DATA_BYTES} bytes of JSON`);
  const fixtures = readTestFixtures(body.test_fixtures);
  if (!fixtures.ok) throw failure(400, fixtures.message);
  if (
    fixtures.value !== null &&
    Buffer.byteLength(JSON.stringify(fixtures.value)) > CUSTOM_DATA_BYTES
  ) {
    throw failure(400, `test_fixtures: at most ${CUSTOM_DATA_BYTES} bytes of JSON`);
  }
  const bot = account.bot(body.business_id);
  const data = { user_name: name, custom_data: custom, test_fixtures: fixtures.value };
  const { user, created } = ctx.store.transaction(() =>
    ctx.store.bots.upsertUser(bot, authId, data, ctx.store.clock.tick()),
  );
  return { status: created ? 201 : 200, body: user };
}

/** The caller's token and client-id; `bot` then checks that they may talk as the given business. */
function authenticate(ctx: MessageContext): { bot(businessId: unknown): BotRecord } {
  const match = /^Bearer +(\S{1,256}) *$/i.exec(ctx.headers.authorization ?? '');
  const user = match?.[1] === undefined ? undefined : ctx.store.users.byToken(match[1]);
  const clientId = ctx.headers['client-id'];
  if (!user || typeof clientId !== 'string' || clientId === '') throw unauthorized();
  return {
    bot(businessId) {
      if (typeof businessId !== 'number' || !Number.isSafeInteger(businessId) || businessId < 1) {
        throw failure(400, 'business_id: a positive integer is required');
      }
      const bot = ctx.store.bots.byBusinessId(businessId);
      // One answer for "no such business" and "not yours": the seed's 401 says nothing more.
      if (!bot || bot.client_id !== clientId || !ctx.store.shops.isManagedBy(bot.shop, user.id))
        throw unauthorized();
      return bot;
    },
  };
}

function objectBody(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw failure(400, 'the body must be a JSON object');
  return value;
}

function readAuthId(user: unknown): string {
  const authId = isRecord(user) ? user.auth_id : undefined;
  if (typeof authId !== 'string' || !/^[\w.@:+-]+$/.test(authId) || authId.length > AUTH_ID_MAX) {
    throw failure(400, `user.auth_id: 1 to ${AUTH_ID_MAX} letters, digits or . @ : + - _`);
  }
  return authId;
}
