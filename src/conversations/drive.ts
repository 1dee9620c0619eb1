// One conversation test, driven one way locally and live: the conversation is started, each bot
// turn is checked against what the bot did since the user's last turn, each user turn is sent —
// all through a `converse` port: the runtime locally (synchronous, run.ts), the bot through the
// message API live (asynchronous, live/run-live.ts). The port says what the bot did; this module
// alone decides the verdict, so a test fails the same way in both places.
//
// Like the runtime's engine, the turn loop is one generator that yields each turn to send and
// receives what came back; `driveTest` and `driveTestAsync` only pump it.
import type { DocPath, SourceLocator } from '../diagnostics/types.js';
import type { TakenTransition } from '../runtime/types.js';
import { checkBotTurn, type Answer, type Mismatch } from './expect.js';
import type {
  BotTurn,
  Failure,
  OperatorTurn,
  TestCase,
  TestResult,
  TranscriptLine,
  UserTurn,
} from './types.js';

/** What the test sends: the start of the conversation, one of the user's turns, or the operator's. */
export type Sent =
  | { kind: 'start' }
  | { kind: 'user'; user: UserTurn }
  | { kind: 'operator'; operator: OperatorTurn };

/** What came back for one sent turn. */
export interface Exchange {
  /** What the bot did, for the next bot turn to be checked against; absent: the conversation cannot go on. */
  answer?: Answer;
  /** What went wrong with the turn: said at the turn (`turn`) or at the test's head (`test`). */
  problems: { message: string; at: 'turn' | 'test' }[];
  /** Steps entered and transitions taken, for coverage. */
  entered: readonly string[];
  transitions: readonly TakenTransition[];
  /** The test cannot be run where it is sent (a platform that cannot be told its fixtures). */
  skip?: string;
}

export type Converse = (sent: Sent) => Exchange;

/** Told each bot turn as it is checked: what the bot did and what did not match (`--update`). */
export type BotTurnObserver = (
  turn: { path: DocPath; bot: BotTurn },
  answer: Answer,
  mismatches: readonly Mismatch[],
) => void;
export type ConverseAsync = (sent: Sent) => Promise<Exchange>;

/** Runs a test over a synchronous port (the runtime). */
export function driveTest(
  test: TestCase,
  locator: SourceLocator,
  converse: Converse,
  observe?: BotTurnObserver,
): TestResult {
  const run = conversation(test, locator, observe);
  let step = run.next();
  while (!step.done) step = run.next(converse(step.value));
  return step.value;
}

/** Runs a test over an asynchronous port (a bot through the message API). */
export async function driveTestAsync(
  test: TestCase,
  locator: SourceLocator,
  converse: ConverseAsync,
): Promise<TestResult> {
  const run = conversation(test, locator);
  let step = run.next();
  while (!step.done) step = run.next(await converse(step.value));
  return step.value;
}

function* conversation(
  test: TestCase,
  locator: SourceLocator,
  observe?: BotTurnObserver,
): Generator<Sent, TestResult, Exchange> {
  const result: TestResult = {
    file: test.file,
    name: test.name,
    line: test.line,
    column: test.column,
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
  /**
   * Records what came back; the answer to go on with, if any. The turn's path is made only for
   * a problem: a passing suite sends tens of thousands of turns.
   */
  const received = (exchange: Exchange, path: () => DocPath): Answer | undefined => {
    result.entered.push(...exchange.entered);
    result.transitions.push(...exchange.transitions);
    for (const p of exchange.problems)
      fail({ path: p.at === 'test' ? test.path : path(), message: p.message });
    return exchange.answer;
  };

  // What was said, kept by reference and written out only when the test fails.
  const said: ({ user: UserTurn } | { answer: Answer })[] = [];
  const started: Exchange = yield { kind: 'start' };
  if (started.skip !== undefined) return { ...result, status: 'skipped', reason: started.skip };
  let answer = received(started, () => test.path);
  if (answer) said.push({ answer });
  // A test stops at its first failed turn: what follows would only fail because of it.
  let index = 0;
  for (; index < test.turns.length && result.failures.length === 0; index++) {
    const spec = test.turns[index] as (typeof test.turns)[number];
    if (!answer) break;
    if ('bot' in spec) {
      const mismatches = checkBotTurn(spec.bot, answer, spec.path);
      observe?.({ path: spec.path, bot: spec.bot }, answer, mismatches);
      for (const m of mismatches) fail(m);
      continue;
    }
    if ('operator' in spec) {
      const operatorPath = [...spec.path, 'operator', Object.keys(spec.operator)[0] ?? 'says'];
      if (answer.state.waiting?.kind !== 'operator') {
        fail({
          path: operatorPath,
          message:
            answer.state.at === null
              ? 'The conversation has already ended; no operator has it.'
              : `No operator has the conversation: the bot waits at "${answer.state.at}", not at a hand-off an operator took${test.operator ? '' : ' (the test has no `operator: true`)'}.`,
        });
        break;
      }
      answer = received(yield { kind: 'operator', operator: spec.operator }, () => operatorPath);
      continue;
    }
    const userPath = (): DocPath => [...spec.path, 'user', Object.keys(spec.user)[0] ?? 'text'];
    if (answer.state.at === null) {
      fail({
        path: userPath(),
        message: 'The conversation has already ended; the bot no longer listens.',
      });
      index++;
      break;
    }
    said.push({ user: spec.user });
    answer = received(yield { kind: 'user', user: spec.user }, userPath);
    if (answer) said.push({ answer });
  }
  if (result.failures.length > 0) {
    result.status = 'failed';
    const notRun = test.turns.length - index;
    if (notRun > 0) result.notRun = notRun;
    result.transcript = transcriptOf(said);
  }
  return result;
}

function transcriptOf(
  said: readonly ({ user: UserTurn } | { answer: Answer })[],
): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  for (const entry of said) {
    if ('user' in entry) {
      const u = entry.user;
      const text =
        'press' in u
          ? `[${u.press}]`
          : 'text' in u
            ? u.text
            : `(adds ${u.add.qty ?? 1} × ${u.add.name} to the cart)`;
      lines.push({ who: 'user', text });
      continue;
    }
    for (const m of entry.answer.reply.messages) {
      const line: TranscriptLine = {
        who: 'bot',
        step: m.step,
        text: m.text,
        buttons: m.buttons.map((b) => b.text),
      };
      if (m.image !== undefined) line.image = m.image;
      lines.push(line);
    }
  }
  return lines;
}
