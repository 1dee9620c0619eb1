// The emulator's bot: each logged user message is answered by running the live shop's scenario
// (see live-scenario.ts) through the runtime (see conversation.ts), one message at a time per
// user; the new state, the bot's messages, and the leads and orders made are committed in one
// transaction, then the messages are delivered to the bot's webhook in order.
import type { BotRecord, BotUserRecord, ConversationMessageRecord } from '../../remote/contract.js';
import type { MessageSink } from '../handlers/message-api.js';
import type { Store } from '../store/index.js';
import type { LiveScenarios } from './live-scenario.js';
import type { Scenario } from '../../model/scenario.js';
import { createSerialQueues } from './serial.js';
import { deliver } from './webhook.js';
import type { WebhookOptions } from './webhook.js';

/** What one user message made the bot do. */
export interface BotTurn {
  /** The runtime's new state (JSON-serialisable). */
  state: unknown;
  /** The step the conversation now is at, when the runtime says. */
  currentStep: string | null;
  messages: { text: string; buttons: string[]; step: string | null }[];
  leads: { step: string; fields: Record<string, unknown> }[];
  orders: { step: string; fields: Record<string, unknown>; items: unknown[] }[];
}

export interface TurnInput {
  scenario: Scenario;
  /** null before the user's first message: the message then starts the conversation. */
  state: unknown;
  user: BotUserRecord;
  text: string;
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
        const replies = await answer(options, bot, user, message);
        for (const [index, reply] of replies.entries()) {
          if (closing.aborted) return;
          const turn = { inReplyTo: message.id, last: index === replies.length - 1 };
          await deliver(store, bot, user, reply, turn, options.webhook, closing);
        }
      });
    },
    idle: () => queues.idle(),
  };
}

async function answer(options: BotRunnerOptions, bot: BotRecord, user: BotUserRecord, message: ConversationMessageRecord): Promise<ConversationMessageRecord[]> {
  const { store } = options;
  const scenario = options.scenarios.get(bot.shop);
  if (!scenario) return [];
  const saved = store.bots.state(user.id);
  // The user record as it is now (its custom data may have changed since the message was logged).
  const current = store.bots.userById(user.id) ?? user;
  const turn = await options.converse({ scenario, state: saved === null ? null : (JSON.parse(saved) as unknown), user: current, text: message.body });
  if (options.closing.aborted) return [];
  const delivery = bot.webhook_url === null ? 'none' : 'pending';
  return store.transaction(() => {
    const now = store.clock.tick();
    store.bots.saveState(user.id, JSON.stringify(turn.state), turn.currentStep, now);
    for (const lead of turn.leads) store.conversations.addLead(bot.shop, user.id, lead.step, lead.fields, now);
    for (const order of turn.orders) store.conversations.addOrder(bot.shop, user.id, order.step, order.fields, order.items, now);
    return turn.messages.map((m) =>
      store.conversations.addMessage(
        { shop: bot.shop, bot_user: user.id, sender: 'bot', message_type: 0, body: m.text, step: m.step, buttons: m.buttons, delivery },
        store.clock.tick(),
      ),
    );
  });
}
