// testgen/: conversation tests written from the scenario — `botform test generate` and team
// rules' counterexamples. Owns the exploration of conversations on the runtime (explore.ts), the
// search for journeys that walk every transition (search.ts), following one path with a real
// conversation (follow.ts), a rule violation as a test (counterexample.ts) and their rendering
// as test files (emit.ts). The condition solver is solve/'s.
// Pure: the scenario in, file texts and findings out; the CLI writes them.
import { parse } from 'yaml';
import { runTest } from '../conversations/run.js';
import { testCases } from '../conversations/load.js';
import type { TestResult } from '../conversations/types.js';
import { diagnosticFor } from '../diagnostics/make.js';
import type { Diagnostic, SourceLocator } from '../diagnostics/types.js';
import { transitionsOf } from '../graph/transitions.js';
import { lazyYamlLocator } from '../load/yaml-locator.js';
import type { Scenario } from '../model/scenario.js';
import { transitionId } from '../runtime/index.js';
import { schemaValidator } from '../validate/schemas.js';
import { renderFile, testsOf } from './emit.js';
import { analyzeFeasibility } from '../solve/feasibility.js';
import { DEFAULT_LIMITS, type SearchLimits } from './explore.js';
import { searchJourneys, type Journey } from './search.js';

export { GENERATED_MARK } from './emit.js';

interface NotGenerated {
  id: string;
  file: string;
  line: number;
  column: number;
  reason: string;
}

export interface Generation {
  /** File name (relative to the output folder) → text. */
  files: Map<string, string>;
  tests: number;
  /** No suite can have fewer tests than this (see lowerBound). */
  lowerBound: number;
  total: number;
  feasible: number;
  walked: number;
  /** transition-infeasible diagnostics, at the transitions. */
  infeasible: Diagnostic[];
  notGenerated: NotGenerated[];
  /** Generated tests that do not pass on the runtime (a fault of the generator; expected none). */
  failing: TestResult[];
}

export function generateTests(
  scenario: Scenario,
  locators: ReadonlyMap<string, SourceLocator>,
  from: string,
  limits: SearchLimits = DEFAULT_LIMITS,
): Generation {
  const feasibility = analyzeFeasibility(scenario);
  const outcome = searchJourneys(scenario, feasibility, limits);
  const generated = testsOf(scenario, outcome.journeys);
  const files = new Map<string, string>();
  const failing: TestResult[] = [];
  const validate = schemaValidator('test.schema.json');
  for (const file of generated) {
    const text = renderFile(file, from);
    files.set(file.name, text);
    const value: unknown = parse(text);
    if (!validate(value))
      throw new Error(
        `a generated test file does not match the test schema: ${JSON.stringify(validate.errors)}`,
      );
    const locator = lazyYamlLocator(file.name, text);
    for (const test of testCases(file.name, value)) {
      const result = runTest({ ...test, line: 1, column: 1 }, scenario, locator);
      if (result.status !== 'passed') failing.push(result);
    }
  }
  const infeasible: Diagnostic[] = [];
  const notGenerated: NotGenerated[] = [];
  let total = 0;
  const place = (file: string, path: readonly (string | number)[]) =>
    locators.get(file)?.locate([...path], 'value') ?? {
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
    };
  for (const step of scenario.steps.values())
    for (const t of transitionsOf(step)) {
      total++;
      const id = transitionId(step.key, t.kind, t.index);
      const proof = feasibility.infeasible.get(id);
      const locator = locators.get(step.origin.file);
      if (proof) {
        if (locator)
          infeasible.push(
            diagnosticFor(
              'transition-infeasible',
              `No conversation can walk ${id} → ${t.target}: ${proof.reason}.`,
              locator,
              t.path,
            ),
          );
        continue;
      }
      if (outcome.covered.has(id)) continue;
      const guard = feasibility.guards.get(id);
      const reason = outcome.exhausted
        ? `the search stopped at its bound of ${limits.turnRuns} turns`
        : guard?.unsolved !== undefined
          ? `its condition is not solved (${guard.unsolved}); the values the generator tries do not take it`
          : !outcome.reached.has(step.key)
            ? `no journey the generator tried reaches step "${step.key}"`
            : `step "${step.key}" is reached, but no input or fixture the generator tries takes it`;
      const at = place(step.origin.file, t.path);
      notGenerated.push({
        id: `${id} → ${t.target}`,
        file: step.origin.file,
        line: at.line,
        column: at.column,
        reason,
      });
    }
  const tests = generated.reduce((n, f) => n + f.tests.length, 0);
  return {
    files,
    tests,
    lowerBound: lowerBound(scenario, outcome.journeys),
    total,
    feasible: total - infeasible.length,
    walked: outcome.covered.size,
    infeasible,
    notGenerated,
    failing,
  };
}

/**
 * Fewer tests than this cannot walk what the suite walks. Two transitions are incompatible when
 * one conversation cannot walk both: neither's source can be reached from the other's target in
 * the scenario's graph (conditions ignored, so reachability is over-estimated, never under), or
 * both leave a step whose way out a test fixes once (an operation's stubbed answer, a forced
 * variant, whether an operator comes to a hand-off). Each test walks at most one transition of a
 * set of pairwise incompatible ones, so the size of any such set, found greedily, is a bound.
 */
function lowerBound(scenario: Scenario, journeys: readonly Journey[]): number {
  const walked = new Map<string, { from: string; to: string; kind: string }>();
  const fixed = new Set<string>();
  for (const j of journeys) {
    for (const n of j.nodes)
      for (const t of n.result.transitions)
        walked.set(t.id, { from: t.from, to: t.to, kind: t.kind });
    const last = j.nodes[j.nodes.length - 1];
    for (const decision of Object.keys(last?.fixtures.choices ?? {}))
      if (decision.includes(':')) fixed.add(decision.slice(decision.indexOf(':') + 1));
  }
  for (const step of scenario.steps.values())
    if (transitionsOf(step).some((t) => t.kind === 'no_operator')) fixed.add(step.key);
  const reachCache = new Map<string, Set<string>>();
  const reachable = (from: string): Set<string> => {
    let seen = reachCache.get(from);
    if (seen) return seen;
    seen = new Set([from]);
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
      const step = scenario.steps.get(queue[i] as string);
      if (!step) continue;
      for (const t of transitionsOf(step))
        if (!seen.has(t.target)) {
          seen.add(t.target);
          queue.push(t.target);
        }
    }
    reachCache.set(from, seen);
    return seen;
  };
  const compatible = (a: { from: string; to: string }, b: { from: string; to: string }) => {
    if (a.from === b.from && fixed.has(a.from)) return false;
    return reachable(a.to).has(b.from) || reachable(b.to).has(a.from);
  };
  // Those compatible with the fewest others first: a larger set, so a tighter bound.
  const candidates = [...walked.values()]
    .slice(0, MAX_BOUND_CANDIDATES)
    .map((t, i, all) => ({ t, i, n: all.filter((o) => o !== t && compatible(o, t)).length }))
    .sort((a, b) => a.n - b.n || a.i - b.i)
    .map((c) => c.t);
  const chosen: { from: string; to: string }[] = [];
  for (const t of candidates) if (chosen.every((c) => !compatible(c, t))) chosen.push(t);
  return Math.max(journeys.length > 0 ? 1 : 0, chosen.length);
}

/** Transitions the bound looks at (each costs a walk of the graph). */
const MAX_BOUND_CANDIDATES = 500;
