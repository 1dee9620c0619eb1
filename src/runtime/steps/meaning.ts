// What a step type's runtime meaning is: what happens on entering a step, and what the user's
// input does while the conversation waits there. One module per type implements it
// (steps/<type>.ts); steps/index.ts maps every step type to its module.
import type { Transition } from '../../graph/transitions.js';
import type { Step } from '../../model/scenario.js';
import type { Turn } from '../turn.js';
import type { EndReason, OperationCall, OperationResult, UserInput, Waiting } from '../types.js';

export type Outcome =
  /** Take this transition now. */
  | { kind: 'go'; transition: Transition }
  /** Stop here and wait for the user. */
  | { kind: 'wait'; waiting: Waiting }
  /** The conversation ends at this step. */
  | { kind: 'end'; reason: EndReason }
  /** Call an operation (through the port), then continue with its result. */
  | { kind: 'call'; call: OperationCall; resume: (result: OperationResult) => Outcome };

export interface StepMeaning {
  enter(step: Step, turn: Turn): Outcome;
  /** The user's input while the conversation waits at this step. */
  reply(step: Step, turn: Turn, input: UserInput, waiting: Waiting): Outcome;
}
