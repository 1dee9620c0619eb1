// A violation of a team rule as a conversation test (tests/*.test.yaml format): the inputs and
// fixtures (start variables, operation stubs, forced variants, an operator) under which the
// runtime walks the violating path, found by following the path on the runtime itself, so the
// conditions along it are decided by what the conversation really answered. The test checks the
// step the bot waits at after each turn and ends with the rule's demand — `not_entered` the step
// where the path breaks the rule — so it fails now, and a fix that keeps the rule changes it.
// Each test is run once here: one that does not fail exactly at its last turn is not written.
// A path that starts inside the scenario (a rule's `from`) is reached by whatever conversation
// the search finds from the start or an entry, through the transition the selector names
// (`{transition: on_error}`).
import { parse } from 'yaml';
import { testCases } from '../conversations/load.js';
import { runTest } from '../conversations/run.js';
import { lazyYamlLocator } from '../load/yaml-locator.js';
import { conversationStarts, type Scenario } from '../model/scenario.js';
import { describePath, type Violation } from '../rules/index.js';
import { transitionId } from '../runtime/index.js';
import { analyzeFeasibility } from '../solve/feasibility.js';
import { botTurnOf, fixturesOf, renderTests, userTurnOf } from './emit.js';
import { explorer, type Explorer, type Node } from './explore.js';
import { followPath } from './follow.js';

interface CounterexampleTest {
  name: string;
  turns: Record<string, unknown>[];
  [fixture: string]: unknown;
}

export type Counterexample = { ok: true; test: CounterexampleTest } | { ok: false; why: string };

export const COUNTEREXAMPLE_HEADER =
  '# Counterexamples of team rules, written by botform validate --counterexamples.\n# Each replays a conversation that breaks a rule and expects what the rule asks: it fails\n# until the scenario keeps the rule. Written again on every run; do not edit.\n';

/** One counterexample per violation, in order; the explorer is shared by all of them. */
export function counterexampleTests(
  violations: readonly Violation[],
  scenario: Scenario,
): Counterexample[] {
  if (violations.length === 0) return [];
  const ex = explorer(scenario, analyzeFeasibility(scenario));
  return violations.map((v) => counterexampleOf(v, scenario, ex));
}

function counterexampleOf(violation: Violation, scenario: Scenario, ex: Explorer): Counterexample {
  const { rule, path } = violation;
  const entries = conversationStarts(scenario);
  const via = rule.form !== 'every-path' ? rule.from.enteredBy : rule.from?.enteredBy;
  const ids = path.hops.map((h) => transitionId(h.from, h.kind, h.transition.index));
  const followed = followPath(ex, { entries, from: path.start, ...(via ? { via } : {}), ids });
  if (!followed.ok)
    return {
      ok: false,
      why: followed.exhausted
        ? `botform tried ${followed.tried} conversations and none took this path within its bound`
        : `no conversation botform can build takes this path${
            via ? ` after arriving at "${path.start}" by ${via.replace('_', ' ')}` : ''
          }: its conditions ask for answers that the inputs tried do not give (they may be impossible together)`,
    };
  const breaks = path.hops.at(-1)?.to ?? path.start;
  const test = testOf(violation, scenario, followed.nodes, breaks, via);
  const failure = replay(test, scenario);
  return failure === undefined ? { ok: true, test } : { ok: false, why: failure };
}

function testOf(
  violation: Violation,
  scenario: Scenario,
  nodes: readonly Node[],
  breaks: string,
  via: string | undefined,
): CounterexampleTest {
  const first = nodes[0] as Node;
  const { path } = violation;
  // The way to the path's first step is the search's; the name shows the path itself.
  const lead =
    first.start === path.start && via === undefined
      ? ''
      : `${first.start} → … → ${via ? `(${via.replace('_', ' ')}) → ` : ''}`;
  const last = nodes[nodes.length - 1] as Node;
  const turns: Record<string, unknown>[] = [];
  nodes.forEach((node, i) => {
    if (i > 0 && node.input) turns.push(userTurnOf(node.input));
    turns.push({
      bot: node === last ? { not_entered: breaks } : { step: botTurnOf(node.result).step },
    });
  });
  return {
    name: `${violation.rule.id}: ${lead}${describePath(path)}`,
    ...fixturesOf(scenario, first.start, last.fixtures),
    turns,
  };
}

/** Why the test does not fail exactly at its last check, or undefined when it does. */
function replay(test: CounterexampleTest, scenario: Scenario): string | undefined {
  const text = renderTests([test]);
  const [spec] = testCases('counterexample.test.yaml', parse(text));
  if (!spec) return 'the test could not be read back';
  const result = runTest(
    { ...spec, line: 1, column: 1 },
    scenario,
    lazyYamlLocator('counterexample.test.yaml', text),
  );
  if (result.status === 'passed') return 'replayed, the conversation does not break the rule';
  if ((result.notRun ?? 0) > 0 || result.failures.length === 0)
    return `replayed, it stops before the violation: ${result.failures[0]?.message ?? result.status}`;
  return undefined;
}

/** A rule's counterexamples as one test file, each turn on one line as `test generate` writes. */
export function counterexampleFile(tests: readonly Counterexample[]): string {
  return `${COUNTEREXAMPLE_HEADER}${renderTests(tests.flatMap((t) => (t.ok ? [t.test] : [])))}`;
}
