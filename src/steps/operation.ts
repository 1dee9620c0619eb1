// Calls an external system and goes on at once; on_error when the call fails.
import { defineStep } from './types.js';

export const operation = defineStep({
  type: 'operation',
  schema: 'step-operation.schema.json',
  builder: 'operation',
  waits: false,
  textRequired: false,
  params: ['description', 'api', 'save_as', 'on_error'],
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
  picture: { fill: '#fff1e5', border: '#bc4c00', label: 'operation (API call)' },
  defaults: {},
  fields: {
    api: [{ role: 'setting' }],
    save_as: [
      { role: 'saves', name: [], type: { from: 'api-response', key: 'api' }, setBefore: [] },
    ],
  },
  without: ['menu'],
});
