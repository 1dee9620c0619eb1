// The conversation engine: one turn is a generator that enters steps and follows transitions
// until the bot waits, the conversation ends, or the bound is hit. It yields each operation call
// and receives its result, so the same code runs with a synchronous port (local tests) and an
// asynchronous one (the emulator calling a staging URL).
import type { Transition } from '../graph/transitions.js';
import type { Scenario, Step } from '../model/scenario.js';
import { STEP_MEANINGS, type Outcome } from './steps/index.js';
import { transitionId } from '../graph/transitions.js';
import { Turn } from './turn.js';
import type {
  ConversationState,
  OperationCall,
  OperationResult,
  RuntimeError,
  RuntimePorts,
  StartOptions,
  TakenTransition,
  TurnResult,
  UserInput,
} from './types.js';

/** Steps one turn may enter before the runtime stops it: a guard against loops the user never breaks. */
export const MAX_STEPS_PER_TURN = 1000;

/**
 * What a scenario's conversations derive from its steps once, not at every turn: each step's
 * transitions, and each transition as a taken one (frozen, so one value serves every turn that
 * takes it: a large suite takes the same transitions thousands of times).
 */
interface ScenarioCache {
  transitions: WeakMap<Step, Transition[]>;
  taken: WeakMap<Transition, TakenTransition>;
}

const scenarioCaches = new WeakMap<Scenario, ScenarioCache>();

function cacheFor(scenario: Scenario): ScenarioCache {
  let cache = scenarioCaches.get(scenario);
  if (!cache) {
    cache = { transitions: new WeakMap(), taken: new WeakMap() };
    scenarioCaches.set(scenario, cache);
  }
  return cache;
}

function takenTransition(cache: ScenarioCache, from: string, t: Transition): TakenTransition {
  let taken = cache.taken.get(t);
  if (taken === undefined || taken.from !== from) {
    const id = transitionId(from, t.kind, t.index);
    taken = Object.freeze(
      t.index !== undefined
        ? { id, from, kind: t.kind, index: t.index, to: t.target }
        : { id, from, kind: t.kind, to: t.target },
    );
    cache.taken.set(t, taken);
  }
  return taken;
}

export function initialState(options: StartOptions = {}): ConversationState {
  const seed = options.seed ?? 1;
  return {
    format: 'botform-conversation',
    version: 1,
    at: null,
    waiting: null,
    vars: Object.assign(
      Object.create(null) as ConversationState['vars'],
      structuredClone(options.vars ?? {}),
    ),
    cart: (options.cart ?? []).map((item) => ({ ...item })),
    leads: 0,
    orders: 0,
    clock: 0,
    rng: Number.isFinite(seed) ? seed | 0 : 1,
    ended: null,
  };
}

export type TurnRun = Generator<OperationCall, TurnResult, OperationResult>;

/** A new conversation: enters the start step (or options.at) and runs until the bot waits. */
export function* startTurn(
  scenario: Scenario,
  options: StartOptions,
  ports: Pick<RuntimePorts, 'chooseVariant' | 'operatorAvailable'>,
): TurnRun {
  const cache = cacheFor(scenario);
  const turn = new Turn(initialState(options), ports, cache.transitions);
  const key = options.at ?? scenario.start?.key;
  const step = key === undefined ? undefined : scenario.steps.get(key);
  if (!step) {
    turn.state.ended = 'error';
    return finish(turn, {
      code: key === undefined ? 'not-started' : 'unknown-step',
      message:
        key === undefined
          ? 'The scenario has no start step.'
          : `There is no step "${key}" to start at.`,
      step: key ?? null,
    });
  }
  turn.entered.push(step.key);
  return yield* follow(scenario, cache, turn, step, STEP_MEANINGS[step.type].enter(step, turn));
}

/** The user's input to a conversation waiting at a step. */
export function* inputTurn(
  scenario: Scenario,
  state: ConversationState,
  input: UserInput,
  ports: Pick<RuntimePorts, 'chooseVariant' | 'operatorAvailable'>,
): TurnRun {
  const cache = cacheFor(scenario);
  const turn = new Turn({ ...state }, ports, cache.transitions);
  if (state.at === null) {
    turn.emit({ type: 'input_ignored', step: null, reason: 'the conversation has ended' });
    return finish(turn);
  }
  const step = scenario.steps.get(state.at);
  if (!step) {
    stop(turn);
    return finish(turn, {
      code: 'unknown-step',
      message: `The conversation waits at step "${state.at}", which the scenario does not have.`,
      step: state.at,
    });
  }
  return yield* follow(
    scenario,
    cache,
    turn,
    step,
    STEP_MEANINGS[step.type].reply(step, turn, input, state.waiting ?? { kind: 'choice' }),
  );
}

function* follow(
  scenario: Scenario,
  cache: ScenarioCache,
  turn: Turn,
  first: Step,
  firstOutcome: Outcome,
): TurnRun {
  let current = first;
  let outcome = firstOutcome;
  let entered = 0;
  for (;;) {
    if (turn.stopped) {
      stop(turn);
      return finish(turn, turn.stopped);
    }
    switch (outcome.kind) {
      case 'call': {
        const result: OperationResult = yield outcome.call;
        outcome = outcome.resume(result);
        break;
      }
      case 'go': {
        const t = outcome.transition;
        turn.transitions.push(takenTransition(cache, current.key, t));
        const target = scenario.steps.get(t.target);
        if (!target) {
          stop(turn);
          return finish(turn, {
            code: 'unknown-step',
            message: `Step "${current.key}" leads to "${t.target}", which does not exist.`,
            step: current.key,
          });
        }
        if (++entered > MAX_STEPS_PER_TURN) {
          stop(turn);
          return finish(turn, {
            code: 'step-limit',
            message: `The bot went through ${MAX_STEPS_PER_TURN} steps without waiting for the user (last at "${current.key}"): an endless loop of automatic transitions?`,
            step: current.key,
          });
        }
        current = target;
        turn.entered.push(target.key);
        outcome = STEP_MEANINGS[target.type].enter(target, turn);
        break;
      }
      case 'wait':
        turn.state.at = current.key;
        turn.state.waiting = outcome.waiting;
        return finish(turn);
      case 'end':
        turn.state.at = null;
        turn.state.waiting = null;
        turn.state.ended = outcome.reason;
        turn.emit({ type: 'ended', step: current.key, reason: outcome.reason });
        return finish(turn);
    }
  }
}

function stop(turn: Turn): void {
  turn.state.at = null;
  turn.state.waiting = null;
  turn.state.ended = 'error';
}

function finish(turn: Turn, error?: RuntimeError): TurnResult {
  const result: TurnResult = {
    state: turn.state,
    messages: turn.messages,
    transitions: turn.transitions,
    entered: turn.entered,
    events: turn.events,
  };
  if (error) result.error = error;
  return result;
}
