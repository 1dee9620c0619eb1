// Behaviour several step types share: buttons, "the user's answer takes next", ending.
import type { Step } from '../../model/scenario.js';
import type { Turn } from '../turn.js';
import type { UserInput, Waiting } from '../types.js';
import type { Outcome } from './meaning.js';

/** The text a press or a typed message carries (a messenger sends a button press as its label). */
export function inputText(input: UserInput): string | undefined {
  return input.type === 'press' ? input.label : input.type === 'text' ? input.text : undefined;
}

/** A press (or typed text equal to a label) of one of the step's goto buttons. */
export function pressedButton(step: Step, turn: Turn, input: UserInput): Outcome | undefined {
  const text = inputText(input);
  if (text === undefined) return undefined;
  const index = step.menu.findIndex((b) => b.goto !== null && turn.render(step, b.text) === text);
  if (index < 0) return undefined;
  const transition = turn.transition(step, 'button', index);
  return transition ? { kind: 'go', transition } : undefined;
}

/** After the step has done its part: its `next`, or the end of the conversation. */
export function nextOrEnd(step: Step, turn: Turn): Outcome {
  const next = turn.transition(step, 'next');
  return next
    ? { kind: 'go', transition: next }
    : { kind: 'end', reason: step.end ? 'end' : 'no-transition' };
}

/** Input the step cannot use: nothing happens and the bot keeps waiting. */
export function ignore(step: Step, turn: Turn, waiting: Waiting, reason: string): Outcome {
  turn.emit({ type: 'input_ignored', step: step.key, reason });
  return { kind: 'wait', waiting };
}

/**
 * A step that shows buttons and waits: a press takes its button; any other text takes `next`
 * (after a waiting step, `next` follows the user's answer); without `next` the input is ignored.
 */
export function replyToChoice(step: Step, turn: Turn, input: UserInput, waiting: Waiting): Outcome {
  const pressed = pressedButton(step, turn, input);
  if (pressed) return pressed;
  if (input.type === 'press')
    return ignore(step, turn, waiting, `"${input.label}" is not a button of step "${step.key}"`);
  const next = turn.transition(step, 'next');
  if (input.type === 'text' && next) return { kind: 'go', transition: next };
  return ignore(step, turn, waiting, `step "${step.key}" waits for a button press`);
}

export function hasGotoButtons(step: Step): boolean {
  return step.menu.some((b) => b.goto !== null);
}

export function stringField(step: Step, name: string): string | undefined {
  const value = step.fields[name];
  return typeof value === 'string' ? value : undefined;
}
