// form (the "fix the request" block): says its text, asks its fields one by one, and makes a
// lead of the answers; `success_text` is said, then `next`. Answered fields become variables.
import type { Step } from '../../model/scenario.js';
import type { Turn } from '../turn.js';
import { nextOrEnd, stringField } from './common.js';
import { replyToField, saveFields, startFields } from './fields.js';
import type { Outcome, StepMeaning } from './meaning.js';

function makeLead(step: Step, turn: Turn, values: Record<string, string>): Outcome {
  turn.state.leads += 1;
  turn.emit({
    type: 'lead_created',
    step: step.key,
    lead: { id: turn.state.leads, step: step.key, fields: { ...values } },
  });
  saveFields(step, turn, values);
  const success = stringField(step, 'success_text');
  if (success !== undefined) turn.sayPlain(step, success);
  return nextOrEnd(step, turn);
}

export const form: StepMeaning = {
  enter: (step, turn) => startFields(step, turn, (values) => makeLead(step, turn, values)),
  reply: (step, turn, input, waiting) =>
    replyToField(step, turn, input, waiting, (values) => makeLead(step, turn, values)),
};
