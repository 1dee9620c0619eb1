// cart: says its text, one line per item and the total, with its buttons and — when it has a
// `next` — a checkout button labelled `checkout_text` ("Checkout" by default) that takes `next`
// (the button its registry entry declares).
import type { Transition } from '../../graph/transitions.js';
import type { Step } from '../../model/scenario.js';
import { ownButtonLabel, ownButtonsOf } from '../../steps/roles.js';
import type { Turn } from '../turn.js';
import { cartTotal } from '../turn.js';
import { inputText, replyToChoice } from './common.js';
import type { StepMeaning } from './meaning.js';

/** The buttons the step offers of its own (its checkout), with the transition each takes. */
function ownButtons(step: Step, turn: Turn): { label: string; transition: Transition }[] {
  return ownButtonsOf(step.type).flatMap((button) => {
    const transition = turn.transition(step, button.takes);
    return transition ? [{ label: ownButtonLabel(button, step.fields), transition }] : [];
  });
}

function cartLines(turn: Turn): string {
  const state = turn.state;
  if (state.cart.length === 0) return '(empty)';
  const money = (n: number) => n.toFixed(2);
  return [
    ...state.cart.map((i) => `${i.name} × ${i.qty} — ${money(i.price * i.qty)}`),
    `Total: ${money(cartTotal(state))}`,
  ].join('\n');
}

export const cart: StepMeaning = {
  enter(step, turn) {
    turn.say(
      step,
      step.text === '' ? cartLines(turn) : `${step.text}\n${cartLines(turn)}`,
      ownButtons(step, turn).map((b) => ({ text: b.label })),
    );
    return { kind: 'wait', waiting: { kind: 'choice' } };
  },
  reply(step, turn, input, waiting) {
    const text = inputText(input);
    // A menu button of the same label wins (replyToChoice takes it).
    const own = ownButtons(step, turn).find(
      (b) => b.label === text && !step.menu.some((m) => m.text === b.label),
    );
    if (own) return { kind: 'go', transition: own.transition };
    return replyToChoice(step, turn, input, waiting);
  },
};
