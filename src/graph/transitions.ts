// Every way a step leads to another, read off the IR in one place: graph checks, the plan's
// reference mapping, the Mermaid renderer and the conversation interpreter all use this. What a
// type's own transitions are, and whether they are automatic, comes from the registry (src/steps/).
import type { DocPath } from '../diagnostics/types.js';
import type { Button, Step } from '../model/scenario.js';
import {
  paramTransitionsOf,
  stepSpec,
  WAITING_TYPES,
  type Automatic,
  type TransitionKind,
} from '../steps/index.js';

export type { TransitionKind } from '../steps/index.js';

/** A transition's id in coverage, traces and tests: `step#kind`, or `step#kind[index]`. */
export function transitionId(from: string, kind: TransitionKind, index?: number): string {
  return index === undefined ? `${from}#${kind}` : `${from}#${kind}[${index}]`;
}

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

// Buttons are most of a scenario's transitions, and their paths are read only for a diagnostic
// or an editor: made when asked, not 200,000 arrays for a 50,000-step shop.
// The button itself is kept, not its origin: buttons make their origins when asked too.
class ButtonTransition implements Transition {
  readonly kind = 'button' as const;
  readonly automatic = false;
  readonly label: string;
  readonly #button: Button;
  constructor(
    readonly target: string,
    button: Button,
    readonly index: number,
  ) {
    this.#button = button;
    this.label = button.text;
  }
  get path(): DocPath {
    return [...this.#button.origin.path, 'goto'];
  }
  /** Serialised like every other transition: a plain object with its path. */
  toJSON(): Transition {
    return {
      kind: this.kind,
      target: this.target,
      path: this.path,
      automatic: this.automatic,
      index: this.index,
      label: this.label,
    };
  }
}

/** `waits`: waitsForUser(step), when the caller already knows it. */
export function transitionsOf(step: Step, waits: boolean = waitsForUser(step)): Transition[] {
  const base = step.origin.path;
  const automatic = (rule: Automatic): boolean =>
    rule === 'always' || (rule === 'unless-step-waits' && !waits);
  const out: Transition[] = [];
  if (step.next !== null)
    out.push({
      kind: 'next',
      target: step.next,
      path: [...base, 'next'],
      automatic: automatic(stepSpec(step.type).next),
    });
  const menu = step.menu;
  for (let index = 0; index < menu.length; index++) {
    const button = menu[index] as Step['menu'][number];
    if (button.goto !== null) {
      out.push(new ButtonTransition(button.goto, button, index));
    }
  }
  if (stepSpec(step.type).transitions.length === 0) return out;
  for (const t of paramTransitionsOf(step.type, step.fields)) {
    const { kind, target, index, label } = t;
    out.push({
      kind,
      target,
      path: [...base, ...t.path],
      automatic: automatic(t.automatic),
      ...(index !== undefined ? { index } : {}),
      ...(label !== undefined ? { label } : {}),
    });
  }
  return out;
}
