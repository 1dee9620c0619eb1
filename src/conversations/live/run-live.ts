// The live runner: the same test files as `botform test`, run against a bot through the message
// API (seed 003), with the same verdicts. Each test is one conversation of a fresh user (a unique
// auth_id); the bot's replies come back through the webhook receiver; the conversation driver
// (../drive.ts) that runs local tests checks what arrived, so the verdicts are the same.
// Conversations run concurrently up to a bound, turns within one in sequence.
//
// What a platform cannot be told — a start step, fixture variables or cart, a forced variant,
// an operation stub, a seed — is sent as the emulator's `test_fixtures`; a platform that does
// not echo them back cannot honour them, and a test that needs them is skipped with the reason.
// The same holds for what only the emulator reports (variables, operation calls, leads, orders
// made in a turn, products added to the cart): those checks need its turn trace.
import { mapBounded } from '../../bounded-map.js';
import type { Scenario } from '../../model/scenario.js';
import { initialState } from '../../runtime/index.js';
import type { BotMessage, RuntimeEvent } from '../../runtime/types.js';
import type { SourceLocator } from '../../diagnostics/types.js';
import type { TestFixtures } from '../../remote/contract.js';
import { driveTestAsync, type Exchange, type Sent } from '../drive.js';
import type { Answer } from '../expect.js';
import { portsFor } from '../run.js';
import { bailedResult } from '../bail.js';
import type { TestCase, TestResult, UserTurn } from '../types.js';
import { LiveTurnError } from './errors.js';
import type { Platform } from './platform.js';
import type { ReceivedTurn, Receiver } from './receiver.js';

export interface LiveRunOptions {
  platform: Platform;
  receiver: Receiver;
  /** Conversations at once; default 8. */
  concurrency?: number;
  /** How long the bot may take to finish a turn; default 5000 ms. */
  turnTimeoutMs?: number;
  /** Makes this run's auth_ids unique (e.g. a timestamp and a random part). */
  runId: string;
  /** The platform, as people know it, for skip reasons. */
  targetName: string;
  /** Start no test after one has failed (the rest are reported skipped). */
  bail?: boolean;
}

/** The message that starts a conversation: its text is not an answer (see docs/hightouch-api.md). */
const START_MESSAGE = '/start';
/** message_type of a product added to the cart (the emulator's extension). */
const ADD_TO_CART = 1;

export interface LiveTest {
  test: TestCase;
  locator: SourceLocator;
}

/** Runs the tests; results in the order given. Throws LiveConfigError when the target is wrong. */
export async function runTestsLive(
  tests: readonly LiveTest[],
  scenario: Scenario,
  options: LiveRunOptions,
): Promise<TestResult[]> {
  let failed = false;
  return mapBounded(
    tests.map((entry, index) => ({ entry, index })),
    Math.max(1, options.concurrency ?? 8),
    async ({ entry, index }) => {
      if (failed && options.bail) return bailedResult(entry.test);
      const started = performance.now();
      const result = await runOne(entry, scenario, options, `${options.runId}-${index + 1}`);
      if (result.status === 'failed') failed = true;
      return { ...result, durationMs: performance.now() - started };
    },
  );
}

/** One test as one conversation of a fresh user: the conversation driver over the live port. */
function runOne(
  { test, locator }: LiveTest,
  scenario: Scenario,
  options: LiveRunOptions,
  suffix: string,
): Promise<TestResult> {
  const authId = `botform-${suffix}`;
  const { platform, receiver } = options;
  const timeout = options.turnTimeoutMs ?? 5000;
  const nothing = { problems: [], entered: [], transitions: [] };
  // A call the API failed (LiveTurnError) ends this test, said at its head; a wrong target
  // (LiveConfigError) stops the run.
  const converse = async (sent: Sent): Promise<Exchange> => {
    try {
      // No operator can be brought to a live bot yet: a test that needs one runs locally only.
      if (sent.kind === 'start' && test.operator === true)
        return {
          ...nothing,
          skip: 'needs an operator at its hand-offs, which only the local runtime can bring',
        };
      if (sent.kind === 'operator') throw new Error('an operator turn in a live run');
      if (sent.kind === 'start') {
        if (checksImages(test))
          return {
            ...nothing,
            skip: 'checks an image, which the message API does not carry (run it locally)',
          };
        const { fixturesHonoured } = await platform.register(authId, fixturesFor(test, scenario));
        const needs = fixturesHonoured ? [] : needsOfTest(test);
        if (needs.length > 0)
          return {
            ...nothing,
            skip: `needs ${needs.join(', ')}, which ${options.targetName} cannot be told or does not report`,
          };
      }
      const { text, messageType } =
        sent.kind === 'start' ? { text: START_MESSAGE, messageType: 0 } : toMessage(sent.user);
      const id = await platform.send(authId, text, messageType);
      let turn: ReceivedTurn;
      try {
        turn = await receiver.turn(authId, id, timeout);
      } catch (error) {
        if (!(error instanceof LiveTurnError)) throw error;
        return {
          ...nothing,
          problems: [
            { message: `${error.message} (${describeSent(text, messageType)}).`, at: 'turn' },
          ],
        };
      }
      const problems: Exchange['problems'] = [];
      for (const e of (turn.trace?.events ?? []) as RuntimeEvent[])
        if (e.type === 'input_ignored')
          problems.push({ message: `The bot ignored this: ${e.reason}.`, at: 'turn' });
      if (turn.trace?.error) problems.push({ message: turn.trace.error.message, at: 'turn' });
      return {
        ...(turn.trace?.error ? {} : { answer: toAnswer(turn) }),
        problems,
        entered: turn.trace?.entered ?? [],
        transitions: [],
      };
    } catch (error) {
      if (!(error instanceof LiveTurnError)) throw error;
      return { ...nothing, problems: [{ message: error.message, at: 'test' }] };
    }
  };
  return driveTestAsync(test, locator, converse).finally(() => receiver.forget(authId));
}

/** What the emulator is told for this test; always an object, so that it runs the user in test mode. */
function fixturesFor(test: TestCase, scenario: Scenario): TestFixtures {
  const ports = portsFor(test, scenario);
  const fixtures: TestFixtures = {};
  if (test.start !== undefined) fixtures.start = test.start;
  if (test.vars !== undefined) fixtures.vars = test.vars;
  if (test.cart !== undefined) fixtures.cart = test.cart.map((i) => ({ ...i, qty: i.qty ?? 1 }));
  if (test.seed !== undefined) fixtures.seed = test.seed;
  if (test.random !== undefined) {
    const random = new Map<string, number>();
    for (const key of Object.keys(test.random)) {
      const index = ports.chooseVariant?.(key, Number.MAX_SAFE_INTEGER);
      if (index !== undefined) random.set(key, index);
    }
    fixtures.random = Object.fromEntries(random);
  }
  if (test.stubs !== undefined && ports.callOperation) {
    const stubs = new Map<string, { status: number; body: unknown }>();
    for (const key of Object.keys(test.stubs)) {
      const answer = ports.callOperation({
        step: key,
        api: {},
        request: { method: 'GET', url: '', body: {} },
      });
      stubs.set(key, { status: answer.status, body: answer.body });
    }
    fixtures.stubs = Object.fromEntries(stubs);
  }
  return fixtures;
}

/** What of a test only a platform that honours test_fixtures (and reports turn traces) can run. */
function needsOfTest(test: TestCase): string[] {
  const needs: string[] = [];
  if (test.start !== undefined) needs.push('a start step');
  if (test.vars !== undefined) needs.push('fixture variables');
  if (test.cart !== undefined) needs.push('a fixture cart');
  if (test.seed !== undefined) needs.push('a seed');
  if (test.random !== undefined) needs.push('a forced randomizer variant');
  if (test.stubs !== undefined) needs.push('operation stubs');
  const bots = test.turns.flatMap((t) => ('bot' in t ? [t.bot] : []));
  if (bots.some((b) => b.vars !== undefined)) needs.push('variable checks');
  if (bots.some((b) => b.called !== undefined || b.not_called !== undefined))
    needs.push('operation call checks');
  if (
    bots.some(
      (b) =>
        b.lead !== undefined ||
        b.order !== undefined ||
        b.no_lead !== undefined ||
        b.no_order !== undefined,
    )
  )
    needs.push('lead and order checks');
  if (bots.some((b) => b.ended !== undefined)) needs.push('end-of-conversation checks');
  if (test.turns.some((t) => 'user' in t && 'add' in t.user))
    needs.push('adding products to the cart');
  return [...new Set(needs)];
}

/** Images are not part of the message API's webhook: a test that checks one runs only locally. */
function checksImages(test: TestCase): boolean {
  return test.turns.some((t) => 'bot' in t && t.bot.image !== undefined);
}

function toMessage(user: UserTurn): { text: string; messageType: number } {
  if ('press' in user) return { text: user.press, messageType: 0 };
  if ('text' in user) return { text: user.text, messageType: 0 };
  return {
    text: JSON.stringify({ ...user.add, qty: user.add.qty ?? 1 }),
    messageType: ADD_TO_CART,
  };
}

function describeSent(text: string, messageType: number): string {
  if (text === START_MESSAGE && messageType === 0) return 'after the conversation was started';
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return messageType === ADD_TO_CART
    ? `after adding ${shown} to the cart`
    : `after the user sent "${shown}"`;
}

/** What arrived, in the shape the local checks read (see conversations/expect.ts). */
function toAnswer(turn: ReceivedTurn): Answer {
  const messages: BotMessage[] = turn.messages.map((m) => ({
    step: m.step ?? '',
    text: m.text,
    buttons: m.buttons.map((text) => ({ text })),
  }));
  const steps = turn.messages.flatMap((m) => (m.step === null ? [] : [m.step]));
  const state = initialState();
  // Without a trace, where the bot is reads as the step of its last message.
  state.at = turn.trace ? turn.trace.at : (steps[steps.length - 1] ?? null);
  state.vars = (turn.trace?.vars ?? {}) as typeof state.vars;
  return {
    reply: {
      messages,
      events: (turn.trace?.events ?? []) as RuntimeEvent[],
      entered: turn.trace?.entered ?? steps,
    },
    state,
  };
}
