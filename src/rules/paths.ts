// Path searches over the scenario graph for team rules: breadth-first, so the path a violation
// names is a shortest one. A transition counts as takeable unless botform proves no conversation
// can take it (the proofs of `test generate`: a condition that cannot hold, a branch shadowed by
// an earlier one, a variant of weight 0); other conditions are not solved for rules.
import { transitionsOf, type Transition, type TransitionKind } from '../graph/transitions.js';
import type { Scenario, Step } from '../model/scenario.js';

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

/**
 * From every source at once, avoiding `blocked` steps (never entered, never left): a shortest
 * path to each step `goal` accepts, in the order they are found. A source is a path of no hops.
 */
export function pathsToGoals(
  sources: readonly string[],
  next: Successors,
  goal: (key: string) => boolean,
  blocked: (key: string) => boolean = () => false,
): ScenarioPath[] {
  const came = new Map<string, Hop | null>();
  const queue: string[] = [];
  for (const s of sources)
    if (!came.has(s) && !blocked(s)) {
      came.set(s, null);
      queue.push(s);
    }
  const found: ScenarioPath[] = [];
  for (let i = 0; i < queue.length; i++) {
    const key = queue[i] as string;
    if (goal(key)) found.push(trace(key, came));
    for (const hop of next(key)) {
      if (came.has(hop.to) || blocked(hop.to)) continue;
      came.set(hop.to, hop);
      queue.push(hop.to);
    }
  }
  return found;
}

function trace(key: string, came: ReadonlyMap<string, Hop | null>): ScenarioPath {
  const hops: Hop[] = [];
  let at = key;
  for (let hop = came.get(at); hop; hop = came.get(at)) {
    hops.push(hop);
    at = hop.from;
  }
  return { start: at, hops: hops.reverse() };
}

/**
 * A shortest path from `start` that enters no `target` within `within` steps (the start is step
 * 1): one that has taken `within` steps, or that stops earlier at a step with no way on.
 * Without `within`, one that stops anywhere. Undefined when every path reaches a target in time.
 */
export function pathMissing(
  start: string,
  next: Successors,
  target: (key: string) => boolean,
  within: number | undefined,
): ScenarioPath | undefined {
  if (target(start)) return undefined;
  // States are (step, depth) when bounded: the same step at another depth has another future.
  const limit = within ?? Number.POSITIVE_INFINITY;
  const state = (key: string, depth: number) => (within === undefined ? key : `${depth}|${key}`);
  const came = new Map<string, { hop: Hop; prev: string } | null>();
  const queue: { key: string; depth: number; id: string }[] = [];
  const first = state(start, 1);
  came.set(first, null);
  queue.push({ key: start, depth: 1, id: first });
  for (let i = 0; i < queue.length; i++) {
    const { key, depth, id } = queue[i] as (typeof queue)[number];
    const out = next(key);
    if (depth >= limit || out.length === 0) {
      const hops: Hop[] = [];
      for (let c = came.get(id); c; c = came.get(c.prev)) hops.push(c.hop);
      return { start, hops: hops.reverse() };
    }
    for (const hop of out) {
      if (target(hop.to)) continue;
      const nextId = state(hop.to, depth + 1);
      if (came.has(nextId)) continue;
      came.set(nextId, { hop, prev: id });
      queue.push({ key: hop.to, depth: depth + 1, id: nextId });
    }
  }
  return undefined;
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
