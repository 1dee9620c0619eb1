// The step-type registry: one entry per step type (one file each, next to this one), read by
// every stage that needs to know what a type is — validate (schemas), graph (transitions), plan
// (params mapping, defaults), render (plan refs), pull (both writers), fmt (key order), the DSL's
// TS locator and the emulator's input checks. test/steps/registry.test.ts walks this list
// against each of them. The recipe for a new type is in docs/adding-a-step-type.md.
import { cart } from './cart.js';
import { catalog } from './catalog.js';
import { condition } from './condition.js';
import { delay } from './delay.js';
import { form } from './form.js';
import { handoff } from './handoff.js';
import { message } from './message.js';
import { operation } from './operation.js';
import { order } from './order.js';
import { question } from './question.js';
import { randomizer } from './randomizer.js';
import type { FieldTransition, ListTransition, ParamTransition, StepTypeSpec } from './types.js';

export type {
  Automatic,
  FieldTransition,
  ListTransition,
  StepTypeSpec,
  TransitionKind,
} from './types.js';

/** In the constructor's order; schemas, docs and `type` error messages list them so. */
export const STEP_REGISTRY = [
  message,
  question,
  form,
  operation,
  delay,
  condition,
  randomizer,
  catalog,
  cart,
  order,
  handoff,
] as const;

export type StepType = (typeof STEP_REGISTRY)[number]['type'];

export const STEP_TYPES: readonly StepType[] = STEP_REGISTRY.map((spec) => spec.type);

const BY_TYPE: ReadonlyMap<string, StepTypeSpec<StepType>> = new Map(
  STEP_REGISTRY.map((spec) => [spec.type, spec]),
);

export function isStepType(value: unknown): value is StepType {
  return typeof value === 'string' && BY_TYPE.has(value);
}

export function stepSpec(type: StepType): StepTypeSpec<StepType> {
  const spec = BY_TYPE.get(type);
  // StepType comes from the registry itself, so this only fires on a cast from unchecked input.
  if (!spec) throw new Error(`botform has no step type "${type}"`);
  return spec;
}

/** Step types after which the bot waits for the user (an answer, a form, a choice of goods). */
export const WAITING_TYPES: ReadonlySet<StepType> = new Set(
  STEP_REGISTRY.filter((spec) => spec.waits).map((spec) => spec.type),
);

/** Whether a (scenario-named) params key is one botform manages for this step type. */
export function isManagedParam(type: StepType, key: string): boolean {
  return key === 'protect' || stepSpec(type).params.includes(key);
}

/** Every params transition of every type, by kind of shape: what the platform mapping walks. */
export const FIELD_TRANSITIONS: readonly FieldTransition[] = uniqueBy(
  STEP_REGISTRY.flatMap((s) => s.transitions.filter(isField)),
);
export const LIST_TRANSITIONS: readonly ListTransition[] = uniqueBy(
  STEP_REGISTRY.flatMap((s) => s.transitions.filter(isList)),
);

function isField(t: ParamTransition): t is FieldTransition {
  return t.shape === 'field';
}
function isList(t: ParamTransition): t is ListTransition {
  return t.shape === 'list';
}
/** Types share some transitions (on_error): one per field. */
function uniqueBy<T extends ParamTransition>(list: T[]): T[] {
  const byField = new Map<string, T>();
  for (const t of list) if (!byField.has(t.field)) byField.set(t.field, t);
  return [...byField.values()];
}

/** A transition found in a step's params (scenario names), before it is placed anywhere. */
export interface ParamTarget {
  kind: ParamTransition['kind'];
  target: string;
  /** Path inside params: ['else'] or ['branches', 0, 'goto']. */
  path: (string | number)[];
  automatic: ParamTransition['automatic'];
  index?: number;
  label?: string;
}

/** The step references in a step's params, as its type declares them, in declaration order. */
export function paramTransitionsOf(
  type: StepType,
  params: Readonly<Record<string, unknown>>,
): ParamTarget[] {
  const out: ParamTarget[] = [];
  for (const t of stepSpec(type).transitions) {
    const value = params[t.field];
    if (t.shape === 'field') {
      if (typeof value === 'string')
        out.push({
          kind: t.kind,
          target: value,
          path: [t.field],
          automatic: t.automatic,
          label: t.label,
        });
      continue;
    }
    if (!Array.isArray(value)) continue;
    value.forEach((item: unknown, index) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return;
      const record = item as Record<string, unknown>;
      if (typeof record.goto !== 'string') return;
      const label = t.label(record);
      out.push({
        kind: t.kind,
        target: record.goto,
        path: [t.field, index, 'goto'],
        automatic: t.automatic,
        index,
        ...(label !== undefined ? { label } : {}),
      });
    });
  }
  return out;
}
