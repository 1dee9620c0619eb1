// handoff: says its text and hands the conversation to a live operator (of its queue). When no
// operator is available (the runtime's port says so; none is by default) it takes `no_operator`
// at once. While an operator has the conversation the bot stays silent: what the user writes is
// relayed to the operator, what the operator writes reaches the user (as a message of the hand-off
// step), and when the operator closes the conversation the bot takes `next`.
import { inputText, nextOrEnd, stringField } from './common.js';
import type { StepMeaning } from './meaning.js';

export const handoff: StepMeaning = {
  enter(step, turn) {
    turn.say(step, step.text);
    const queue = stringField(step, 'queue') ?? null;
    if (turn.ports.operatorAvailable?.(step.key, queue) === true) {
      turn.emit({ type: 'handed_off', step: step.key, queue });
      return { kind: 'wait', waiting: { kind: 'operator' } };
    }
    const noOperator = turn.transition(step, 'no_operator');
    return noOperator
      ? { kind: 'go', transition: noOperator }
      : { kind: 'end', reason: 'no-transition' };
  },
  reply(step, turn, input, waiting) {
    if (input.type === 'operator_closed') return nextOrEnd(step, turn);
    if (input.type === 'operator_says') {
      turn.messages.push({ step: step.key, text: input.text, buttons: [] });
      return { kind: 'wait', waiting };
    }
    const text = inputText(input) ?? (input.type === 'add' ? input.item.name : '');
    turn.emit({ type: 'relayed_to_operator', step: step.key, text });
    return { kind: 'wait', waiting };
  },
};
