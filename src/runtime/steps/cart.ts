// cart: says its text, one line per item and the total, with its buttons and — when it has a
// `next` — a checkout button labelled `checkout_text` ("Checkout" by default) that takes `next`.
import type { Step } from '../../model/scenario.js';
import type { Turn } from '../turn.js';
import { cartTotal } from '../turn.js';
import { inputText, replyToChoice, stringField } from './common.js';
import type { StepMeaning } from './meaning.js';

function checkoutLabel(step: Step): string {
  return stringField(step, 'checkout_text') ?? 'Checkout';
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
    const checkout = turn.transition(step, 'next') ? [{ text: checkoutLabel(step) }] : [];
    turn.say(
      step,
      step.text === '' ? cartLines(turn) : `${step.text}\n${cartLines(turn)}`,
      checkout,
    );
    return { kind: 'wait', waiting: { kind: 'choice' } };
  },
  reply(step, turn, input, waiting) {
    const next = turn.transition(step, 'next');
    if (
      next &&
      inputText(input) === checkoutLabel(step) &&
      !step.menu.some((b) => b.text === checkoutLabel(step))
    )
      return { kind: 'go', transition: next };
    return replyToChoice(step, turn, input, waiting);
  },
};
