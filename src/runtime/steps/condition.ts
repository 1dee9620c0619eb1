// condition: takes the first branch whose `if` holds (CEL, through runtime/expressions.ts),
// else `else`. An expression that cannot be evaluated does not hold (reported as an event).
import { isRecord } from '../../model/json.js';
import { ignore } from './common.js';
import type { StepMeaning } from './meaning.js';

export const condition: StepMeaning = {
  enter(step, turn) {
    const branches = Array.isArray(step.fields.branches) ? step.fields.branches : [];
    for (let index = 0; index < branches.length; index++) {
      const branch: unknown = branches[index];
      if (!isRecord(branch) || typeof branch.if !== 'string') continue;
      const transition = turn.transition(step, 'branch', index);
      if (transition && turn.holds(step, branch.if)) return { kind: 'go', transition };
    }
    const otherwise = turn.transition(step, 'else');
    return otherwise
      ? { kind: 'go', transition: otherwise }
      : { kind: 'end', reason: 'no-transition' };
  },
  reply: (step, turn, _input, waiting) =>
    ignore(step, turn, waiting, `step "${step.key}" does not wait for the user`),
};
