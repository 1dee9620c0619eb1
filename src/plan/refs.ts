// Which steps a record or a view points at: used to order deletions after the references to
// them are gone, and creations after their targets exist.
import { collectParamStepRefs, type StepRecord } from '../remote/contract.js';
import type { Json } from './canonical.js';
import { paramTargets } from './params-mapping.js';
import type { StepView } from './types.js';

/** Step ids a live step references through next_step and params (not its buttons). */
export function liveStepRefs(step: StepRecord): number[] {
  const ids = collectParamStepRefs(step.params ?? {}).map((r) => r.id);
  if (step.next_step !== null) ids.push(step.next_step);
  return ids;
}

/** Step keys a view references through next and params (not its buttons). */
export function viewTargets(view: StepView): string[] {
  const keys = paramTargets(view.params as Record<string, Json>);
  if (view.next !== null) keys.push(view.next);
  return keys;
}

/** Params of a live step with the references to `drop` ids cleared (set to null). */
export function clearParamRefs(
  params: Record<string, unknown>,
  drop: ReadonlySet<number>,
): Record<string, unknown> {
  const walk = (value: unknown, key: string | undefined): unknown => {
    if (Array.isArray(value)) return value.map((item) => walk(item, undefined));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, k);
      return out;
    }
    if (
      key !== undefined &&
      (key === 'next_step' || key.endsWith('_step')) &&
      typeof value === 'number' &&
      drop.has(value)
    )
      return null;
    return value;
  };
  return walk(params, undefined) as Record<string, unknown>;
}
