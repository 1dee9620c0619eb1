// What a change does to the scenario's structure: transitions added or rerouted (the patch),
// transitions and steps removed, steps whose content changed — all in head's names, a base step
// renamed with `renamed_from` counted as the same step, so a rename alone changes nothing.
import { transitionsOf, type Transition } from '../graph/transitions.js';
import type { Scenario, Step } from '../model/scenario.js';

interface PatchTransition {
  from: string;
  transition: Transition;
}

export interface StructureDiff {
  /** Base key → head key, for steps renamed with renamed_from. */
  renamed: Map<string, string>;
  /** Transitions of head that base does not have, or that lead elsewhere now. */
  patch: PatchTransition[];
  /** Base transitions head no longer has (in head's names where the step still exists). */
  removed: { from: string; kind: string; index: number | undefined; to: string }[];
  /** Head steps whose own content (type, text, fields, buttons' labels and links) changed. */
  changedSteps: Set<string>;
  addedSteps: Set<string>;
  removedSteps: Set<string>;
}

export const transitionKey = (from: string, kind: string, index: number | undefined) =>
  `${from}|${kind}|${index ?? ''}`;

export function diffScenarios(base: Scenario | undefined, head: Scenario): StructureDiff {
  const renamed = new Map<string, string>();
  for (const step of head.steps.values())
    for (const old of step.renamedFrom)
      if (base?.steps.has(old) && !head.steps.has(old)) renamed.set(old, step.key);
  const name = (key: string) => renamed.get(key) ?? key;
  const before = new Map<
    string,
    { to: string; kind: string; index: number | undefined; from: string }
  >();
  const baseSteps = new Map<string, Step>();
  for (const step of base?.steps.values() ?? []) {
    baseSteps.set(name(step.key), step);
    for (const t of transitionsOf(step))
      before.set(transitionKey(name(step.key), t.kind, t.index), {
        to: name(t.target),
        kind: t.kind,
        index: t.index,
        from: name(step.key),
      });
  }
  const isStep = (key: string) => head.steps.has(key) || (base?.steps.has(key) ?? false);
  const patch: PatchTransition[] = [];
  const seen = new Set<string>();
  const changedSteps = new Set<string>();
  const addedSteps = new Set<string>();
  for (const step of head.steps.values()) {
    const old = baseSteps.get(step.key);
    if (!old) addedSteps.add(step.key);
    else if (content(old, isStep) !== content(step, isStep)) changedSteps.add(step.key);
    for (const t of transitionsOf(step)) {
      const key = transitionKey(step.key, t.kind, t.index);
      seen.add(key);
      if (before.get(key)?.to !== t.target) patch.push({ from: step.key, transition: t });
    }
  }
  const removed = [...before.entries()].filter(([key]) => !seen.has(key)).map(([, t]) => t);
  const removedSteps = new Set([...baseSteps.keys()].filter((k) => !head.steps.has(k)));
  return { renamed, patch, removed, changedSteps, addedSteps, removedSteps };
}

/**
 * A step's own content, for comparing versions: what it says and asks, its buttons' labels and
 * links, its type's settings and conditions — not where its transitions lead (the patch says that).
 */
function content(step: Step, isStep: (key: string) => boolean): string {
  return JSON.stringify(
    {
      type: step.type,
      text: step.text,
      end: step.end,
      menu: step.menu.map((b) => [b.text, b.goto === null ? null : '→', b.url]),
      fields: step.fields,
    },
    (_k, v: unknown) => (typeof v === 'string' && isStep(v) ? '→' : v),
  );
}
