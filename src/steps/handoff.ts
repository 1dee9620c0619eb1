// Hands the conversation over to a live operator (of a queue, if named). The bot itself does not
// wait: when no operator is free it goes to `no_operator` at once (so a loop through it can be
// endless), and `next` is taken only after an operator closes the conversation.
import { defineStep } from './types.js';

export const handoff = defineStep({
  type: 'handoff',
  schema: 'step-handoff.schema.json',
  builder: 'handoff',
  waits: false,
  textRequired: true,
  params: ['description', 'queue', 'no_operator'],
  next: 'never',
  transitions: [
    {
      shape: 'field',
      kind: 'no_operator',
      field: 'no_operator',
      platformKey: 'no_operator_step',
      automatic: 'always',
      label: 'no operator',
      besideNext: false,
    },
  ],
  picture: { fill: '#ffe2cc', border: '#953800', label: 'hand-off to an operator' },
  defaults: {},
  fields: {
    queue: [{ role: 'setting' }],
  },
  without: ['menu'],
});
