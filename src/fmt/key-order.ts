// The canonical order of keys, per kind of mapping. A step's own fields come from its type's
// registry entry (src/steps/, in the order of its schema's `properties`, which a test checks).
// Keys not listed keep their relative order, after the listed ones: fmt never judges whether a
// key is allowed (that is validate's business).
import { isStepType, LIST_TRANSITIONS, stepSpec, type StepType } from '../steps/index.js';

export const TOP_LEVEL_ORDER: readonly string[] = ['start', 'entries', 'steps'];

/** Every step may have these; the type's own fields go between HEAD and TAIL. */
const STEP_HEAD = ['type', 'description', 'text'] as const;
const STEP_TAIL = ['menu', 'next', 'else', 'on_error', 'renamed_from', 'end', 'protect'] as const;
const COMMON: ReadonlySet<string> = new Set<string>([...STEP_HEAD, ...STEP_TAIL]);

/** Items of a step's lists, by the key of the list. */
export const ITEM_ORDERS: Readonly<Record<string, readonly string[]>> = Object.fromEntries([
  ['menu', ['text', 'goto', 'url']],
  ...LIST_TRANSITIONS.map((t) => [t.field, t.itemOrder] as const),
]);

const stepOrders = new Map<StepType, readonly string[]>();

/** The canonical key order of a step; `type` is the step's `type` value, whatever it is. */
export function stepKeyOrder(type: unknown): readonly string[] {
  if (!isStepType(type)) return [...STEP_HEAD, ...STEP_TAIL];
  let order = stepOrders.get(type);
  if (!order) {
    order = [...STEP_HEAD, ...ownFields(type), ...STEP_TAIL];
    stepOrders.set(type, order);
  }
  return order;
}

/** A step type's own fields (its params but those every step may have), in canonical order. */
export function ownFields(type: StepType): string[] {
  return stepSpec(type).params.filter((key) => !COMMON.has(key));
}
