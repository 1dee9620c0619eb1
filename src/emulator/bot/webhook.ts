// Delivering the bot's replies: one JSON POST per message to the bot's webhook URL, in order per
// user, retried with backoff when the receiver fails or cannot be reached, and the outcome kept
// on the message (delivered / failed, attempts) so that it can be read afterwards.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BotRecord, BotUserRecord, ConversationMessageRecord } from '../../remote/contract.js';
import { isLoopbackUrl } from '../loopback.js';
import type { Store } from '../store/index.js';

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
  message: {
    message_id: number;
    body: string;
    message_type: number;
    buttons: string[];
    /** The step that sent it: the emulator reports it so that tests can check where the bot is. */
    step: string | null;
    created_at: string;
    /** The user message this answers (its message_id), and whether this is the turn's last reply. */
    in_reply_to: number;
    last_in_turn: boolean;
  };
}

export async function deliver(
  store: Store,
  bot: BotRecord,
  user: BotUserRecord,
  message: ConversationMessageRecord,
  turn: { inReplyTo: number; last: boolean },
  options: WebhookOptions,
  closing: AbortSignal,
): Promise<void> {
  const url = bot.webhook_url;
  if (url === null || !isLoopbackUrl(url)) return;
  const payload: WebhookPayload = {
    business_id: bot.business_id,
    user: { auth_id: user.auth_id },
    message: {
      message_id: message.id,
      body: message.body,
      message_type: message.message_type,
      buttons: message.buttons,
      step: message.step,
      created_at: message.created_at,
      in_reply_to: turn.inReplyTo,
      last_in_turn: turn.last,
    },
  };
  const body = JSON.stringify(payload);
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; attempt <= attempts && !closing.aborted; attempt++) {
    if (await post(url, body, options.timeoutMs ?? 5000, closing)) {
      store.conversations.setDelivery(message.id, 'delivered', attempt);
      return;
    }
    if (attempt === attempts) {
      store.conversations.setDelivery(message.id, 'failed', attempt);
      return;
    }
    try {
      await sleep((options.backoffMs ?? 50) * 2 ** (attempt - 1), undefined, { signal: closing });
    } catch {
      return;
    }
  }
}

async function post(url: string, body: string, timeoutMs: number, closing: AbortSignal): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.any([closing, AbortSignal.timeout(timeoutMs)]),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status >= 200 && res.status < 300;
  } catch {
    return false;
  }
}
