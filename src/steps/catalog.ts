// Shows goods to choose from; waits for the user's choice.
import { defineStep } from './types.js';

export const catalog = defineStep({
  type: 'catalog',
  schema: 'step-catalog.schema.json',
  builder: 'catalog',
  waits: true,
  textRequired: true,
  params: ['description', 'category', 'show_prices'],
  next: 'unless-step-waits',
  transitions: [],
  picture: { fill: '#dafbe1', border: '#1a7f37', label: 'catalog' },
  defaults: { show_prices: true },
  fields: {
    category: [{ role: 'setting' }],
    show_prices: [{ role: 'setting' }],
  },
  without: [],
});
