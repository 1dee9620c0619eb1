// Every way a step leads to another, read off the IR in one place: graph checks, the plan's
// reference mapping, the Mermaid renderer and the conversation interpreter all use this.
import type { DocPath } from '../diagnostics/types.js';
import type { Step } from '../model/scenario.js';
import { WAITING_TYPES } from '../model/step-types.js';
import { isRecord } from '../model/json.js';

export type TransitionKind = 'next' | 'button' | 'branch' | 'else' | 'variant' | 'on_error';

export interface Transition {
  kind: TransitionKind;
  target: string;
  /** Where the transition is written, relative to the step's file. */
  path: DocPath;
  /** Taken without the user doing anything; what an endless loop is made of. */
  automatic: boolean;
  /** For buttons, branches and variants: their position. */
  index?: number;
  /** A short label for diagrams: the button text, the branch condition, the variant weight. */
  label?: string;
}


/** The step stops and waits for the user: a block that asks for input, or buttons to press. */
export function waitsForUser(step: Step): boolean {
  return WAITING_TYPES.has(step.type) || step.menu.some((button) => button.goto !== null);
}

export function transitionsOf(step: Step): Transition[] {
  const base = step.origin.path;
  const waits = waitsForUser(step);
  const out: Transition[] = [];
  if (step.next !== null) out.push({ kind: 'next', target: step.next, path: [...base, 'next'], automatic: !waits });
  step.menu.forEach((button, index) => {
    if (button.goto !== null) {
      out.push({ kind: 'button', target: button.goto, path: [...button.origin.path, 'goto'], automatic: false, index, label: button.text });
    }
  });
  const { branches, variants } = step.fields;
  if (step.type === 'condition' && Array.isArray(branches)) {
    branches.forEach((branch, index) => {
      if (isRecord(branch) && typeof branch.goto === 'string') {
        const label = typeof branch.if === 'string' ? branch.if : undefined;
        out.push({ kind: 'branch', target: branch.goto, path: [...base, 'branches', index, 'goto'], automatic: true, index, ...(label ? { label } : {}) });
      }
    });
  }
  if (step.type === 'condition' && typeof step.fields.else === 'string') {
    out.push({ kind: 'else', target: step.fields.else, path: [...base, 'else'], automatic: true, label: 'else' });
  }
  if (step.type === 'randomizer' && Array.isArray(variants)) {
    variants.forEach((variant, index) => {
      if (isRecord(variant) && typeof variant.goto === 'string') {
        out.push({ kind: 'variant', target: variant.goto, path: [...base, 'variants', index, 'goto'], automatic: true, index, label: `${String(variant.weight)}%` });
      }
    });
  }
  if (typeof step.fields.on_error === 'string') {
    // Errors of an operation happen without the user; errors of a form or order follow an answer.
    out.push({ kind: 'on_error', target: step.fields.on_error, path: [...base, 'on_error'], automatic: !waits, label: 'on error' });
  }
  return out;
}
