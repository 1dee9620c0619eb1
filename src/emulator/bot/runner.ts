// The emulator's bot: each logged user message is answered by running the live shop's scenario
// (see live-scenario.ts) through the runtime (see conversation.ts), one message at a time per
// user; the new state, the bot's messages, the leads and orders made, the message marked
// answered and the webhook deliveries owed are committed in one transaction, then the
// deliveries are made in order. What is owed lives in the database (store/pending.ts), so a
// killed emulator picks it up again when it starts (`resume`).
import type { BotUserRecord } from '../../remote/contract.js';
import type { EgressPolicy } from '../egress.js';
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

interface TurnInput {
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
  /** Answers and delivers what a previous run left owed (after a kill), each user in order. */
  resume(): void;
  /** Resolves when every message received so far is answered and delivered (or given up). */
  idle(): Promise<void>;
}

export interface BotRunnerOptions {
  store: Store;
  scenarios: LiveScenarios;
  converse: Converse;
  webhook: WebhookOptions;
  egress: EgressPolicy;
  closing: AbortSignal;
  onInternalError(error: unknown): void;
}

export function createBotRunner(options: BotRunnerOptions): BotRunner {
  const { store, closing } = options;
  const queues = createSerialQueues(options.onInternalError);
  // One job drains everything a user is owed, oldest first: deliveries not yet made, then the
  // next unanswered message (its turn commits its deliveries), and so on. A message arriving
  // while a job runs is picked up by that job; its own job then finds nothing left.
  const drain = (userId: number) =>
    queues.run(userId, async () => {
      for (;;) {
        if (closing.aborted) return;
        if (!(await deliverOwed(options, userId))) return;
        const next = store.pending.nextUnanswered(userId);
        if (next === undefined) return;
        await answer(options, userId, next);
      }
    });
  return {
    received: (_bot, user) => drain(user.id),
    resume() {
      for (const userId of store.pending.usersOwed()) drain(userId);
    },
    idle: () => queues.idle(),
  };
}

/** Makes the user's pending deliveries in order; false when interrupted by the close. */
async function deliverOwed(options: BotRunnerOptions, userId: number): Promise<boolean> {
  const { store } = options;
  for (const owed of store.pending.deliveries(userId)) {
    const user = store.bots.userById(userId);
    const bot = user ? store.bots.get(user.shop, user.bot) : undefined;
    const outcome = await deliver(
      bot?.webhook_url ?? null,
      owed.payload,
      options.webhook,
      options.egress,
      options.closing,
    );
    if (outcome === 'interrupted') return false;
    store.pending.finishDelivery(owed.id, outcome);
  }
  return true;
}

/** Runs the turn for one logged user message and commits it with its deliveries. */
async function answer(options: BotRunnerOptions, userId: number, messageId: number): Promise<void> {
  const { store } = options;
  const user = store.bots.userById(userId);
  const message = store.conversations.message(messageId);
  const bot = user ? store.bots.get(user.shop, user.bot) : undefined;
  const scenario = bot ? options.scenarios.get(bot.shop) : undefined;
  if (!user || !message || !bot || !scenario) {
    // Nothing to run it on (no start step): the message had its turn, and the bot said nothing.
    store.transaction(() => store.pending.markAnswered(messageId));
    return;
  }
  const saved = store.bots.state(user.id);
  const turn = await options.converse({
    scenario,
    state: saved === null ? null : (JSON.parse(saved) as unknown),
    user,
    text: message.body,
    messageType: message.message_type,
  });
  // Closing: the turn is not committed; the message stays unanswered and is answered after the
  // next start (the runtime is deterministic; an operation call may be made twice).
  if (options.closing.aborted) return;
  const delivery = bot.webhook_url === null ? 'none' : 'pending';
  const trace = user.test_fixtures === null ? undefined : turn.trace;
  store.transaction(() => {
    const now = store.clock.tick();
    store.bots.saveState(user.id, JSON.stringify(turn.state), turn.currentStep, now);
    for (const lead of turn.leads)
      store.conversations.addLead(bot.shop, user.id, lead.step, lead.fields, now);
    for (const order of turn.orders) store.conversations.addOrder(bot.shop, user.id, order, now);
    const replies = turn.messages.map((m) =>
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
    store.pending.markAnswered(messageId);
    if (delivery === 'none') return;
    for (const [index, reply] of replies.entries()) {
      const last = index === replies.length - 1;
      const payload = payloadFor(bot, user, reply, {
        inReplyTo: messageId,
        last,
        trace: last ? trace : undefined,
      });
      store.pending.addDelivery(user.id, reply.id, payload, now);
    }
    // A test waits for the end of every turn, also of one in which the bot said nothing.
    if (replies.length === 0 && trace)
      store.pending.addDelivery(
        user.id,
        null,
        payloadFor(bot, user, null, { inReplyTo: messageId, last: true, trace }),
        now,
      );
  });
}
