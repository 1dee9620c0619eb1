// catalog: says its text with its buttons and waits. Picking a product (an `add` input) puts it
// in the cart and keeps waiting; a press takes its button; other text takes `next`.
import { replyToChoice } from './common.js';
import type { StepMeaning } from './meaning.js';

export const catalog: StepMeaning = {
  enter(step, turn) {
    turn.say(step, step.text);
    return { kind: 'wait', waiting: { kind: 'choice' } };
  },
  reply(step, turn, input, waiting) {
    if (input.type !== 'add') return replyToChoice(step, turn, input, waiting);
    const item = { ...input.item };
    const existing = turn.state.cart.findIndex(
      (i) => i.name === item.name && i.price === item.price,
    );
    turn.state.cart =
      existing >= 0
        ? turn.state.cart.map((i, n) => (n === existing ? { ...i, qty: i.qty + item.qty } : i))
        : [...turn.state.cart, item];
    turn.emit({ type: 'added_to_cart', step: step.key, item });
    turn.sayPlain(step, `${item.name} × ${item.qty} added to the cart.`);
    return { kind: 'wait', waiting };
  },
};
