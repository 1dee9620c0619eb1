// Sends the user on one of its variants at random, by weight (A/B tests).
import { defineStep } from './types.js';

export const randomizer = defineStep({
  type: 'randomizer',
  schema: 'step-randomizer.schema.json',
  builder: 'randomizer',
  waits: false,
  textRequired: false,
  params: ['description', 'variants'],
  next: 'unless-step-waits',
  transitions: [
    {
      shape: 'list',
      kind: 'variant',
      field: 'variants',
      platformKey: 'next_step',
      automatic: 'always',
      itemOrder: ['weight', 'goto'],
      helper: 'variant',
      label: (item) => (typeof item.weight === 'number' ? `${item.weight}%` : undefined),
    },
  ],
  picture: { fill: '#ffeff7', border: '#bf3989', label: 'randomizer' },
  defaults: {},
  fields: {
    variants: [{ role: 'setting' }],
  },
  without: ['text', 'menu', 'next'],
});
