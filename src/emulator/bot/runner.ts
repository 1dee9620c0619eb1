// The emulator's bot: each logged user message is answered by running the live shop's scenario
// (see live-scenario.ts) through the runtime (see conversation.ts), one message at a time per
// user; the new state, the bot's messages, and the leads and orders made are committed in one
// transaction, then the messages are delivered to the bot's webhook in order.
import type { BotRecord, BotUserRecord, ConversationMessageRecord } from '../../remote/contract.js';
import type { MessageSink } from '../handlers/message-api.js';
import type { Store } from '../store/index.js';
import type { NewOrder } from '../store/conversations.js';
import type { LiveScenarios } from './live-scenario.js';
import type { Scenario } from '../../model/scenario.js';
import { createSerialQueues } from './serial.js';
import { deliver, payloadFor } from './webhook.js';
import type { WebhookOptions } from './webhook.js';

/** What one user message made the bot do. */
export interface BotTurn {
  /** The runtime's new state (JSON-serialisable). */
  state: unknown;
  /** The step the conversation now is at, when the runtime says. */
  currentStep: string | null;
  messages: { text: string; buttons: string[]; step: string | null }[];
  leads: { step: string; fields: Record<string, unknown> }[];
  orders: NewOrder[];
  /** What a conversation test checks beyond the messages; sent only to test-mode users (see TurnTrace). */
  trace: TurnTrace;
}

/** Emulator extension for conversation tests: where the bot waits, its variables, what it did. */
export interface TurnTrace {
  at: string | null;
  vars: unknown;
  entered: string[];
  events: unknown[];
  /** Set when the turn stopped on a problem of the scenario (a loop past the bound, a missing step). */
  error: { code: string; message: string } | null;
}

export interface TurnInput {
  scenario: Scenario;
  /** null before the user's first message: the message then starts the conversation. */
  state: unknown;
  user: BotUserRecord;
  text: string;
  /** The message API's message_type: 0 a text, 1 a product added to the cart (body: its JSON). */
  messageType: number;
}

/** Runs one turn of a conversation; never throws for a valid scenario (an error becomes a bot message). */
export type Converse = (input: TurnInput) => Promise<BotTurn>;

export interface BotRunner extends MessageSink {
  /** Resolves when every message received so far is answered and delivered (or given up). */
  idle(): Promise<void>;
}

export interface BotRunnerOptions {
  store: Store;
  scenarios: LiveScenarios;
  converse: Converse;
  webhook: WebhookOptions;
  closing: AbortSignal;
  onInternalError(error: unknown): void;
}

export function createBotRunner(options: BotRunnerOptions): BotRunner {
  const { store, closing } = options;
  const queues = createSerialQueues(options.onInternalError);
  return {
    received(bot, user, message) {
      queues.run(user.id, async () => {
        if (closing.aborted) return;
        const answered = await answer(options, bot, user, message);
        if (!answered) return;
        const { replies, trace } = answered;
        const url = bot.webhook_url;
        for (const [index, reply] of replies.entries()) {
          if (closing.aborted) return;
          const last = index === replies.length - 1;
          const payload = payloadFor(bot, user, reply, {
            inReplyTo: message.id,
            last,
            trace: last ? trace : undefined,
          });
          await deliver(store, url, payload, options.webhook, closing);
        }
        // A test waits for the end of every turn, also of one in which the bot said nothing.
        if (replies.length === 0 && trace) {
          await deliver(
            store,
            url,
            payloadFor(bot, user, null, { inReplyTo: message.id, last: true, trace }),
            options.webhook,
            closing,
          );
        }
      });
    },
    idle: () => queues.idle(),
  };
}

async function answer(
  options: BotRunnerOptions,
  bot: BotRecord,
  user: BotUserRecord,
  message: ConversationMessageRecord,
): Promise<{ replies: ConversationMessageRecord[]; trace: TurnTrace | undefined } | undefined> {
  const { store } = options;
  const scenario = options.scenarios.get(bot.shop);
  if (!scenario) return undefined;
  const saved = store.bots.state(user.id);
  // The user record as it is now (its custom data may have changed since the message was logged).
  const current = store.bots.userById(user.id) ?? user;
  const turn = await options.converse({
    scenario,
    state: saved === null ? null : (JSON.parse(saved) as unknown),
    user: current,
    text: message.body,
    messageType: message.message_type,
  });
  if (options.closing.aborted) return undefined;
  const delivery = bot.webhook_url === null ? 'none' : 'pending';
  const trace = current.test_fixtures === null ? undefined : turn.trace;
  const replies = store.transaction(() => {
    const now = store.clock.tick();
    store.bots.saveState(user.id, JSON.stringify(turn.state), turn.currentStep, now);
    for (const lead of turn.leads)
      store.conversations.addLead(bot.shop, user.id, lead.step, lead.fields, now);
    for (const order of turn.orders) store.conversations.addOrder(bot.shop, user.id, order, now);
    return turn.messages.map((m) =>
      store.conversations.addMessage(
        {
          shop: bot.shop,
          bot_user: user.id,
          sender: 'bot',
          message_type: 0,
          body: m.text,
          step: m.step,
          buttons: m.buttons,
          delivery,
        },
        store.clock.tick(),
      ),
    );
  });
  return { replies, trace };
}
