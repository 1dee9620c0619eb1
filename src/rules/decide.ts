// Deciding path rules with the conditions taken into account: a path found over the graph is
// checked against its conditions joined and against how a conversation can arrive at its first
// step (one variable at a time); when it cannot be walked, the search runs again over
// (step, path condition) states knowing only the variables that showed it, and knows more when
// its own paths cannot be walked (a few rounds). All searches of one check share one budget of
// states; what it leaves open is undecided. check.ts asks, and reports.
import { reachableFrom } from '../graph/traverse.js';
import { conversationStarts, type Scenario } from '../model/scenario.js';
import type { Feasibility } from '../solve/feasibility.js';
import {
  conditionTracker,
  projectedTracker,
  type ConditionTracker,
  type PathCondition,
} from '../solve/path-condition.js';
import {
  arrivalConditions,
  pathMissing,
  pathsToGoals,
  possibleAlong,
  searchBudget,
  type Arrivals,
  type ScenarioPath,
  type Searched,
  type Successors,
} from './paths.js';

/** Arrival conditions of one step, at most, that a path is tried from (more: undecided). */
const MAX_ARRIVALS = 64;

/** Steps whose arrival is checked against the conditions on the way, at most, per check. */
const MAX_ARRIVAL_CHECKS = 64;

/** Variables whose arrival conditions are worked out together, at most. */
const MAX_JOINT = 3;

/** Rounds of searching again with more variables known, at most. */
const MAX_ROUNDS = 4;

/** The paths that break a rule, and those the budget left open. */
interface Decided {
  paths: ScenarioPath[];
  undecided: ScenarioPath[];
}

export interface PathDecider {
  /** Shortest walkable paths from `sources` to each step `goal` accepts, around `blocked`. */
  goalPaths(
    sources: readonly string[],
    goal: (key: string) => boolean,
    blocked?: (key: string) => boolean,
  ): Decided;
  /** A shortest walkable path from `start` that enters no target within `within` steps. */
  missing(start: string, target: (key: string) => boolean, within: number | undefined): Decided;
  /** Of `keys`, the steps a conversation can be at in the graph. */
  reachedOf(keys: readonly string[]): string[];
  /** Whether a conversation can arrive at `key` with what the conditions on its way ask. */
  canArrive(key: string): boolean;
}

/** With no feasibility (no path rule to decide), paths are the graph's. */
export function pathDecider(
  scenario: Scenario,
  next: Successors,
  feasibility: Feasibility | undefined,
): PathDecider {
  const tracker = feasibility ? conditionTracker(scenario, feasibility) : undefined;
  const budget = searchBudget(scenario.steps.size);
  const entries = conversationStarts(scenario);
  /** Arrival conditions, by the variables they keep (computed once per set, within the budget). */
  const arrivalsBy = new Map<string, Map<string, PathCondition[]> | undefined>();
  const arrivalsFor = (roots: ReadonlySet<string>) => {
    const id = [...roots].sort().join(',');
    if (!arrivalsBy.has(id) && tracker)
      arrivalsBy.set(
        id,
        arrivalConditions(entries, next, projectedTracker(tracker, roots), budget),
      );
    return arrivalsBy.get(id);
  };
  /** Of `keys`, the steps a conversation can be at in the graph (one search, computed once). */
  let inGraph: Set<string> | undefined;
  const reachedOf = (keys: readonly string[]): string[] => {
    inGraph ??= reachableFrom((key) => next(key).map((hop) => hop.to), entries);
    const at = inGraph;
    return keys.filter((k) => at.has(k));
  };
  /**
   * Whether a conversation can arrive at `key` with what the conditions on its way ask: what is
   * known of each variable the graph's shortest way there reads, one variable at a time. Asked
   * only for the first steps of paths about to be reported, and for a bounded number of them.
   */
  const arrivable = new Map<string, boolean>();
  const canArrive = (key: string): boolean => {
    if (!tracker || entries.includes(key)) return true;
    const known = arrivable.get(key);
    if (known !== undefined) return known;
    if (arrivable.size >= MAX_ARRIVAL_CHECKS) return true;
    const way = pathsToGoals(entries, next, (k) => k === key).found[0];
    const reads = way ? [...new Set(readsOf(way))] : [];
    const verdict =
      way !== undefined && reads.every((r) => arrivalsFor(new Set([r]))?.has(key) !== false);
    arrivable.set(key, verdict);
    return verdict;
  };
  const readsOf = (path: ScenarioPath): string[] =>
    tracker ? path.hops.flatMap((h) => tracker.reads(h.from, h.kind, h.transition.index)) : [];
  /** Whether the path can be walked by a conversation arriving with one of `roots`' arrivals. */
  const walkableFrom = (path: ScenarioPath, roots: ReadonlySet<string>) => {
    if (!tracker) return true;
    const arrivals = arrivalsFor(roots);
    const at = arrivals?.get(path.start);
    if (!arrivals || (at && at.length > MAX_ARRIVALS)) return undefined;
    const known = projectedTracker(tracker, roots);
    return (at ?? []).some((c) => possibleAlong(known, c, false)(path));
  };
  /**
   * Whether a path can be walked, and when it cannot, the variables whose knowledge shows it
   * (one alone where that is enough: a later search then tracks only it).
   */
  const verdictOf = (
    possible: (p: ScenarioPath) => boolean,
    path: ScenarioPath,
  ): { verdict: 'possible' | 'impossible' | 'unknown'; roots: string[] } => {
    if (!tracker) return { verdict: 'possible', roots: [] };
    const reads = [...new Set(readsOf(path))].sort();
    if (!possible(path)) {
      const alone = reads.find(
        (r) => !possibleAlong(projectedTracker(tracker, new Set([r])), tracker.start, false)(path),
      );
      return { verdict: 'impossible', roots: alone !== undefined ? [alone] : reads };
    }
    if (reads.length === 0) return { verdict: 'possible', roots: [] };
    for (const r of reads)
      if (walkableFrom(path, new Set([r])) === false) return { verdict: 'impossible', roots: [r] };
    // Together, a few variables: the states of many at once multiply (what one alone cannot
    // rule out stays possible, and is reported).
    if (reads.length === 1 || reads.length > MAX_JOINT) return { verdict: 'possible', roots: [] };
    const all = walkableFrom(path, new Set(reads));
    return all === false
      ? { verdict: 'impossible', roots: reads }
      : { verdict: all ? 'possible' : 'unknown', roots: [] };
  };
  /**
   * The paths of a search over the graph, checked one by one against their conditions. When one
   * cannot be walked, the search runs again over (step, what the path asked) states, knowing only
   * the variables the unwalkable paths read, from every condition a conversation can arrive at
   * its sources with; its paths are checked again, and the variables of those that still cannot
   * be walked are added (a few rounds). Knowing fewer variables keeps the states few, and a
   * search that finds nothing proves the rule holds. What is left open is undecided.
   */
  const decided = (
    search: (tracked?: {
      tracker: ConditionTracker;
      arrivals: Arrivals;
    }) => Searched<ScenarioPath[]>,
  ): { paths: ScenarioPath[]; undecided: ScenarioPath[] } => {
    let found = search().found;
    if (!tracker) return { paths: found, undecided: [] };
    const plainPossible = possibleAlong(tracker);
    let verdicts = found.map((p) => verdictOf(plainPossible, p));
    const roots = new Set<string>();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (verdicts.every((v) => v.verdict !== 'impossible')) return { paths: found, undecided: [] };
      const before = roots.size;
      for (const v of verdicts)
        if (v.verdict === 'impossible') for (const r of v.roots) roots.add(r);
      if (roots.size === before) break;
      const known = arrivalsFor(roots);
      const projected = projectedTracker(tracker, roots);
      const again = search({
        tracker: projected,
        // Past the budget nothing is known of how a conversation arrives: every condition is open.
        arrivals: (key) => (known ? (known.get(key) ?? []) : [projected.start]),
      });
      if (again.gaveUp) break;
      found = again.found;
      // A tracked search may reach a step by several ways: no condition is shared by step.
      const trackedPossible = possibleAlong(tracker, tracker.start, false);
      verdicts = found.map((p) => verdictOf(trackedPossible, p));
    }
    return {
      paths: found.filter((_, i) => verdicts[i]?.verdict !== 'impossible'),
      undecided: found.filter((_, i) => verdicts[i]?.verdict === 'impossible'),
    };
  };
  return {
    reachedOf,
    canArrive,
    goalPaths: (sources, goal, blocked) =>
      decided((tracked) =>
        pathsToGoals(sources, next, goal, blocked, tracked?.tracker, budget, tracked?.arrivals),
      ),
    missing: (start, target, within) =>
      decided((tracked) => {
        const found = pathMissing(
          start,
          next,
          target,
          within,
          tracked?.tracker,
          budget,
          tracked?.arrivals,
        );
        return { found: found.found ? [found.found] : [], gaveUp: found.gaveUp };
      }),
  };
}
