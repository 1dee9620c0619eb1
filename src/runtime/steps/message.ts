// message: says its text with its buttons; waits for a press when it has goto buttons, else
// moves on by `next` (or ends).
import { hasGotoButtons, nextOrEnd, replyToChoice } from './common.js';
import type { StepMeaning } from './meaning.js';

export const message: StepMeaning = {
  enter(step, turn) {
    turn.say(step, step.text);
    return hasGotoButtons(step)
      ? { kind: 'wait', waiting: { kind: 'choice' } }
      : nextOrEnd(step, turn);
  },
  reply: replyToChoice,
};
