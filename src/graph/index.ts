// graph/: the scenario as a graph (@dagrejs/graphlib) and the checks that need it — references,
// reachability, dead ends, endless automatic loops, per-step type rules, messenger limits.
// Checks report document paths; positions are filled in by the file's locator.
import type { Diagnostic, SourceLocator } from '../diagnostics/types.js';
import type { Scenario } from '../model/scenario.js';
import { checkChannelLimits } from './checks/channels.js';
import { checkDanglingTransitions, checkStart } from './checks/references.js';
import { checkDeadEnds, checkEndlessLoops, checkUnreachable } from './checks/structure.js';
import {
  checkButtons,
  checkConditions,
  checkRandomizers,
  checkRenames,
} from './checks/type-rules.js';
import { buildGraphContext, type GraphContext } from './context.js';

const CHECKS: readonly ((ctx: GraphContext) => Diagnostic[])[] = [
  checkStart,
  checkDanglingTransitions,
  checkUnreachable,
  checkDeadEnds,
  checkEndlessLoops,
  checkButtons,
  checkConditions,
  checkRandomizers,
  checkRenames,
  checkChannelLimits,
];

export interface GraphCheckOptions {
  knownKeys?: ReadonlySet<string>;
  unchecked?: ReadonlySet<string>;
  channels?: readonly string[];
}

export function checkScenarioGraph(
  scenario: Scenario,
  locators: ReadonlyMap<string, SourceLocator>,
  options: GraphCheckOptions = {},
): Diagnostic[] {
  const knownKeys = options.knownKeys ?? new Set(scenario.steps.keys());
  const ctx = buildGraphContext(
    scenario,
    knownKeys,
    options.unchecked ?? new Set(),
    locators,
    options.channels ?? [],
  );
  return CHECKS.flatMap((check) => check(ctx));
}
