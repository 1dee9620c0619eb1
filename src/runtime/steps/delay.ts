// delay: says its text (if any), lets `seconds` of virtual time pass, then takes `next`.
import { nextOrEnd } from './common.js';
import type { StepMeaning } from './meaning.js';
import { ignore } from './common.js';

export const delay: StepMeaning = {
  enter(step, turn) {
    if (step.text !== '') turn.say(step, step.text);
    const seconds =
      typeof step.fields.seconds === 'number' && step.fields.seconds > 0 ? step.fields.seconds : 0;
    turn.state.clock += seconds;
    turn.emit({ type: 'delayed', step: step.key, seconds });
    return nextOrEnd(step, turn);
  },
  reply: (step, turn, _input, waiting) =>
    ignore(step, turn, waiting, `step "${step.key}" does not wait for the user`),
};
