// Takes an order (with payment); waits for the user.
import { defineStep } from './types.js';

export const order = defineStep({
  type: 'order',
  schema: 'step-order.schema.json',
  builder: 'order',
  waits: true,
  textRequired: true,
  params: ['description', 'fields', 'payment', 'success_text', 'on_error'],
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
  picture: { fill: '#cdf5f0', border: '#0e6f66', label: 'order' },
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
    payment: [{ role: 'setting' }],
    success_text: [{ role: 'template', at: [] }],
  },
  without: [],
});
