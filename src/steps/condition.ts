// Branches on the user's variables: the first branch whose `if` holds wins, else `else`.
import { defineStep } from './types.js';

export const condition = defineStep({
  type: 'condition',
  schema: 'step-condition.schema.json',
  builder: 'condition',
  waits: false,
  textRequired: false,
  params: ['description', 'branches', 'else'],
  next: 'unless-step-waits',
  transitions: [
    {
      shape: 'list',
      kind: 'branch',
      field: 'branches',
      platformKey: 'next_step',
      automatic: 'always',
      itemOrder: ['if', 'goto'],
      helper: 'when',
      label: (item) => (typeof item.if === 'string' ? item.if : undefined),
    },
    {
      shape: 'field',
      kind: 'else',
      field: 'else',
      platformKey: 'else_step',
      automatic: 'always',
      label: 'else',
      besideNext: true,
    },
  ],
  picture: { fill: '#fff8c5', border: '#9a6700', label: 'condition' },
  defaults: {},
  fields: {
    branches: [{ role: 'condition', at: ['*', 'if'] }],
  },
  without: ['text', 'menu', 'next'],
});
