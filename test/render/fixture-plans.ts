// The plans the golden files show. `smallPlan` has one of everything: a rename with a
// multi-line text change, a cycle closed by a link call, steps deleted together after an unlink,
// button creates/edits/moves/deletes, a condition's branches, the shop's start step, a warning.
import type { Plan } from '../../src/plan/types.js';
import {
  button,
  createButton,
  createStep,
  deleteButton,
  deleteStep,
  linkStep,
  plan,
  step,
  unlinkStep,
  updateButton,
  updateShop,
  updateStep,
} from './plans.js';

const helloBefore = step(
  'message',
  'Hi! I am the Pizza Bot.\nWhat would you like?\nWe bake from 10 to 22.\n',
);
const helloAfter = step(
  'message',
  'Hi! I am the Pizza Bot.\nWhat would you like today?\nWe bake from 10 to 22.\n',
);
const legacyA = step('message', 'Old flow, part one', 'legacy_b');
const legacyB = step('message', 'Old flow, part two', 'legacy_a');
const faq = step('message', 'Questions?\nAsk away.\n', 'faq_more');
const checkBefore = step('condition', '', null, {
  branches: [{ if: 'cart_total > 50', goto: 'free_delivery' }],
  else: 'catalog',
});
const checkAfter = step('condition', '', null, {
  branches: [
    { if: 'cart_total > 40', goto: 'free_delivery' },
    { if: 'cart_total == 0', goto: 'catalog' },
  ],
  else: 'checkout',
});

export function smallPlan(): Plan {
  return plan(
    [
      unlinkStep('legacy_a', legacyA, 201),
      deleteButton('welcome', button('Summer sale', 2, 'old_promo'), 501),
      deleteButton('legacy_b', button('Back', 0, 'hello'), 502),
      deleteStep('legacy_a', legacyA, 201, { reason: 'not in the scenario files' }),
      deleteStep('legacy_b', legacyB, 202),
      deleteStep('old_promo', step('message', 'Summer sale: 2 pizzas for 1!'), 203),
      createStep('faq', faq),
      createStep('faq_more', step('message', 'More questions?', 'faq')),
      linkStep('faq', faq),
      updateStep('welcome', helloBefore, helloAfter, ['name', 'text'], { renamedFrom: 'hello' }),
      createButton('welcome', button('FAQ', 1, 'faq')),
      updateButton(
        'welcome',
        button('Menu', 0, 'catalog'),
        button('Our menu', 0, 'catalog'),
        ['text'],
        503,
      ),
      updateButton(
        'welcome',
        button('Website', 1, null, 'https://pizza.example'),
        button('Website', 2, null, 'https://pizza.example'),
        ['position'],
        504,
      ),
      updateStep('check_cart', checkBefore, checkAfter, ['params.branches', 'params.else']),
      updateShop({ start: 'hello' }, { start: 'welcome' }),
    ],
    [
      {
        code: 'drift',
        message: 'step "catalog" was edited in the web constructor since the last apply',
      },
    ],
  );
}

export function emptyPlan(): Plan {
  return plan([]);
}
