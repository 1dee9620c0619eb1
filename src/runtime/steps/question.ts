// question: asks, waits for a typed answer checked against `expect`; a good answer is saved as
// `save_as` and takes `next`; a bad one gets `retry_text` (or a default) and is asked again.
// Its buttons may be pressed instead of answering.
import { answerKind, defaultRetryText, parseAnswer } from '../answers.js';
import { ignore, nextOrEnd, pressedButton, stringField } from './common.js';
import type { StepMeaning } from './meaning.js';

export const question: StepMeaning = {
  enter(step, turn) {
    turn.say(step, step.text);
    return { kind: 'wait', waiting: { kind: 'answer' } };
  },
  reply(step, turn, input, waiting) {
    const pressed = pressedButton(step, turn, input);
    if (pressed) return pressed;
    if (input.type !== 'text')
      return ignore(step, turn, waiting, `step "${step.key}" waits for a typed answer`);
    const kind = answerKind(step.fields.expect);
    const value = parseAnswer(kind, input.text);
    if (value === undefined) {
      turn.emit({ type: 'answer_rejected', step: step.key, expected: kind, answer: input.text });
      turn.sayPlain(step, stringField(step, 'retry_text') ?? defaultRetryText(kind));
      return { kind: 'wait', waiting };
    }
    const name = stringField(step, 'save_as');
    if (name !== undefined) turn.setVar(step, name, value);
    return nextOrEnd(step, turn);
  },
};
