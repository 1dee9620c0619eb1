// Team rules decided on one compiled scenario: each path rule by one breadth-first search over
// the graph (linear in steps and transitions per rule), each step rule by one CEL evaluation per
// selected step. A violation is a diagnostic at the place the path breaks the rule (the
// transition into the step it may not reach, the step it may not be), naming a shortest path;
// a rule that holds only because it selects nothing, or its target cannot be reached, warns.
import { diagnosticFor } from '../diagnostics/make.js';
import type { Diagnostic, SourceLocator } from '../diagnostics/types.js';
import { evaluateCondition } from '../expr/index.js';
import { transitionId } from '../runtime/index.js';
import { analyzeFeasibility } from '../solve/feasibility.js';
import type { Scenario } from '../model/scenario.js';
import {
  conditionTracker,
  projectedTracker,
  type ConditionTracker,
  type PathCondition,
} from '../solve/path-condition.js';
import {
  describePath,
  arrivalConditions,
  pathMissing,
  pathsToGoals,
  possibleAlong,
  searchBudget,
  stepsOf,
  successorsOf,
  type Arrivals,
  type ScenarioPath,
  type Searched,
} from './paths.js';
import { stepAsValue } from './step-value.js';
import type { PathRule, Rule, StepSelector } from './types.js';

/** Arrival conditions of one step, at most, that a path is tried from (more: undecided). */
const MAX_ARRIVALS = 64;

/** Steps whose arrival is checked against the conditions on the way, at most, per check. */
const MAX_ARRIVAL_CHECKS = 64;

/** Variables whose arrival conditions are worked out together, at most. */
const MAX_JOINT = 3;

/** Rounds of searching again with more variables known, at most. */
const MAX_ROUNDS = 4;

export interface Violation {
  rule: PathRule;
  path: ScenarioPath;
}

export interface RuleCheck {
  diagnostics: Diagnostic[];
  violations: Violation[];
}

/** Whether a rule applies in a run for `environment` (undefined: a run without one). */
export function appliesIn(rule: Rule, environment: string | undefined): boolean {
  return (
    rule.environments === undefined ||
    (environment !== undefined && rule.environments.includes(environment))
  );
}

export function checkRules(
  rules: readonly Rule[],
  scenario: Scenario,
  locators: ReadonlyMap<string, SourceLocator>,
  environment: string | undefined,
): RuleCheck {
  // Transitions proved impossible are no part of any path (computed only for path rules).
  const pathRules = rules.some(
    (r) => r.form !== 'require' && r.form !== 'plan' && appliesIn(r, environment),
  );
  const feasibility = pathRules ? analyzeFeasibility(scenario) : undefined;
  const proofs = feasibility?.infeasible ?? new Map<string, unknown>();
  const next = successorsOf(scenario, (from, kind, index) =>
    proofs.has(transitionId(from, kind, index)),
  );
  const tracker = feasibility ? conditionTracker(scenario, feasibility) : undefined;
  const budget = searchBudget(scenario.steps.size);
  const entries = [
    ...(scenario.start ? [scenario.start.key] : []),
    ...scenario.entries.map((e) => e.key),
  ];
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
  /**
   * Whether a path found over the graph can be walked: its conditions joined can hold, with some
   * condition a conversation can arrive at its first step with (when the path reads variables).
   */
  /** Of `keys`, the steps a conversation can be at in the graph (one search, computed once). */
  let inGraph: Set<string> | undefined;
  const reachedOf = (keys: readonly string[]): string[] => {
    if (!inGraph) {
      const seen = new Set<string>(entries);
      const queue = [...seen];
      for (let i = 0; i < queue.length; i++)
        for (const hop of next(queue[i] as string))
          if (!seen.has(hop.to)) {
            seen.add(hop.to);
            queue.push(hop.to);
          }
      inGraph = seen;
    }
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
  const goalPaths = (
    sources: readonly string[],
    goal: (key: string) => boolean,
    blocked?: (key: string) => boolean,
  ) =>
    decided((tracked) =>
      pathsToGoals(sources, next, goal, blocked, tracked?.tracker, budget, tracked?.arrivals),
    );
  const out: RuleCheck = { diagnostics: [], violations: [] };
  const vacuous = (rule: Rule, why: string) =>
    out.diagnostics.push(
      diagnosticFor(
        'rule-vacuous',
        `Rule "${rule.id}" holds only because ${why}.`,
        rule.locator,
        rule.path,
        'value',
        { hint: 'Check its selectors: a rule that tests nothing guards nothing.' },
      ),
    );
  /** Where a path breaks its rule: the transition into its last step, or its only step. */
  const placeOf = (path: ScenarioPath) => {
    const last = path.hops.at(-1);
    const where = last
      ? {
          file: scenario.steps.get(last.from)?.origin.file,
          path: last.transition.path,
          target: 'value' as const,
        }
      : {
          file: scenario.steps.get(path.start)?.origin.file,
          path: scenario.steps.get(path.start)?.origin.path ?? [],
          target: 'key' as const,
        };
    const locator = where.file !== undefined ? locators.get(where.file) : undefined;
    return locator ? { ...where, locator } : undefined;
  };
  const broken = (rule: PathRule, path: ScenarioPath) => {
    out.violations.push({ rule, path });
    const at = placeOf(path);
    if (!at) return;
    out.diagnostics.push(
      ruleDiagnostic(
        rule,
        at.locator,
        at.path,
        at.target,
        `A conversation that breaks it: ${describePath(path)}.`,
      ),
    );
  };
  const undecided = (rule: PathRule, path: ScenarioPath) => {
    const at = placeOf(path);
    if (!at) return;
    out.diagnostics.push(
      diagnosticFor(
        'rule-undecided',
        `Rule "${rule.id}" is not decided here: the shortest path that would break it asks for conditions that cannot all hold, and the search for another ran past its bound.`,
        at.locator,
        at.path,
        at.target,
        {
          hint: `The path: ${describePath(path)}. Narrow the rule's selectors, or check this way by hand.`,
        },
      ),
    );
  };
  const report = (rule: PathRule, found: { paths: ScenarioPath[]; undecided: ScenarioPath[] }) => {
    // A path from a step no conversation can arrive at breaks nothing.
    for (const path of found.paths)
      if ((rule.form !== 'never' || path.hops.length > 0) && canArrive(path.start))
        broken(rule, path);
    for (const path of found.undecided) if (canArrive(path.start)) undecided(rule, path);
  };

  for (const rule of rules) {
    if (!appliesIn(rule, environment) || rule.form === 'plan') continue;
    if (rule.form === 'require') {
      const steps = stepsOf(scenario, rule.steps);
      if (steps.length === 0) {
        vacuous(rule, `its steps selector (${rule.steps.describe}) selects no step`);
        continue;
      }
      for (const key of steps) {
        const step = scenario.steps.get(key);
        if (!step) continue;
        const result = evaluateCondition(rule.require, { step: stepAsValue(step) });
        if (!result.ok) {
          out.diagnostics.push(
            diagnosticFor(
              'rules-invalid',
              `Rule "${rule.id}": require: ${result.error.message} (step "${key}").`,
              rule.locator,
              [...rule.path, 'require'],
            ),
          );
          break;
        }
        const locator = locators.get(step.origin.file);
        if (!result.value && locator)
          out.diagnostics.push(
            ruleDiagnostic(
              rule,
              locator,
              step.origin.path,
              'key',
              `"${key}" does not satisfy ${rule.require.source}.`,
            ),
          );
      }
      continue;
    }
    if (rule.form === 'every-path') {
      const selected = rule.from ? stepsOf(scenario, rule.from) : entries;
      const sources = reachedOf(selected);
      const to = keySet(scenario, rule.to);
      const passes = keySet(scenario, rule.passes);
      const isTo = (key: string) => to.has(key);
      if (selected.length === 0) vacuous(rule, 'it has no step to start from');
      else if (sources.length === 0 && rule.from)
        vacuous(rule, `no conversation reaches its "from" (${rule.from.describe})`);
      else if (to.size === 0) vacuous(rule, `its "to" (${rule.to.describe}) selects no step`);
      else {
        const found = goalPaths(sources, isTo, (key) => passes.has(key));
        const none = (f: typeof found) => f.paths.length === 0 && f.undecided.length === 0;
        // Vacuous only when it found nothing and no path reaches a "to" step at all.
        if (none(found) && none(goalPaths(sources, isTo)))
          vacuous(rule, `no ${rule.to.describe} can be reached`);
        report(rule, found);
      }
      continue;
    }
    if (rule.form === 'never') {
      const selected = stepsOf(scenario, rule.from);
      const sources = reachedOf(selected);
      const to = keySet(scenario, rule.to);
      if (selected.length === 0)
        vacuous(rule, `its "from" (${rule.from.describe}) selects no step`);
      else if (sources.length === 0)
        vacuous(rule, `no conversation reaches its "from" (${rule.from.describe})`);
      else if (to.size === 0) vacuous(rule, `its "to" (${rule.to.describe}) selects no step`);
      else
        report(
          rule,
          goalPaths(sources, (key) => to.has(key)),
        );
      continue;
    }
    const selected = stepsOf(scenario, rule.from);
    const starts = reachedOf(selected);
    const targets = keySet(scenario, rule.reaches);
    if (selected.length === 0) vacuous(rule, `its "from" (${rule.from.describe}) selects no step`);
    else if (starts.length === 0)
      vacuous(rule, `no conversation reaches its "from" (${rule.from.describe})`);
    else if (targets.size === 0)
      vacuous(rule, `its "reaches" (${rule.reaches.describe}) selects no step`);
    else
      for (const start of starts)
        report(
          rule,
          decided((tracked) => {
            const missing = pathMissing(
              start,
              next,
              (key) => targets.has(key),
              rule.within,
              tracked?.tracker,
              budget,
              tracked?.arrivals,
            );
            return { found: missing.found ? [missing.found] : [], gaveUp: missing.gaveUp };
          }),
        );
  }
  return out;
}

/** The keys a selector selects, decided once per rule. */
function keySet(scenario: Scenario, selector: StepSelector): Set<string> {
  return new Set(stepsOf(scenario, selector));
}

function ruleDiagnostic(
  rule: Rule,
  locator: SourceLocator,
  path: readonly (string | number)[],
  target: 'key' | 'value',
  hint: string,
): Diagnostic {
  const d = diagnosticFor(
    'rule-violation',
    `${rule.message} (rule ${rule.id})`,
    locator,
    path,
    target,
    {
      severity: rule.severity,
      hint,
    },
  );
  const at = rule.locator.locate(rule.path, 'value');
  d.related = [{ file: rule.file, line: at.line, column: at.column, message: `rule ${rule.id}` }];
  d.rule = { id: rule.id, message: rule.message };
  return d;
}
