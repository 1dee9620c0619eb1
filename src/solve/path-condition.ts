// What a path through the graph asks of the conversation's variables, all along it: the
// conditions of the branches it takes (and of the earlier branches it passes over) joined, so a
// path whose branches cannot all hold at once — `age >= 18` then `age < 10`, with nothing
// saving `age` between — is known impossible although each branch alone can be taken. A step
// that saves a variable gives it a new value, so what was known of it is forgotten there; the
// cart and the built-in order change at any step that is not a pure condition, so facts about
// them last only through condition steps. A branch on a variable that may be missing fails
// without its negation holding, so the earlier branches' failing is counted only for variables
// the path has set (saved at a step it left by its `next`). Sound in one direction: a
// path called impossible is impossible; an unsolved or too large condition counts as possible.
import type { Scenario } from '../model/scenario.js';
import { transitionId } from '../runtime/index.js';
import type { TransitionKind } from '../steps/index.js';
import { savedVariablesOf } from '../steps/roles.js';
import type { Feasibility } from './feasibility.js';
import { andDnf, CART_FACTS, pathsOf, solveDnf, type Dnf } from './solve.js';

/** A path's condition so far (`[[]]`, one empty case, when nothing is known), and what it set. */
export interface PathCondition {
  cases: Dnf;
  /** Variables (their first name) the path has certainly given a value, sorted. */
  set: readonly string[];
}

export interface ConditionTracker {
  readonly start: PathCondition;
  /** The condition after taking the transition, or undefined when it cannot be taken. */
  extend(
    condition: PathCondition,
    from: string,
    kind: TransitionKind,
    index: number | undefined,
    to: string,
  ): PathCondition | undefined;
  /** Equal for equal conditions: states of a search are (step, key). */
  key(condition: PathCondition): string;
  /** The variables (first names) the transition's condition reads; none for an unguarded one. */
  reads(from: string, kind: TransitionKind, index: number | undefined): readonly string[];
}

/** Variables that change outside any step's declared save (the cart, the order made). */
const CHANGING_BUILT_INS = ['cart', 'order'];

/** Cases of one path condition at most; past it the condition is forgotten (counts as possible). */
const MAX_CASES = 32;

export function conditionTracker(scenario: Scenario, feasibility: Feasibility): ConditionTracker {
  const memo = new Map<string, { forgets: Set<string>; saves: Set<string> }>();
  const effects = (key: string) => {
    let found = memo.get(key);
    if (found) return found;
    const forgets = new Set<string>();
    const saves = new Set<string>();
    const step = scenario.steps.get(key);
    if (step) {
      for (const saved of savedVariablesOf(step.type, step.fields)) {
        forgets.add(saved.name);
        saves.add(saved.name);
      }
      if (step.type !== 'condition') for (const r of CHANGING_BUILT_INS) forgets.add(r);
    }
    found = { forgets, saves };
    memo.set(key, found);
    return found;
  };
  return {
    start: { cases: [[]], set: [] },
    key: (c) => JSON.stringify([c.set, c.cases]),
    reads(from, kind, index) {
      const guard = feasibility.guards.get(transitionId(from, kind, index));
      const dnf = guard?.condition ?? guard?.own;
      return dnf ? [...new Set([...pathsOf(dnf)].map(rootOf))] : [];
    },
    extend(condition, from, kind, index, to) {
      const guard = feasibility.guards.get(transitionId(from, kind, index));
      let set = condition.set;
      // Leaving a step by its `next` (not a button, not its error way): what it saves is set.
      if (kind === 'next') {
        const saves = effects(from).saves;
        if (saves.size > 0) set = [...new Set([...set, ...saves])].sort();
      }
      const whole =
        guard?.condition && (guard.assumesSet ?? []).every((p) => set.includes(rootOf(p)))
          ? guard.condition
          : guard?.own;
      let cases: Dnf = condition.cases;
      if (whole) {
        const joined = andDnf(cases, whole);
        cases = joined ? possibleCases(joined) : [[]];
        if (cases.length === 0) return undefined;
        if (cases.length > MAX_CASES) cases = [[]];
      }
      const forgets = effects(to).forgets;
      if (forgets.size > 0)
        cases = possibleCases(
          cases.map((term) => term.filter((f) => !('path' in f) || !forgets.has(rootOf(f.path)))),
        );
      return { cases, set };
    },
  };
}

/** The cases that can hold: the facts of each in one order, no case twice, the cases in one order. */
function possibleCases(dnf: Dnf): Dnf {
  const byText = (a: [string, unknown], b: [string, unknown]) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  const out = new Map<string, Dnf[number]>();
  for (const term of dnf) {
    const facts = [...new Map(term.map((f) => [JSON.stringify(f), f])).entries()]
      .sort(byText)
      .map(([, f]) => f);
    if (facts.length === 0) return [[]];
    const key = JSON.stringify(facts);
    if (!out.has(key) && solveDnf([facts], CART_FACTS).impossible === undefined)
      out.set(key, facts);
  }
  // Sorted by the text each case was already keyed by (not stringified again per comparison).
  return [...out.entries()].sort(byText).map(([, facts]) => facts);
}

function rootOf(path: string): string {
  const dot = path.indexOf('.');
  return dot < 0 ? path : path.slice(0, dot);
}

/**
 * The same tracker knowing only facts about `roots`: fewer states where only they matter (how a
 * conversation can arrive at a step, for a path that reads just these variables after it).
 */
export function projectedTracker(
  tracker: ConditionTracker,
  roots: ReadonlySet<string>,
): ConditionTracker {
  const project = (c: PathCondition): PathCondition => {
    const cases = c.cases.map((term) =>
      term.filter((f) => !('path' in f) || roots.has(rootOf(f.path))),
    );
    return {
      cases: cases.some((t) => t.length === 0) ? [[]] : possibleCases(cases),
      set: c.set.filter((r) => roots.has(r)),
    };
  };
  return {
    start: tracker.start,
    key: tracker.key,
    reads: tracker.reads,
    extend(condition, from, kind, index, to) {
      const next = tracker.extend(condition, from, kind, index, to);
      return next && project(next);
    },
  };
}
