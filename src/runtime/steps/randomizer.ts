// randomizer: takes one variant, drawn by weight from the conversation's seeded generator, or
// the variant a port forces (tests name it with `random:`).
import { isRecord } from '../../model/json.js';
import { ignore } from './common.js';
import type { StepMeaning } from './meaning.js';

export const randomizer: StepMeaning = {
  enter(step, turn) {
    const variants = (Array.isArray(step.fields.variants) ? step.fields.variants : []).map(
      (v: unknown) => (isRecord(v) && typeof v.weight === 'number' && v.weight > 0 ? v.weight : 0),
    );
    const forced = turn.ports.chooseVariant?.(step.key, variants.length);
    let index =
      forced !== undefined && Number.isInteger(forced) && forced >= 0 && forced < variants.length
        ? forced
        : -1;
    if (index < 0) {
      const total = variants.reduce((a, b) => a + b, 0);
      let point = turn.random() * total;
      index = variants.findIndex((w) => {
        point -= w;
        return point < 0;
      });
      if (index < 0) index = variants.length - 1;
    }
    const transition = turn.transition(step, 'variant', index);
    return transition ? { kind: 'go', transition } : { kind: 'end', reason: 'no-transition' };
  },
  reply: (step, turn, _input, waiting) =>
    ignore(step, turn, waiting, `step "${step.key}" does not wait for the user`),
};
