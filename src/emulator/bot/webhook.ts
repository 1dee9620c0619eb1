// Delivering the bot's replies: one JSON POST per message to the bot's webhook URL, in order per
// user, retried with backoff when the receiver fails or cannot be reached, and the outcome kept
// on the message (delivered / failed, attempts) so that it can be read afterwards.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BotRecord, BotUserRecord, ConversationMessageRecord } from '../../remote/contract.js';
import { isLoopbackUrl } from '../loopback.js';
import { callJson } from '../../http-json.js';
import type { Store } from '../store/index.js';
import type { TurnTrace } from './runner.js';

export interface WebhookOptions {
  /** Attempts per message, the first included; default 5. */
  attempts?: number;
  /** Wait before the second attempt, doubled for each further one; default 50 ms. */
  backoffMs?: number;
  /** One attempt's limit; default 5 s. */
  timeoutMs?: number;
}

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

/** POSTs the payload until a 2xx or the attempts run out; records the outcome on the message, if any. */
export async function deliver(
  store: Store,
  url: string | null,
  payload: WebhookPayload,
  options: WebhookOptions,
  closing: AbortSignal,
): Promise<void> {
  if (url === null || !isLoopbackUrl(url)) return;
  const messageId = payload.message?.message_id;
  const record = (delivery: 'delivered' | 'failed', attempts: number) => {
    if (messageId !== undefined) store.conversations.setDelivery(messageId, delivery, attempts);
  };
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; attempt <= attempts && !closing.aborted; attempt++) {
    if (await post(url, payload, options.timeoutMs ?? 5000, closing)) {
      record('delivered', attempt);
      return;
    }
    if (attempt === attempts) {
      record('failed', attempt);
      return;
    }
    try {
      await sleep((options.backoffMs ?? 50) * 2 ** (attempt - 1), undefined, { signal: closing });
    } catch {
      return;
    }
  }
}
async function post(
  url: string,
  payload: WebhookPayload,
  timeoutMs: number,
  closing: AbortSignal,
): Promise<boolean> {
  try {
    const res = await callJson({ method: 'POST', url, body: payload, timeoutMs, signal: closing });
    return res.status >= 200 && res.status < 300;
  } catch {
    return false;
  }
}
