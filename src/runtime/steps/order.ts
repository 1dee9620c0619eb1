// order: says its text, asks its fields one by one, then makes an order of the cart (its items,
// total and `payment`), empties the cart, says `success_text` and takes `next`. An empty cart
// cannot be ordered: `on_error` is taken (or the conversation ends there). The order is saved
// as the variable `order` ({id, total, payment, items, ...fields}); its fields as variables too.
import type { Step } from '../../model/scenario.js';
import type { Turn } from '../turn.js';
import { cartTotal } from '../turn.js';
import type { JsonObject, Order } from '../types.js';
import { nextOrEnd, stringField } from './common.js';
import { replyToField, saveFields, startFields } from './fields.js';
import type { Outcome, StepMeaning } from './meaning.js';

function makeOrder(step: Step, turn: Turn, values: Record<string, string>): Outcome {
  const state = turn.state;
  if (state.cart.length === 0) {
    const onError = turn.transition(step, 'on_error');
    return onError ? { kind: 'go', transition: onError } : { kind: 'end', reason: 'order-failed' };
  }
  state.orders += 1;
  const order: Order = {
    id: state.orders,
    step: step.key,
    fields: { ...values },
    items: state.cart.map((i) => ({ ...i })),
    total: cartTotal(state),
    payment: stringField(step, 'payment') ?? null,
  };
  turn.emit({ type: 'order_created', step: step.key, order });
  state.cart = [];
  saveFields(step, turn, values);
  const saved: JsonObject = {
    ...order.fields,
    id: order.id,
    total: order.total,
    payment: order.payment,
    items: order.items.map((i): JsonObject => ({ ...i })),
  };
  turn.setVar(step, 'order', saved);
  const success = stringField(step, 'success_text');
  if (success !== undefined) turn.sayPlain(step, success);
  return nextOrEnd(step, turn);
}

export const order: StepMeaning = {
  enter: (step, turn) => startFields(step, turn, (values) => makeOrder(step, turn, values)),
  reply: (step, turn, input, waiting) =>
    replyToField(step, turn, input, waiting, (values) => makeOrder(step, turn, values)),
};
