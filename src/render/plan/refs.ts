// The step references a view holds, with the label an edge of the diagram gets: `next`, a
// button's goto, a condition's branches (`if`) and `else`, a randomizer's variants (weight), and
// `on_error`. Read from the before/after views only; nothing is looked up.
import type { ButtonView, StepView } from '../../plan/types.js';

export interface StepRef {
  to: string;
  label: string;
}

export function stepViewRefs(view: StepView | null): StepRef[] {
  if (!view) return [];
  const refs: StepRef[] = [];
  if (typeof view.next === 'string') refs.push({ to: view.next, label: 'next' });
  const params = view.params;
  for (const [list, labelOf] of [
    ['branches', (item: Record<string, unknown>) => (typeof item.if === 'string' ? item.if : 'branch')],
    ['variants', (item: Record<string, unknown>) => (typeof item.weight === 'number' ? `${item.weight}%` : 'variant')],
  ] as const) {
    const items = params[list];
    if (!Array.isArray(items)) continue;
    for (const item of items as unknown[]) {
      if (item === null || typeof item !== 'object') continue;
      const record = item as Record<string, unknown>;
      if (typeof record.goto === 'string') refs.push({ to: record.goto, label: labelOf(record) });
    }
  }
  if (typeof params.else === 'string') refs.push({ to: params.else, label: 'else' });
  if (typeof params.on_error === 'string') refs.push({ to: params.on_error, label: 'on error' });
  return refs;
}

export function buttonRefs(view: ButtonView | null): StepRef[] {
  return view && typeof view.goto === 'string' ? [{ to: view.goto, label: view.text }] : [];
}
