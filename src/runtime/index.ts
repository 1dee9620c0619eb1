// runtime/: the meaning of every step type, and conversations as values. Pure and
// deterministic: (scenario, state, input) -> (messages, new state, transitions taken, events).
// Side effects enter through ports: operation calls, a forced randomizer variant; the
// randomizer's generator and the clock (virtual seconds) live in the state.
//
//   const first = start(scenario, { vars: { user: { is_subscriber: true } } });
//   const next = step(scenario, first.state, { type: 'press', label: 'Our menu' });
//
// start/step use synchronous ports; startAsync/stepAsync accept a port returning a promise.
import type { Scenario } from '../model/scenario.js';
import { inputTurn, startTurn, type TurnRun } from './engine.js';
import { exampleResult } from './operation-request.js';
import type {
  AsyncRuntimePorts,
  ConversationState,
  OperationCall,
  OperationResult,
  RuntimePorts,
  StartOptions,
  TurnResult,
  UserInput,
} from './types.js';

export type * from './types.js';
export { initialState, MAX_STEPS_PER_TURN } from './engine.js';
export { transitionId } from '../graph/transitions.js';
export { declaredError, exampleResult } from './operation-request.js';

export function start(
  scenario: Scenario,
  options: StartOptions = {},
  ports: RuntimePorts = {},
): TurnResult {
  return drive(scenario, startTurn(scenario, options, ports), ports);
}

export function step(
  scenario: Scenario,
  state: ConversationState,
  input: UserInput,
  ports: RuntimePorts = {},
): TurnResult {
  return drive(scenario, inputTurn(scenario, state, input, ports), ports);
}

export function startAsync(
  scenario: Scenario,
  options: StartOptions = {},
  ports: AsyncRuntimePorts = {},
): Promise<TurnResult> {
  return driveAsync(scenario, startTurn(scenario, options, ports), ports);
}

export function stepAsync(
  scenario: Scenario,
  state: ConversationState,
  input: UserInput,
  ports: AsyncRuntimePorts = {},
): Promise<TurnResult> {
  return driveAsync(scenario, inputTurn(scenario, state, input, ports), ports);
}

/** What an operation answers when no port is given: its declared example (status 200). */
function defaultCall(scenario: Scenario, call: OperationCall): OperationResult {
  const step = scenario.steps.get(call.step);
  return step ? exampleResult(step) : { status: 200, body: {} };
}

function drive(scenario: Scenario, run: TurnRun, ports: RuntimePorts): TurnResult {
  let next = run.next();
  while (!next.done)
    next = run.next(
      ports.callOperation ? ports.callOperation(next.value) : defaultCall(scenario, next.value),
    );
  return next.value;
}

async function driveAsync(
  scenario: Scenario,
  run: TurnRun,
  ports: AsyncRuntimePorts,
): Promise<TurnResult> {
  let next = run.next();
  while (!next.done)
    next = run.next(
      ports.callOperation
        ? await ports.callOperation(next.value)
        : defaultCall(scenario, next.value),
    );
  return next.value;
}
