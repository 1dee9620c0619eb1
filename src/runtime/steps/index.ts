// Every step type's runtime meaning, one module each. A Record over StepType: a new step type
// does not compile until it has a meaning here.
import type { StepType } from '../../steps/index.js';
import { cart } from './cart.js';
import { catalog } from './catalog.js';
import { condition } from './condition.js';
import { delay } from './delay.js';
import { form } from './form.js';
import { handoff } from './handoff.js';
import type { StepMeaning } from './meaning.js';
import { message } from './message.js';
import { operation } from './operation.js';
import { order } from './order.js';
import { question } from './question.js';
import { randomizer } from './randomizer.js';

export type { Outcome, StepMeaning } from './meaning.js';

export const STEP_MEANINGS: Record<StepType, StepMeaning> = {
  message,
  question,
  form,
  operation,
  delay,
  condition,
  randomizer,
  catalog,
  cart,
  order,
  handoff,
};
