// What every graph check receives: the scenario, its transitions, the steps each step leads to,
// the graph of automatic transitions between steps that do not wait (graphlib), and a way to
// report at a source place. The whole graph is not copied into graphlib: its per-edge
// bookkeeping cost ~10 µs an edge (2.2 s for the 200,000 buttons of a 50,000-step shop, more
// than parsing the files), and the checks only ever asked it for successors, which the
// transition lists already are. See docs/architecture.md, "The graph at scale keeps transitions".
import { Graph } from '@dagrejs/graphlib';
import type { Code } from '../diagnostics/codes.js';
import { diagnosticAt, type Extras } from '../diagnostics/make.js';
import type { Diagnostic, DocPath, PathTarget, SourceLocator } from '../diagnostics/types.js';
import type { Scenario } from '../model/scenario.js';
import { transitionsOf, waitsForUser, type Transition } from './transitions.js';

export interface GraphContext {
  scenario: Scenario;
  /** Keys that exist, including steps too broken to check. */
  knownKeys: ReadonlySet<string>;
  /** Steps with schema errors: checks that would only echo those errors skip them. */
  unchecked: ReadonlySet<string>;
  transitions: ReadonlyMap<string, Transition[]>;
  /** The existing steps a step leads to (possibly repeated): the whole graph's edges. Undefined for a key that is not a step. */
  successors(key: string): readonly string[] | undefined;
  /** Automatic transitions between steps that do not wait for the user. */
  automatic: Graph;
  channels: readonly string[];
  report(
    code: Code,
    message: string,
    file: string,
    path: DocPath,
    target?: PathTarget,
    extras?: Extras,
  ): Diagnostic;
}

export function buildGraphContext(
  scenario: Scenario,
  knownKeys: ReadonlySet<string>,
  unchecked: ReadonlySet<string>,
  locators: ReadonlyMap<string, SourceLocator>,
  channels: readonly string[],
): GraphContext {
  const automatic = new Graph({ directed: true });
  const transitions = new Map<string, Transition[]>();
  const successors = new Map<string, string[]>();
  const waits = new Map<string, boolean>();
  for (const [key, step] of scenario.steps) {
    const stepWaits = waitsForUser(step);
    waits.set(key, stepWaits);
    if (!stepWaits) automatic.setNode(key);
  }
  for (const [key, step] of scenario.steps) {
    const list = transitionsOf(step, waits.get(key) === true);
    transitions.set(key, list);
    const targets: string[] = [];
    for (const t of list) {
      if (!scenario.steps.has(t.target)) continue;
      targets.push(t.target);
      if (t.automatic && waits.get(key) === false && waits.get(t.target) === false)
        automatic.setEdge(key, t.target);
    }
    successors.set(key, targets);
  }
  return {
    scenario,
    knownKeys,
    unchecked,
    transitions,
    successors: (key) => successors.get(key),
    automatic,
    channels,
    report(code, message, file, path, target = 'value', extras = {}) {
      const locator = locators.get(file);
      const range = locator
        ? locator.locate(path, target)
        : { line: 1, column: 1, endLine: 1, endColumn: 1 };
      return diagnosticAt(code, message, file, range, path, extras);
    },
  };
}
