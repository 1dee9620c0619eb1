// The live runner: the same test files as `botform test`, run against a bot through the message
// API (seed 003), with the same verdicts. Each test is one conversation of a fresh user (a unique
// auth_id); the bot's replies come back through the webhook receiver; the expectations are
// checked by the local runner's own checkBotTurn on what arrived. Conversations run concurrently
// up to a bound, turns within one in sequence.
//
// What a platform cannot be told — a start step, fixture variables or cart, a forced variant,
// an operation stub, a seed — is sent as the emulator's `test_fixtures`; a platform that does
// not echo them back cannot honour them, and a test that needs them is skipped with the reason.
// The same holds for what only the emulator reports (variables, operation calls, leads, orders
// made in a turn, products added to the cart): those checks need its turn trace.
import type { Scenario } from '../../model/scenario.js';
import { initialState } from '../../runtime/index.js';
import type { BotMessage, RuntimeEvent } from '../../runtime/types.js';
import type { SourceLocator } from '../../diagnostics/types.js';
import type { TestFixtures } from '../../remote/contract.js';
import { checkBotTurn, type Answer, type Mismatch } from '../expect.js';
import { portsFor } from '../run.js';
import type { Failure, TestCase, TestResult, TurnSpec, UserTurn } from '../types.js';
import { LiveConfigError, LiveTurnError } from './errors.js';
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
  const results: TestResult[] = new Array<TestResult>(tests.length);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  let next = 0;
  let stop: LiveConfigError | undefined;
  const worker = async (): Promise<void> => {
    while (next < tests.length && !stop) {
      const index = next++;
      const entry = tests[index] as LiveTest;
      try {
        const started = performance.now();
        const result = await runOne(entry, scenario, options, `${options.runId}-${index + 1}`);
        results[index] = { ...result, durationMs: performance.now() - started };
      } catch (error) {
        if (error instanceof LiveConfigError) stop ??= error;
        else throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tests.length) }, worker));
  if (stop) throw stop;
  return results;
}

async function runOne(
  { test, locator }: LiveTest,
  scenario: Scenario,
  options: LiveRunOptions,
  suffix: string,
): Promise<TestResult> {
  const head = locator.locate(test.path, 'value');
  const result: TestResult = {
    file: test.file,
    name: test.name,
    line: head.line,
    column: head.column,
    status: 'passed',
    failures: [],
    entered: [],
    transitions: [],
  };
  if (test.skip) return { ...result, status: 'skipped', reason: 'skip: true' };
  const fail = (m: Mismatch) => {
    const range = locator.locate(m.path, 'value');
    const failure: Failure = {
      file: test.file,
      line: range.line,
      column: range.column,
      message: m.message,
    };
    if (m.expected !== undefined) failure.expected = m.expected;
    if (m.actual !== undefined) failure.actual = m.actual;
    result.failures.push(failure);
  };
  const authId = `botform-${suffix}`;
  const { platform, receiver } = options;
  const timeout = options.turnTimeoutMs ?? 5000;
  try {
    const { fixturesHonoured } = await platform.register(authId, fixturesFor(test, scenario));
    if (!fixturesHonoured) {
      const needs = needsOfTest(test);
      if (needs.length > 0)
        return {
          ...result,
          status: 'skipped',
          reason: `needs ${needs.join(', ')}, which ${options.targetName} cannot be told or does not report`,
        };
    }
    const converse = async (
      text: string,
      messageType: number,
      path: TurnSpec['path'],
    ): Promise<Answer | undefined> => {
      const id = await platform.send(authId, text, messageType);
      let turn: ReceivedTurn;
      try {
        turn = await receiver.turn(authId, id, timeout);
      } catch (error) {
        if (!(error instanceof LiveTurnError)) throw error;
        fail({ path, message: `${error.message} (${describeSent(text, messageType)}).` });
        return undefined;
      }
      result.entered.push(...(turn.trace?.entered ?? []));
      const events = (turn.trace?.events ?? []) as RuntimeEvent[];
      for (const e of events)
        if (e.type === 'input_ignored')
          fail({ path, message: `The bot ignored this: ${e.reason}.` });
      if (turn.trace?.error) {
        fail({ path, message: turn.trace.error.message });
        return undefined;
      }
      return toAnswer(turn);
    };
    let answer = await converse(START_MESSAGE, 0, test.path);
    for (const spec of test.turns) {
      if (!answer) break;
      if ('bot' in spec) {
        for (const m of checkBotTurn(spec.bot, answer, spec.path)) fail(m);
        continue;
      }
      const userPath = [...spec.path, 'user', Object.keys(spec.user)[0] ?? 'text'];
      if (answer.state.at === null) {
        fail({
          path: userPath,
          message: 'The conversation has already ended; the bot no longer listens.',
        });
        break;
      }
      const { text, messageType } = toMessage(spec.user);
      answer = await converse(text, messageType, userPath);
    }
  } catch (error) {
    if (!(error instanceof LiveTurnError)) throw error;
    fail({ path: test.path, message: error.message });
  } finally {
    receiver.forget(authId);
  }
  if (result.failures.length > 0) result.status = 'failed';
  return result;
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
  if (bots.some((b) => b.called !== undefined)) needs.push('operation call checks');
  if (bots.some((b) => b.lead !== undefined || b.order !== undefined))
    needs.push('lead and order checks');
  if (bots.some((b) => b.ended !== undefined)) needs.push('end-of-conversation checks');
  if (test.turns.some((t) => 'user' in t && 'add' in t.user))
    needs.push('adding products to the cart');
  return [...new Set(needs)];
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
