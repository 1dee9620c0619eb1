// Shows the user's cart; waits for checkout or a button.
import { defineStep } from './types.js';

export const cart = defineStep({
  type: 'cart',
  schema: 'step-cart.schema.json',
  builder: 'cart',
  waits: true,
  textRequired: true,
  params: ['description', 'checkout_text'],
  next: 'unless-step-waits',
  transitions: [],
  picture: { fill: '#d1f0e0', border: '#116329', label: 'cart' },
  defaults: {},
  fields: {
    checkout_text: [
      { role: 'template', at: [] },
      { role: 'button', fallback: 'Checkout', takes: 'next' },
    ],
  },
  without: [],
});
