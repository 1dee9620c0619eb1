// Waits a number of seconds (not for the user), then goes on.
import { defineStep } from './types.js';

export const delay = defineStep({
  type: 'delay',
  schema: 'step-delay.schema.json',
  builder: 'delay',
  waits: false,
  textRequired: false,
  params: ['description', 'seconds'],
  next: 'unless-step-waits',
  transitions: [],
  picture: { fill: '#f6f8fa', border: '#6e7781', label: 'delay' },
  defaults: {},
  fields: {
    seconds: [{ role: 'setting' }],
  },
  without: ['menu'],
});
