// The step references a view holds, with the label an edge of the diagram gets: `next`, a
// button's goto, and the type's own transitions as the registry (src/steps/) declares them (a
// condition's branches by `if`, a randomizer's variants by weight, ...). Read from the
// before/after views only; nothing is looked up.
import type { ButtonView, StepView } from '../../plan/types.js';
import { isStepType, paramTransitionsOf } from '../../steps/index.js';

export interface StepRef {
  to: string;
  label: string;
}

export function stepViewRefs(view: StepView | null): StepRef[] {
  if (!view) return [];
  const refs: StepRef[] = [];
  if (typeof view.next === 'string') refs.push({ to: view.next, label: 'next' });
  // A view of a type botform does not know (a live step of a newer platform) has no params refs.
  if (!isStepType(view.type)) return refs;
  for (const t of paramTransitionsOf(view.type, view.params))
    refs.push({ to: t.target, label: t.label ?? t.kind });
  return refs;
}

export function buttonRefs(view: ButtonView | null): StepRef[] {
  return view && typeof view.goto === 'string' ? [{ to: view.goto, label: view.text }] : [];
}
