// The canonical order of keys, per kind of mapping. A step's layout comes from the registry
// (src/steps/roles.ts: the common head, its type's own fields in the order of its schema's
// `properties`, which a test checks, then menu, next, the transitions written beside next, and
// the common tail). Keys not listed keep their relative order, after the listed ones: fmt never
// judges whether a key is allowed (that is validate's business).
import { isStepType, LIST_TRANSITIONS } from '../steps/index.js';
import { stepLayout } from '../steps/roles.js';

export const TOP_LEVEL_ORDER: readonly string[] = ['start', 'entries', 'steps'];

/** Items of a step's lists, by the key of the list. */
export const ITEM_ORDERS: Readonly<Record<string, readonly string[]>> = Object.fromEntries([
  ['menu', ['text', 'goto', 'url']],
  ...LIST_TRANSITIONS.map((t) => [t.field, t.itemOrder] as const),
]);

/** The canonical key order of a step; `type` is the step's `type` value, whatever it is. */
export function stepKeyOrder(type: unknown): readonly string[] {
  return stepLayout(isStepType(type) ? type : undefined);
}
