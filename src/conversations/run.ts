// Runs one conversation test on the runtime: stubs and forced variants become the runtime's
// ports, user turns become inputs; the conversation driver (drive.ts) checks the bot turns.
// Local, synchronous, no network.
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
import { driveTest, type BotTurnObserver, type Exchange } from './drive.js';
import type { OperatorTurn, TestCase, TestResult, UserTurn } from './types.js';

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
    operatorAvailable: () => test.operator === true,
  };
}

function operatorInput(operator: OperatorTurn): UserInput {
  return 'says' in operator
    ? { type: 'operator_says', text: operator.says }
    : { type: 'operator_closed' };
}

function toInput(user: UserTurn): UserInput {
  if ('press' in user) return { type: 'press', label: user.press };
  if ('text' in user) return { type: 'text', text: user.text };
  return { type: 'add', item: { ...user.add, qty: user.add.qty ?? 1 } };
}

/** Runs one test on the runtime: the conversation driver (drive.ts) over the local port. */
export function runTest(
  test: TestCase,
  scenario: Scenario,
  locator: SourceLocator,
  observe?: BotTurnObserver,
): TestResult {
  const ports = portsFor(test, scenario);
  let state: TurnResult['state'] | undefined;
  return driveTest(
    test,
    locator,
    (sent): Exchange => {
      // The driver starts every conversation before it sends a user's turn.
      if (sent.kind !== 'start' && state === undefined)
        throw new Error('a user turn before the start');
      const turn =
        sent.kind === 'start' || state === undefined
          ? start(
              scenario,
              {
                ...(test.start ? { at: test.start } : {}),
                ...(test.vars ? { vars: test.vars } : {}),
                ...(test.cart ? { cart: test.cart.map((i) => ({ ...i, qty: i.qty ?? 1 })) } : {}),
                ...(test.seed !== undefined ? { seed: test.seed } : {}),
              },
              ports,
            )
          : runStep(
              scenario,
              state,
              sent.kind === 'user' ? toInput(sent.user) : operatorInput(sent.operator),
              ports,
            );
      state = turn.state;
      const problems: Exchange['problems'] = [];
      if (sent.kind !== 'start')
        for (const e of turn.events)
          if (e.type === 'input_ignored')
            problems.push({ message: `The bot ignored this: ${e.reason}.`, at: 'turn' });
      if (turn.error) problems.push({ message: turn.error.message, at: 'turn' });
      // A plain literal (no spread): built once a turn, 20,000 times in a large suite.
      const exchange: Exchange = {
        problems,
        entered: turn.entered,
        transitions: turn.transitions as TakenTransition[],
      };
      if (!turn.error) exchange.answer = { reply: turn, state: turn.state };
      return exchange;
    },
    observe,
  );
}
