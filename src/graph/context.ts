// What every graph check receives: the scenario, its graphs (all transitions, and only the
// automatic ones between steps that do not wait), and a way to report at a source place.
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
  /** Every transition to an existing step. */
  graph: Graph;
  /** Automatic transitions between steps that do not wait for the user. */
  automatic: Graph;
  channels: readonly string[];
  report(code: Code, message: string, file: string, path: DocPath, target?: PathTarget, extras?: Extras): Diagnostic;
}

export function buildGraphContext(
  scenario: Scenario,
  knownKeys: ReadonlySet<string>,
  unchecked: ReadonlySet<string>,
  locators: ReadonlyMap<string, SourceLocator>,
  channels: readonly string[],
): GraphContext {
  const graph = new Graph({ directed: true });
  const automatic = new Graph({ directed: true });
  const transitions = new Map<string, Transition[]>();
  const waits = new Map<string, boolean>();
  for (const [key, step] of scenario.steps) {
    graph.setNode(key);
    waits.set(key, waitsForUser(step));
    if (!waitsForUser(step)) automatic.setNode(key);
  }
  for (const [key, step] of scenario.steps) {
    const list = transitionsOf(step);
    transitions.set(key, list);
    for (const t of list) {
      if (!scenario.steps.has(t.target)) continue;
      graph.setEdge(key, t.target);
      if (t.automatic && waits.get(key) === false && waits.get(t.target) === false) automatic.setEdge(key, t.target);
    }
  }
  return {
    scenario,
    knownKeys,
    unchecked,
    transitions,
    graph,
    automatic,
    channels,
    report(code, message, file, path, target = 'value', extras = {}) {
      const locator = locators.get(file);
      const range = locator ? locator.locate(path, target) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
      return diagnosticAt(code, message, file, range, path, extras);
    },
  };
}
