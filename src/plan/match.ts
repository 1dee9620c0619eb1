// Which live record is which scenario entity. Steps: by name (their identity), then by a
// declared rename; among live steps sharing a name, the oldest (lowest id) is the one. Buttons:
// within their step, by label first, then by position — so a label edit or a reorder is an
// update, never a delete plus a create.
import type { MenuItemRecord, StepRecord } from '../remote/contract.js';
import type { DesiredState } from './desired.js';
import type { ButtonView } from './types.js';

export interface StepMatch {
  /** Scenario key → the live step it becomes (absent: created). */
  matched: Map<string, StepRecord>;
  /** Scenario key → the old name, for matches made through renamed_from. */
  renamed: Map<string, string>;
  /** Live steps the scenario does not have, and that no ignore pattern leaves alone. */
  unmatched: StepRecord[];
  /** Live steps left alone because of the config's ignore patterns. */
  ignored: StepRecord[];
  /** Names that several live steps share (made by hand in the web constructor). */
  duplicateNames: string[];
}

export function matchSteps(
  desired: DesiredState,
  byName: Map<string, StepRecord[]>,
  ignore: (name: string) => boolean,
): StepMatch {
  const matched = new Map<string, StepRecord>();
  const renamed = new Map<string, string>();
  const taken = new Set<number>();
  for (const key of desired.steps.keys()) {
    const candidate = byName.get(key)?.[0];
    if (candidate) {
      matched.set(key, candidate);
      taken.add(candidate.id);
    }
  }
  for (const [key, step] of desired.steps) {
    if (matched.has(key)) continue;
    for (const old of step.renamedFrom) {
      // An old name that is also a scenario key can still be taken over from a second live step
      // of that name (a duplicate); the first one stays with its key.
      const candidate = byName.get(old)?.find((s) => !taken.has(s.id));
      if (candidate) {
        matched.set(key, candidate);
        renamed.set(key, old);
        taken.add(candidate.id);
        break;
      }
    }
  }
  const unmatched: StepRecord[] = [];
  const ignored: StepRecord[] = [];
  const duplicateNames: string[] = [];
  for (const [name, list] of byName) {
    if (list.length > 1) duplicateNames.push(name);
    for (const step of list) {
      if (taken.has(step.id)) continue;
      if (ignore(name)) ignored.push(step);
      else unmatched.push(step);
    }
  }
  unmatched.sort((a, b) => a.id - b.id);
  return { matched, renamed, unmatched, ignored, duplicateNames: duplicateNames.sort() };
}

export interface ButtonPairing {
  pairs: { desired: ButtonView; live: MenuItemRecord }[];
  created: ButtonView[];
  deleted: MenuItemRecord[];
}

export function matchButtons(
  desired: readonly ButtonView[],
  live: readonly MenuItemRecord[],
): ButtonPairing {
  const liveLeft = [...live];
  const pairs: ButtonPairing['pairs'] = [];
  const unpaired: ButtonView[] = [];
  for (const button of desired) {
    const at = liveLeft.findIndex((item) => item.text === button.text);
    if (at >= 0) pairs.push({ desired: button, live: liveLeft.splice(at, 1)[0] as MenuItemRecord });
    else unpaired.push(button);
  }
  // What is left is matched in order: the n-th remaining button is the n-th remaining record.
  const created: ButtonView[] = [];
  for (const button of unpaired) {
    const next = liveLeft.shift();
    if (next) pairs.push({ desired: button, live: next });
    else created.push(button);
  }
  pairs.sort((a, b) => a.desired.position - b.desired.position);
  return { pairs, created, deleted: liveLeft };
}

/** A config ignore pattern (glob with * and ?) as a predicate on names. */
export function ignoreMatcher(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false;
  const regexes = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ),
  );
  return (name) => regexes.some((r) => r.test(name));
}
