// The HighTouch REST API as botform assumes it, in one place. The public documents give the
// architecture (REST, JSON, limit/offset pages of at most 100, Bearer tokens, shop_id), not
// every field; what is assumed beyond them is written here and in docs/hightouch-api.md, and
// the emulator serves exactly this. Correct it here and both sides follow.
import type { StepType } from '../steps/index.js';

export const PAGE_LIMIT_MAX = 100;
export const PAGE_LIMIT_DEFAULT = 100;

/**
 * Bounds the server enforces (the emulator exactly these; the platform's are assumed no tighter).
 * A request past one gets a 400 naming the field, or 413 for the body as a whole.
 */
export const API_LIMITS = {
  bodyBytes: 1024 * 1024,
  nameLength: 255,
  stepTextLength: 10_000,
  menuTextLength: 255,
  urlLength: 2048,
  paramsBytes: 64 * 1024,
  paramsDepth: 16,
  positionMax: 1_000_000,
  stepsPerShop: 50_000,
  menuItemsPerStep: 1_000,
} as const;

/**
 * 429 answers carry `Retry-After` (whole seconds, as HTTP defines it, at least 1) and this header
 * with the same wait in milliseconds; a client that knows it should prefer it.
 */
export const RETRY_AFTER_MS_HEADER = 'retry-after-ms';

/** Fields the server fills in: sent back by a client they are ignored, never an error. */
export const READ_ONLY_FIELDS = {
  shop: ['id', 'name', 'created_at', 'updated_at'],
  step: ['id', 'shop', 'created_at', 'updated_at'],
  menuItem: ['id', 'created_at', 'updated_at'],
} as const;

export const API_PATHS = {
  login: '/api/auth/login/',
  shops: '/api/shops/',
  shop: (id: number) => `/api/shops/${id}/`,
  steps: '/api/steps/',
  step: (id: number) => `/api/steps/${id}/`,
  menuItems: '/api/menu_items/',
  menuItem: (id: number) => `/api/menu_items/${id}/`,
  bots: '/api/bots/',
  bot: (id: number) => `/api/bots/${id}/`,
  botUsers: '/api/bot_users/',
  leads: '/api/leads/',
  orders: '/api/orders/',
  messages: '/api/messages/',
  /** Seed 003: a user's message to a bot ("bot as an API"). */
  logMessage: '/v1.0/log_message_from_user/',
  /** Registering (or updating) a bot user, of the same family as logMessage. */
  registerUser: '/v1.0/user/',
} as const;

export interface LoginResponse {
  token: string;
}

export interface ShopRecord {
  id: number;
  name: string;
  /** The step a new conversation starts at. */
  start_step: number | null;
  created_at: string;
  updated_at: string;
}

export interface StepRecord {
  id: number;
  shop: number;
  /** The step's name; botform uses it as the step's identity (its key in the scenario files). */
  name: string;
  type: StepType;
  text: string;
  /** The automatic (or after-answer) transition. */
  next_step: number | null;
  /**
   * Type-specific settings. Step references inside params are step ids under a key named
   * `next_step` or ending in `_step` (see collectParamStepRefs); the server checks them like
   * `next_step` itself. A value under such a key must be a step id or null (see
   * findBadParamStepRefs): a name or an object there is a 400.
   */
  params: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface MenuItemRecord {
  id: number;
  step: number;
  text: string;
  next_step: number | null;
  url: string | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * Error bodies: `{"detail": "..."}` for auth/permission/not-found/conflict/throttle, field maps for
 * 400; the message API (`/v1.0/`) answers `{"error_message": "..."}` as seed 003 shows.
 */
export type ErrorBody = { detail: string } | Record<string, string[]> | { error_message: string };

/** A bot (seed 000): a messenger account of a shop; `business_id` addresses it in the message API. */
export interface BotRecord {
  id: number;
  shop: number;
  name: string;
  business_id: number;
  /** Sent as the `client-id` header of the message API. */
  client_id: string;
  /** Where the bot's replies are POSTed; null = kept, not delivered. */
  webhook_url: string | null;
  created_at: string;
  updated_at: string;
}

/** A user in a messenger talking to a bot (seed 000's BotUser). */
export interface BotUserRecord {
  id: number;
  shop: number;
  bot: number;
  auth_id: string;
  user_name: string;
  /** Profile variables the bot reads as `user.*`. */
  custom_data: Record<string, unknown>;
  /** Emulator extension: what a conversation test fixes for this user (see TestFixtures); null = nothing. */
  test_fixtures: TestFixtures | null;
  /** The step the user's conversation is at; null before the first message. */
  current_step: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * What the emulator's bot honours for a conversation test (sent at registration; a real platform
 * has no such thing): the step to start at, fixture variables and cart, a forced randomizer
 * variant per step (its index), and a stubbed operation answer per step.
 */
export interface TestFixtures {
  start?: string;
  vars?: Record<string, unknown>;
  cart?: { name: string; price: number; qty: number; sku?: string }[];
  random?: Record<string, number>;
  stubs?: Record<string, { status: number; body: unknown }>;
  /** Seed of the randomizer's generator. */
  seed?: number;
}

export interface ConversationMessageRecord {
  id: number;
  shop: number;
  bot_user: number;
  sender: 'user' | 'bot';
  message_type: number;
  body: string;
  /** For the bot's messages: the step that sent it. */
  step: string | null;
  buttons: string[];
  /** For the bot's messages: the webhook delivery; `none` for the user's and when the bot has no webhook. */
  delivery: 'none' | 'pending' | 'delivered' | 'failed';
  attempts: number;
  created_at: string;
}

export interface LeadRecord {
  id: number;
  shop: number;
  bot_user: number;
  /** The form step that made it. */
  step: string;
  fields: Record<string, unknown>;
  created_at: string;
}

export interface OrderRecord {
  id: number;
  shop: number;
  bot_user: number;
  step: string;
  fields: Record<string, unknown>;
  items: unknown[];
  total: number;
  /** How the customer pays (the order step's `payment`), when set. */
  payment: string | null;
  created_at: string;
}

export interface ParamStepRef {
  /** JSON pointer-like path inside params, e.g. ["branches", 0, "next_step"]. */
  path: (string | number)[];
  id: number;
}

/** Whether a params key holds a step id: `next_step`, `else_step`, `error_step`, ... */
function isStepRefKey(key: string): boolean {
  return key === 'next_step' || key.endsWith('_step');
}

/** Every step id referenced from inside a step's params (nested objects and arrays included). */
export function collectParamStepRefs(params: unknown): ParamStepRef[] {
  const refs: ParamStepRef[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item, [...path, index]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (isStepRefKey(key) && typeof child === 'number')
          refs.push({ path: [...path, key], id: child });
        else walk(child, [...path, key]);
      }
    }
  };
  walk(params, []);
  return refs;
}

/** Values under step-reference keys that are neither null nor a step id (a positive integer). */
export function findBadParamStepRefs(
  params: unknown,
): { path: (string | number)[]; value: unknown }[] {
  const bad: { path: (string | number)[]; value: unknown }[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item, [...path, index]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (!isStepRefKey(key)) walk(child, [...path, key]);
        else if (child !== null && !(Number.isSafeInteger(child) && (child as number) > 0)) {
          bad.push({ path: [...path, key], value: child });
        }
      }
    }
  };
  walk(params, []);
  return bad;
}

/** A shop as read from the API: what plan and pull work from. */
export interface LiveState {
  shop: ShopRecord;
  steps: StepRecord[];
  menuItems: MenuItemRecord[];
}
