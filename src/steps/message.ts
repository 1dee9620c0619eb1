// A message, with optional buttons; it waits for the user only when it has buttons.
import { defineStep } from './types.js';

export const message = defineStep({
  type: 'message',
  schema: 'step-message.schema.json',
  builder: 'message',
  waits: false,
  textRequired: true,
  params: ['description', 'image'],
  next: 'unless-step-waits',
  transitions: [],
  picture: { fill: '#ddf4ff', border: '#0969da', label: 'message' },
  defaults: {},
  fields: {
    image: [{ role: 'setting' }],
  },
  without: [],
});
