// Path searches over the scenario graph for team rules: breadth-first, so the path a violation
// names is a shortest one. A transition counts as takeable unless botform proves no conversation
// can take it (the proofs of `test generate`: a condition that cannot hold, a branch shadowed by
// an earlier one, a variant of weight 0). A path found that way may still ask for conditions that
// cannot hold together (`age >= 18`, later `age < 10`): `possible` checks a path's conditions
// joined, and given a tracker the searches walk (step, path condition) states instead, so the
// path they name is a shortest one whose conditions can all hold, within a bound of states.
import { transitionsOf, type Transition, type TransitionKind } from '../graph/transitions.js';
import type { Scenario, Step } from '../model/scenario.js';
import type { ConditionTracker, PathCondition } from '../solve/path-condition.js';

/** One move along a path: from a step, by a transition, into its target. */
interface Hop {
  from: string;
  kind: TransitionKind;
  /** The button text, the branch condition, the variant weight: what a person reads. */
  label: string | undefined;
  /** The transition itself: its `path` (where it is written) is made only when asked. */
  transition: Transition;
  to: string;
}

export interface ScenarioPath {
  start: string;
  hops: Hop[];
}

/** The transitions out of each step into steps that exist, computed once per check. */
export type Successors = (key: string) => readonly Hop[];

export function successorsOf(
  scenario: Scenario,
  impossible: (from: string, kind: TransitionKind, index: number | undefined) => boolean = () =>
    false,
): Successors {
  const memo = new Map<string, Hop[]>();
  return (key) => {
    let hops = memo.get(key);
    if (hops) return hops;
    const step = scenario.steps.get(key);
    hops = step
      ? transitionsOf(step)
          .filter((t) => scenario.steps.has(t.target) && !impossible(key, t.kind, t.index))
          .map((t) => ({ from: key, kind: t.kind, label: t.label, transition: t, to: t.target }))
      : [];
    memo.set(key, hops);
    return hops;
  };
}

/** States the tracked searches of one check visit at most, per step of the scenario (all rules),
 * and at least 5,000. */
const TRACKED_STATES_PER_STEP = 8;

/** What tracked searches may still visit; shared by the rules of one check. */
export interface SearchBudget {
  left: number;
}

export function searchBudget(steps: number): SearchBudget {
  return { left: Math.max(5000, steps * TRACKED_STATES_PER_STEP) };
}

/** What a search found, and whether its budget ran out first (then more may exist). */
export interface Searched<T> {
  found: T;
  gaveUp: boolean;
}

/** Conditions a conversation can have on arriving at a step, for searches that start there. */
export type Arrivals = (key: string) => readonly PathCondition[];

interface Visit {
  key: string;
  condition: PathCondition;
  id: string;
  depth: number;
}

/** Breadth-first states: a step alone, or a step with its path condition when tracked. */
function stateSpace(
  next: Successors,
  tracker: ConditionTracker | undefined,
  budget: SearchBudget | undefined,
) {
  const came = new Map<string, { hop: Hop; prev: string } | null>();
  const queue: Visit[] = [];
  const idOf = (key: string, condition: PathCondition, depth: number | undefined) =>
    `${depth === undefined ? '' : `${depth}|`}${key}${tracker ? `|${tracker.key(condition)}` : ''}`;
  return {
    queue,
    seen: (id: string) => came.has(id),
    root(key: string, depth: number | undefined, arrivals?: Arrivals) {
      const start: PathCondition = tracker?.start ?? { cases: [[]], set: [] };
      for (const condition of tracker && arrivals ? arrivals(key) : [start]) {
        const id = idOf(key, condition, depth);
        if (came.has(id)) continue;
        came.set(id, null);
        queue.push({ key, condition, id, depth: depth ?? 0 });
      }
    },
    /** The states one hop on; `false` once the bound is reached. */
    *moves(at: Visit, counted: boolean) {
      for (const hop of next(at.key)) {
        const condition = tracker
          ? tracker.extend(at.condition, hop.from, hop.kind, hop.transition.index, hop.to)
          : at.condition;
        if (!condition) continue;
        const depth = at.depth + 1;
        yield {
          hop,
          visit: {
            key: hop.to,
            condition,
            depth,
            id: idOf(hop.to, condition, counted ? depth : undefined),
          },
        };
      }
    },
    add(visit: Visit, hop: Hop, prev: string): boolean {
      if (budget) {
        if (budget.left <= 0) return false;
        budget.left--;
      }
      came.set(visit.id, { hop, prev });
      queue.push(visit);
      return true;
    },
    trace(id: string, start: string): ScenarioPath {
      const hops: Hop[] = [];
      for (let c = came.get(id); c; c = came.get(c.prev)) hops.push(c.hop);
      hops.reverse();
      return { start: hops[0]?.from ?? start, hops };
    },
  };
}

/**
 * From every source at once, avoiding `blocked` steps (never entered, never left): a shortest
 * path to each step `goal` accepts, in the order they are found. A source is a path of no hops.
 * With a tracker (and the conditions a conversation can arrive with at each source), only paths
 * whose conditions can all hold; `gaveUp` once the budget is spent.
 */
export function pathsToGoals(
  sources: readonly string[],
  next: Successors,
  goal: (key: string) => boolean,
  blocked: (key: string) => boolean = () => false,
  tracker?: ConditionTracker,
  budget?: SearchBudget,
  arrivals?: Arrivals,
): Searched<ScenarioPath[]> {
  const space = stateSpace(next, tracker, tracker ? budget : undefined);
  for (const s of sources) if (!blocked(s)) space.root(s, undefined, arrivals);
  const found: ScenarioPath[] = [];
  const reached = new Set<string>();
  const { queue } = space;
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i] as Visit;
    if (goal(at.key) && !reached.has(at.key)) {
      reached.add(at.key);
      found.push(space.trace(at.id, at.key));
    }
    for (const { hop, visit } of space.moves(at, false)) {
      if (space.seen(visit.id) || blocked(hop.to)) continue;
      if (!space.add(visit, hop, at.id)) return { found, gaveUp: true };
    }
  }
  return { found, gaveUp: false };
}

/**
 * A shortest path from `start` that enters no `target` within `within` steps (the start is step
 * 1): one that has taken `within` steps, or that stops earlier at a step with no way on.
 * Without `within`, one that stops anywhere. Undefined when every path reaches a target in time.
 * With a tracker (and the conditions a conversation can arrive with at each source), only paths
 * whose conditions can all hold; `gaveUp` once the budget is spent.
 */
export function pathMissing(
  start: string,
  next: Successors,
  target: (key: string) => boolean,
  within: number | undefined,
  tracker?: ConditionTracker,
  budget?: SearchBudget,
  arrivals?: Arrivals,
): Searched<ScenarioPath | undefined> {
  if (target(start)) return { found: undefined, gaveUp: false };
  const limit = within ?? Number.POSITIVE_INFINITY;
  const space = stateSpace(next, tracker, tracker ? budget : undefined);
  // States carry their depth when bounded: the same step at another depth has another future.
  const counted = within !== undefined;
  space.root(start, counted ? 1 : undefined, arrivals);
  const { queue } = space;
  for (const root of queue) root.depth = 1;
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i] as Visit;
    // A dead end is one in the graph: a step whose every way on is ruled out is not a stop.
    if (at.depth >= limit || next(at.key).length === 0)
      return { found: space.trace(at.id, start), gaveUp: false };
    for (const { hop, visit } of space.moves(at, counted)) {
      if (target(hop.to) || space.seen(visit.id)) continue;
      if (!space.add(visit, hop, at.id)) return { found: undefined, gaveUp: true };
    }
  }
  return { found: undefined, gaveUp: false };
}

/**
 * Every condition a conversation can have on arriving at each step, from the start and the
 * entries, by one search over (step, path condition) states; undefined when the budget runs out.
 */
export function arrivalConditions(
  entries: readonly string[],
  next: Successors,
  tracker: ConditionTracker,
  budget: SearchBudget,
): Map<string, PathCondition[]> | undefined {
  const at = new Map<string, PathCondition[]>();
  const seen = new Set<string>();
  const queue: { key: string; condition: PathCondition }[] = [];
  const visit = (key: string, condition: PathCondition): boolean => {
    const id = `${key}|${tracker.key(condition)}`;
    if (seen.has(id)) return true;
    if (budget.left <= 0) return false;
    budget.left--;
    seen.add(id);
    at.set(key, [...(at.get(key) ?? []), condition]);
    queue.push({ key, condition });
    return true;
  };
  for (const e of entries) if (!visit(e, tracker.start)) return undefined;
  for (let i = 0; i < queue.length; i++) {
    const { key, condition } = queue[i] as (typeof queue)[number];
    for (const hop of next(key)) {
      const after = tracker.extend(condition, hop.from, hop.kind, hop.transition.index, hop.to);
      if (after && !visit(hop.to, after)) return undefined;
    }
  }
  return at;
}

/**
 * Whether a path's conditions can all hold together (true when they cannot be decided), for the
 * paths of one search: they share their prefixes (a breadth-first tree reaches each step once), so
 * the condition at each step is worked out once for all of them.
 */
export function possibleAlong(
  tracker: ConditionTracker,
  start: PathCondition = tracker.start,
  /** Paths of a search over steps alone (one way into each step); not of a tracked search. */
  oneTree = true,
): (path: ScenarioPath) => boolean {
  const at = new Map<string, PathCondition | null>();
  return (path) => {
    let condition: PathCondition | null = start;
    // A step met again on one path (a bounded walk may loop) has another prefix: not shared.
    const seen = new Set<string>([path.start]);
    for (const hop of path.hops) {
      const shared = oneTree && !seen.has(hop.to);
      seen.add(hop.to);
      const known = shared ? at.get(hop.to) : undefined;
      if (known !== undefined) condition = known;
      else {
        condition =
          condition &&
          (tracker.extend(condition, hop.from, hop.kind, hop.transition.index, hop.to) ?? null);
        if (shared) at.set(hop.to, condition);
      }
      if (!condition) return false;
    }
    return true;
  };
}

/** `welcome → [Order now] → checkout → (else) → order`: how a path reads in a message. */
export function describePath(path: ScenarioPath): string {
  let out = path.start;
  for (const hop of path.hops) {
    const how =
      hop.kind === 'button'
        ? `[${hop.label ?? ''}]`
        : hop.kind === 'next'
          ? ''
          : hop.kind === 'branch'
            ? `(if ${hop.label ?? '…'})`
            : `(${hop.kind.replace('_', ' ')})`;
    out += how ? ` → ${how} → ${hop.to}` : ` → ${hop.to}`;
  }
  return out;
}

export function stepsOf(scenario: Scenario, selector: { matches(step: Step): boolean }): string[] {
  const keys: string[] = [];
  for (const step of scenario.steps.values()) if (selector.matches(step)) keys.push(step.key);
  return keys;
}
