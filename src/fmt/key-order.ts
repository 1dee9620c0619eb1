// The canonical order of keys, per kind of mapping. A step's own fields come from its type's
// schema (`schemas/step-<type>.schema.json`, in `properties` order), so a field added to a schema
// is ordered without touching this file. Keys not listed keep their relative order, after the
// listed ones: fmt never judges whether a key is allowed (that is validate's business).
import { readFileSync } from 'node:fs';
import { isStepType, type StepType } from '../model/step-types.js';
import { SCHEMA_DIR } from '../validate/schemas.js';

export const TOP_LEVEL_ORDER: readonly string[] = ['start', 'entries', 'steps'];

/** Every step may have these; the type's own fields go between HEAD and TAIL. */
const STEP_HEAD = ['type', 'description', 'text'] as const;
const STEP_TAIL = ['menu', 'next', 'else', 'on_error', 'renamed_from', 'end', 'protect'] as const;
const COMMON: ReadonlySet<string> = new Set<string>([...STEP_HEAD, ...STEP_TAIL]);

/** Items of a step's lists, by the key of the list. */
export const ITEM_ORDERS: Readonly<Record<string, readonly string[]>> = {
  menu: ['text', 'goto', 'url'],
  branches: ['if', 'goto'],
  variants: ['weight', 'goto'],
};

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

/** A step type's own fields, in the order of its schema's `properties`. */
export function ownFields(type: StepType): string[] {
  const file = `${SCHEMA_DIR}step-${type}.schema.json`;
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { properties?: Record<string, unknown> };
  if (!schema.properties) throw new Error(`botform's schema ${file} has no properties`);
  return Object.keys(schema.properties).filter((key) => !COMMON.has(key));
}
