// Asks the user and saves the answer in a variable; waits for the answer.
import { defineStep } from './types.js';

export const question = defineStep({
  type: 'question',
  schema: 'step-question.schema.json',
  builder: 'question',
  waits: true,
  textRequired: true,
  params: ['description', 'save_as', 'expect', 'retry_text'],
  next: 'unless-step-waits',
  transitions: [],
  picture: { fill: '#fbefff', border: '#8250df', label: 'question' },
  defaults: { expect: 'text' },
  fields: {
    save_as: [
      {
        role: 'saves',
        name: [],
        type: { from: 'answer-kind', key: 'expect', default: 'text' },
        setBefore: [],
      },
    ],
    expect: [{ role: 'setting' }],
    retry_text: [{ role: 'template', at: [] }],
  },
  without: [],
});
