// The "fix the request" block: a lead form; waits for the user to fill it in.
import { defineStep } from './types.js';

export const form = defineStep({
  type: 'form',
  schema: 'step-form.schema.json',
  builder: 'form',
  waits: true,
  textRequired: true,
  params: ['description', 'fields', 'success_text', 'on_error'],
  next: 'unless-step-waits',
  transitions: [
    {
      shape: 'field',
      kind: 'on_error',
      field: 'on_error',
      platformKey: 'error_step',
      automatic: 'unless-step-waits',
      label: 'on error',
      besideNext: true,
    },
  ],
  picture: { fill: '#f3e8ff', border: '#6639ba', label: 'form' },
  defaults: {},
  fields: {
    fields: [
      {
        role: 'saves',
        name: ['*', 'name'],
        type: { from: 'answer-kind', key: 'kind', default: 'text' },
        setBefore: ['success_text'],
      },
      { role: 'template', at: ['*', 'label'] },
    ],
    success_text: [{ role: 'template', at: [] }],
  },
  without: [],
});
