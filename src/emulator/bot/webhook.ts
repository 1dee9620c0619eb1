// Delivering the bot's replies: one JSON POST per message to the bot's webhook URL, in order per
// user, at least once. Each delivery has one time budget for all its attempts (a receiver that
// takes 7 s to answer gets its message once, not once per attempt); a failure or no connection
// is retried with backoff within that budget. The outcome is kept on the message (delivered /
// failed, attempts). Receivers de-duplicate by `message.message_id` (or `in_reply_to` for a
// turn-end notice): a delivery cut off by a timeout or a restart is made again.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BotRecord, BotUserRecord, ConversationMessageRecord } from '../../remote/contract.js';
import { callJson } from '../../http-json.js';
import type { EgressPolicy } from '../egress.js';
import type { TurnTrace } from './runner.js';

export interface WebhookOptions {
  /** Attempts per delivery at most, the first included; default 5. */
  attempts?: number;
  /** Wait before the second attempt, doubled for each further one; default 50 ms. */
  backoffMs?: number;
  /** One delivery's budget, all its attempts and waits together; default 10 s. */
  timeoutMs?: number;
}

const WEBHOOK_DEFAULTS = { attempts: 5, backoffMs: 50, timeoutMs: 10_000 } as const;

/** What the receiver gets, one message per POST. */
export interface WebhookPayload {
  business_id: number;
  user: { auth_id: string };
  /** null only in the turn-end notice a test-mode user gets for a turn in which the bot said nothing. */
  message: {
    message_id: number;
    body: string;
    message_type: number;
    buttons: string[];
    /** The step that sent it: the emulator reports it so that tests can check where the bot is. */
    step: string | null;
    created_at: string;
  } | null;
  /** The user message this answers (its message_id), and whether this is the turn's last POST. */
  in_reply_to: number;
  last_in_turn: boolean;
  /** Test-mode users only (registered with test_fixtures), on the turn's last POST. */
  trace?: TurnTrace;
}

export function payloadFor(
  bot: BotRecord,
  user: BotUserRecord,
  message: ConversationMessageRecord | null,
  turn: { inReplyTo: number; last: boolean; trace?: TurnTrace | undefined },
): WebhookPayload {
  return {
    business_id: bot.business_id,
    user: { auth_id: user.auth_id },
    message: message && {
      message_id: message.id,
      body: message.body,
      message_type: message.message_type,
      buttons: message.buttons,
      step: message.step,
      created_at: message.created_at,
    },
    in_reply_to: turn.inReplyTo,
    last_in_turn: turn.last,
    ...(turn.trace ? { trace: turn.trace } : {}),
  };
}

export type DeliveryOutcome =
  | { delivery: 'delivered' | 'failed'; attempts: number }
  /** The emulator is closing: the delivery stays pending, to be made after the next start. */
  | 'interrupted';

/** POSTs the payload until a 2xx, or the attempts or the budget run out. */
export async function deliver(
  url: string | null,
  payload: unknown,
  options: WebhookOptions,
  egress: EgressPolicy,
  closing: AbortSignal,
): Promise<DeliveryOutcome> {
  // No webhook (any more), or one this emulator may not call: nothing can be delivered.
  if (url === null || egress.refusal(url) !== undefined) return { delivery: 'failed', attempts: 0 };
  const attempts = options.attempts ?? WEBHOOK_DEFAULTS.attempts;
  const budget = options.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs;
  const deadline = Date.now() + budget;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (closing.aborted) return 'interrupted';
    const left = deadline - Date.now();
    if (left <= 0) return { delivery: 'failed', attempts: attempt - 1 };
    if (await post(url, payload, left, closing))
      return { delivery: 'delivered', attempts: attempt };
    if (closing.aborted) return 'interrupted';
    const wait = (options.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs) * 2 ** (attempt - 1);
    if (attempt === attempts || Date.now() + wait >= deadline)
      return { delivery: 'failed', attempts: attempt };
    try {
      await sleep(wait, undefined, { signal: closing });
    } catch {
      return 'interrupted';
    }
  }
  return { delivery: 'failed', attempts };
}

async function post(
  url: string,
  payload: unknown,
  timeoutMs: number,
  closing: AbortSignal,
): Promise<boolean> {
  try {
    // The socket's idle timeout alone would let a receiver that answers a byte at a time hold
    // the delivery for ever: the budget is a deadline for the whole exchange.
    const signal = AbortSignal.any([closing, AbortSignal.timeout(timeoutMs)]);
    const res = await callJson({ method: 'POST', url, body: payload, timeoutMs, signal });
    return res.status >= 200 && res.status < 300;
  } catch {
    return false;
  }
}
