// Runs one conversation test on the runtime: stubs and forced variants become the runtime's
// ports, user turns become inputs, bot turns are checked against what the bot did since the
// user's last turn. Local, synchronous, no network.
import type { Scenario } from '../model/scenario.js';
import { isRecord } from '../model/json.js';
import { declaredError, exampleResult, start, step as runStep } from '../runtime/index.js';
import type {
  OperationCall,
  OperationResult,
  RuntimePorts,
  TakenTransition,
  TurnResult,
  UserInput,
} from '../runtime/types.js';
import type { SourceLocator } from '../diagnostics/types.js';
import { checkBotTurn, type Answer, type Mismatch } from './expect.js';
import type { Failure, TestCase, TestResult, UserTurn } from './types.js';

export function portsFor(test: TestCase, scenario: Scenario): RuntimePorts {
  return {
    callOperation(call: OperationCall): OperationResult {
      const step = scenario.steps.get(call.step);
      const stub =
        test.stubs && Object.hasOwn(test.stubs, call.step) ? test.stubs[call.step] : undefined;
      if (!step) return { status: 200, body: {} };
      if (!stub) return exampleResult(step);
      if (stub.body !== undefined) return { status: stub.status, body: stub.body };
      if (stub.status >= 200 && stub.status < 300)
        return { ...exampleResult(step), status: stub.status };
      return declaredError(step, stub.status) ?? { status: stub.status, body: {} };
    },
    chooseVariant(key: string): number | undefined {
      const choice = test.random && Object.hasOwn(test.random, key) ? test.random[key] : undefined;
      if (choice === undefined) return undefined;
      if (typeof choice === 'number') return choice;
      const variants = scenario.steps.get(key)?.fields.variants;
      const index = Array.isArray(variants)
        ? variants.findIndex((v: unknown) => isRecord(v) && v.goto === choice)
        : -1;
      return index >= 0 ? index : undefined;
    },
  };
}

export function toInput(user: UserTurn): UserInput {
  if ('press' in user) return { type: 'press', label: user.press };
  if ('text' in user) return { type: 'text', text: user.text };
  return { type: 'add', item: { ...user.add, qty: user.add.qty ?? 1 } };
}

export function runTest(test: TestCase, scenario: Scenario, locator: SourceLocator): TestResult {
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
  if (test.skip) return { ...result, status: 'skipped', reason: 'skip: true' };
  const ports = portsFor(test, scenario);
  const record = (r: TurnResult) => {
    result.entered.push(...r.entered);
    result.transitions.push(...(r.transitions as TakenTransition[]));
  };
  let turn = start(
    scenario,
    {
      ...(test.start ? { at: test.start } : {}),
      ...(test.vars ? { vars: test.vars } : {}),
      ...(test.cart ? { cart: test.cart.map((i) => ({ ...i, qty: i.qty ?? 1 })) } : {}),
      ...(test.seed !== undefined ? { seed: test.seed } : {}),
    },
    ports,
  );
  record(turn);
  if (turn.error) fail({ path: test.path, message: turn.error.message });
  let answer: Answer = { reply: turn, state: turn.state };
  for (const spec of test.turns) {
    if (result.failures.length > 0 && turn.error) break;
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
    turn = runStep(scenario, answer.state, toInput(spec.user), ports);
    record(turn);
    for (const e of turn.events)
      if (e.type === 'input_ignored')
        fail({ path: userPath, message: `The bot ignored this: ${e.reason}.` });
    if (turn.error) {
      fail({ path: userPath, message: turn.error.message });
      break;
    }
    answer = { reply: turn, state: turn.state };
  }
  if (result.failures.length > 0) result.status = 'failed';
  return result;
}
